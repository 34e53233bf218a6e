import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Token } from "cdktf";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { Construct } from "constructs";
import { policyDocument, renderPolicy } from "../private/iam";
import { UploadGrants } from "./private/upload-grants";
import { UploadBucketBase } from "./upload-bucket-base";
import {
  BUCKET_NAME,
  BUCKET_NAME_PREFIX,
  KEY_PREFIX,
  KMS_KEY_ARN,
  ORIGIN,
  UPLOAD_EXPIRATION_DAYS,
} from "../private/limits";
import { fail, requireEach, requireLimit } from "../private/validation";

/** Properties of {@link UploadBucket}. */
export interface UploadBucketProps {
  /** Exact bucket name (globally unique). @default - a unique name starting with `bucketNamePrefix` */
  readonly bucketName?: string;
  /** Start of the generated bucket name when `bucketName` is not set (3–37 characters). @default "image-uploads-" */
  readonly bucketNamePrefix?: string;
  /** Prefix browsers upload into, one folder per user; S3 deletes what stays there too long. @default "tmp/" */
  readonly uploadPrefix?: string;
  /** Prefix where verified images are kept, one folder per user. @default "images/" */
  readonly imagePrefix?: string;
  /** Days an upload may wait in the upload prefix before S3 deletes it (1–365). @default 1 */
  readonly uploadExpirationDays?: number;
  /** Origins allowed to upload from a browser, e.g. `https://app.example.com`. @default - no CORS rule: browsers cannot upload */
  readonly allowedOrigins?: string[];
  /**
   * Let a browser on any origin call the bucket (CORS `*`). Unsafe: any web page can then use a
   * signed-in user's credentials against the bucket. Only for throwaway environments.
   * @default false
   */
  readonly allowAnyOrigin?: boolean;
  /** ARN of a KMS key for server-side encryption. @default - SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Keep object versions; noncurrent versions under the upload prefix expire with it. @default false */
  readonly versioned?: boolean;
  /** Let `terraform destroy` delete a bucket that still holds objects. Unsafe: images are lost. @default false */
  readonly forceDestroy?: boolean;
  /** Tags for the bucket. @default - none */
  readonly tags?: Record<string, string>;
}

/** Incomplete multipart uploads anywhere in the bucket are aborted after this many days. */
const ABORT_MULTIPART_AFTER_DAYS = 1;

/**
 * A private, encrypted, TLS-only bucket with a self-cleaning upload prefix (`tmp/<sub>/`) and a
 * permanent prefix (`images/<sub>/`), and grants that give each party exactly what the upload flow needs.
 */
export class UploadBucket extends UploadBucketBase {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly uploadPrefix: string;
  public readonly imagePrefix: string;
  /** Origins the CORS rule allows (empty when none). */
  public readonly allowedOrigins: string[];
  protected readonly grants: UploadGrants;
  private eventBridgeNotification?: S3BucketNotification;

  constructor(scope: Construct, id: string, props: UploadBucketProps = {}) {
    super(scope, id);
    this.uploadPrefix = props.uploadPrefix ?? "tmp/";
    this.imagePrefix = props.imagePrefix ?? "images/";
    const expirationDays = props.uploadExpirationDays ?? 1;
    const bucketNamePrefix = props.bucketNamePrefix ?? "image-uploads-";
    this.allowedOrigins = props.allowedOrigins ?? [];
    this.validate(props, expirationDays, bucketNamePrefix);

    this.bucket = new S3Bucket(this, "bucket", {
      ...(props.bucketName ? { bucket: props.bucketName } : { bucketPrefix: bucketNamePrefix }),
      forceDestroy: props.forceDestroy === true,
      tags: props.tags,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.grants = new UploadGrants({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      uploadPrefix: this.uploadPrefix,
      imagePrefix: this.imagePrefix,
      kmsKeyArn: props.kmsKeyArn,
      region: this.bucket.region,
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    if (props.versioned) {
      new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      });
    }

    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: this.lifecycleRules(expirationDays, props.versioned === true),
    });

    const origins = props.allowAnyOrigin ? ["*"] : this.allowedOrigins;
    if (origins.length > 0) {
      new S3BucketCorsConfiguration(this, "cors", {
        bucket: this.bucket.id,
        corsRule: [
          {
            allowedOrigins: origins,
            allowedMethods: ["PUT", "POST", "GET", "HEAD"],
            // The SDK signs with x-amz-* and checksum headers that vary by version and upload kind.
            allowedHeaders: ["*"],
            // Multipart uploads need each part's ETag to complete the upload.
            exposeHeaders: ["ETag"],
            maxAgeSeconds: 3000,
          },
        ],
      });
    }

    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: renderPolicy(
        policyDocument({
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucketArn, `${this.bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      ),
      // S3 refuses bucket policies while the public access block is being applied.
      dependsOn: [publicAccessBlock],
    });
  }

  private lifecycleRules(expirationDays: number, versioned: boolean): S3BucketLifecycleConfigurationRule[] {
    return [
      {
        id: "expire-uploads",
        status: "Enabled",
        filter: [{ prefix: this.uploadPrefix }],
        expiration: [{ days: expirationDays }],
        ...(versioned ? { noncurrentVersionExpiration: [{ noncurrentDays: 1 }] } : {}),
      },
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS }],
      },
    ];
  }

  /**
   * Sends every event of the bucket to EventBridge's default bus (once; later calls return the same
   * resource). A bucket has one notification configuration: with EventBridge on, each consumer, this
   * library's and the estate's, subscribes with a rule of its own instead of competing for it.
   */
  public sendEventsToEventBridge(): S3BucketNotification {
    this.eventBridgeNotification ??= new S3BucketNotification(this, "eventbridge-notification", {
      bucket: this.bucket.id,
      eventbridge: true,
    });
    return this.eventBridgeNotification;
  }

  private validate(props: UploadBucketProps, expirationDays: number, bucketNamePrefix: string): void {
    requireLimit(this, "uploadPrefix", this.uploadPrefix, KEY_PREFIX);
    requireLimit(this, "imagePrefix", this.imagePrefix, KEY_PREFIX);
    if (
      !Token.isUnresolved(this.uploadPrefix) &&
      !Token.isUnresolved(this.imagePrefix) &&
      (this.uploadPrefix.startsWith(this.imagePrefix) || this.imagePrefix.startsWith(this.uploadPrefix))
    ) {
      fail(
        this,
        "uploadPrefix and imagePrefix",
        `must not contain one another (expiry would delete images), got "${this.uploadPrefix}" and "${this.imagePrefix}"`,
      );
    }
    requireLimit(this, "uploadExpirationDays", expirationDays, UPLOAD_EXPIRATION_DAYS);
    if (props.bucketName !== undefined) {
      requireLimit(this, "bucketName", props.bucketName, BUCKET_NAME);
    } else {
      requireLimit(this, "bucketNamePrefix", bucketNamePrefix, BUCKET_NAME_PREFIX);
    }
    if (props.kmsKeyArn !== undefined) requireLimit(this, "kmsKeyArn", props.kmsKeyArn, KMS_KEY_ARN);
    if (props.allowAnyOrigin && this.allowedOrigins.length > 0) {
      fail(
        this,
        "allowAnyOrigin",
        "must not be set with allowedOrigins: set either allowAnyOrigin or allowedOrigins, not both",
      );
    }
    if (this.allowedOrigins.includes("*")) {
      fail(this, "allowedOrigins", 'must not contain "*"; set allowAnyOrigin: true if every origin really may upload');
    }
    requireEach(this, "allowedOrigins", this.allowedOrigins, ORIGIN);
  }
}
