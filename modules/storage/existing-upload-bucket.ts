import { Construct } from "constructs";
import { UploadGrants } from "./private/upload-grants";
import { UploadBucketBase } from "./upload-bucket-base";
import { BUCKET_NAME, KEY_PREFIX, KMS_KEY_ARN, PARTITION, REGION } from "../private/limits";
import { requireLimit } from "../private/validation";

/** Properties of {@link ExistingUploadBucket}. */
export interface ExistingUploadBucketProps {
  /** Name of the bucket the estate already manages. */
  readonly bucketName: string;
  /** Region of the bucket (for the KMS grants' `kms:ViaService`). */
  readonly region: string;
  /** Prefix browsers upload into. @default "tmp/" */
  readonly uploadPrefix?: string;
  /** Prefix of the permanent images. @default "images/" */
  readonly imagePrefix?: string;
  /** KMS key the bucket encrypts with by default. @default - none (SSE-S3) */
  readonly kmsKeyArn?: string;
  /** AWS partition of the bucket's ARN. @default "aws" */
  readonly partition?: string;
}

/**
 * A bucket the estate already manages, used for uploads: only the grants are created here. Its
 * public access block, encryption, TLS-only policy, expiry of the upload prefix and CORS stay the
 * estate's to configure (README, "Bring your own").
 */
export class ExistingUploadBucket extends UploadBucketBase {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly uploadPrefix: string;
  public readonly imagePrefix: string;
  protected readonly grants: UploadGrants;

  constructor(scope: Construct, id: string, props: ExistingUploadBucketProps) {
    super(scope, id);
    requireLimit(this, "bucketName", props.bucketName, BUCKET_NAME);
    requireLimit(this, "region", props.region, REGION);
    if (props.partition !== undefined) requireLimit(this, "partition", props.partition, PARTITION);
    if (props.kmsKeyArn !== undefined) requireLimit(this, "kmsKeyArn", props.kmsKeyArn, KMS_KEY_ARN);
    this.bucketName = props.bucketName;
    this.bucketArn = `arn:${props.partition ?? "aws"}:s3:::${props.bucketName}`;
    this.uploadPrefix = props.uploadPrefix ?? "tmp/";
    this.imagePrefix = props.imagePrefix ?? "images/";
    requireLimit(this, "uploadPrefix", this.uploadPrefix, KEY_PREFIX);
    requireLimit(this, "imagePrefix", this.imagePrefix, KEY_PREFIX);
    this.grants = new UploadGrants({
      ...props,
      bucketArn: this.bucketArn,
      uploadPrefix: this.uploadPrefix,
      imagePrefix: this.imagePrefix,
    });
  }
}
