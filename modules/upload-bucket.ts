import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { attachInlinePolicy, policyDocument, PolicyStatement, PRINCIPAL_TAG_SUB, renderPolicy, RoleRef } from "./iam";
import { requireIntegerInRange, requireKeyPrefix, requireMatch, requireOrigins } from "./validation";

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

/** What other constructs need to know about the upload bucket. */
export interface UploadBucketRef {
  /** Name of the bucket. */
  readonly bucketName: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** Prefix browsers upload into (ends in `/`). */
  readonly uploadPrefix: string;
  /** Prefix of the permanent images (ends in `/`). */
  readonly imagePrefix: string;
}

const OWNER = "UploadBucket";
/** Incomplete multipart uploads anywhere in the bucket are aborted after this many days. */
const ABORT_MULTIPART_AFTER_DAYS = 1;

/**
 * A private, encrypted, TLS-only bucket with a self-cleaning upload prefix (`tmp/<sub>/`) and a
 * permanent prefix (`images/<sub>/`), and grants that give each party exactly what the upload flow needs.
 */
export class UploadBucket extends Construct implements UploadBucketRef {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly uploadPrefix: string;
  public readonly imagePrefix: string;
  /** Origins the CORS rule allows (empty when none). */
  public readonly allowedOrigins: string[];
  private readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: UploadBucketProps = {}) {
    super(scope, id);
    this.uploadPrefix = props.uploadPrefix ?? "tmp/";
    this.imagePrefix = props.imagePrefix ?? "images/";
    this.kmsKeyArn = props.kmsKeyArn;
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
        this.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.kmsKeyArn }, bucketKeyEnabled: true }
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

  /** Lets `role` upload into its own `<uploadPrefix><sub>/` folder and nothing else. */
  public grantUserUploads(role: RoleRef): void {
    attachInlinePolicy(this, "user-uploads-policy", role, "upload-to-own-folder", policyDocument(
      {
        Sid: "UploadIntoOwnFolder",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: `${this.bucketArn}/${this.uploadPrefix}${PRINCIPAL_TAG_SUB}/*`,
      },
      // Multipart uploads to an SSE-KMS bucket need Decrypt as well (S3 reads the data key back per part).
      ...this.kmsStatements(["kms:GenerateDataKey", "kms:Decrypt"]),
    ));
  }

  /** Lets `role` read its own `<imagePrefix><sub>/` folder. */
  public grantUserReads(role: RoleRef): void {
    attachInlinePolicy(this, "user-reads-policy", role, "read-own-images", policyDocument(
      {
        Sid: "ReadOwnImages",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${this.bucketArn}/${this.imagePrefix}${PRINCIPAL_TAG_SUB}/*`,
      },
      ...this.kmsStatements(["kms:Decrypt"]),
    ));
  }

  /**
   * Lets `role` move uploads to the image prefix: read and delete under the upload prefix, write
   * under the image prefix (a server-side copy needs read on the source and write on the
   * destination), read back under the image prefix (the mover checks a copy, or a move already
   * done, with HeadObject), and list those two prefixes so that a missing key answers 404 rather
   * than 403. Nothing may delete an image.
   */
  public grantMove(role: RoleRef): void {
    attachInlinePolicy(this, "move-policy", role, "move-uploads", policyDocument(
      {
        Sid: "ReadAndRemoveUploads",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:DeleteObject"],
        Resource: `${this.bucketArn}/${this.uploadPrefix}*`,
      },
      {
        Sid: "WriteAndVerifyImages",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"],
        Resource: `${this.bucketArn}/${this.imagePrefix}*`,
      },
      {
        Sid: "ListUploadAndImagePrefixes",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: this.bucketArn,
        Condition: { StringLike: { "s3:prefix": [`${this.uploadPrefix}*`, `${this.imagePrefix}*`] } },
      },
      ...this.kmsStatements(["kms:Decrypt", "kms:GenerateDataKey"]),
    ));
  }

  /** KMS use through S3 in the bucket's region only, so the grant is no direct handle on a possibly shared key. */
  private kmsStatements(actions: string[]): PolicyStatement[] {
    if (!this.kmsKeyArn) return [];
    return [{
      Sid: "UseBucketKey",
      Effect: "Allow",
      Action: actions,
      Resource: this.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${this.bucket.region}.amazonaws.com` } },
    }];
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

  private validate(props: UploadBucketProps, expirationDays: number, bucketNamePrefix: string): void {
    requireKeyPrefix(OWNER, "uploadPrefix", this.uploadPrefix);
    requireKeyPrefix(OWNER, "imagePrefix", this.imagePrefix);
    if (!Token.isUnresolved(this.uploadPrefix) && !Token.isUnresolved(this.imagePrefix) &&
        (this.uploadPrefix.startsWith(this.imagePrefix) || this.imagePrefix.startsWith(this.uploadPrefix))) {
      throw new Error(
        `${OWNER}: uploadPrefix and imagePrefix must not contain one another (expiry would delete images), ` +
          `got "${this.uploadPrefix}" and "${this.imagePrefix}"`,
      );
    }
    requireIntegerInRange(OWNER, "uploadExpirationDays", expirationDays, 1, 365, "days");
    if (props.bucketName !== undefined) {
      requireMatch(OWNER, "bucketName", props.bucketName, /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit");
    } else {
      requireMatch(OWNER, "bucketNamePrefix", bucketNamePrefix, /^[a-z0-9][a-z0-9.-]{2,36}$/,
        "3–37 lowercase letters, digits, dots and hyphens, starting with a letter or digit");
    }
    if (props.allowAnyOrigin && this.allowedOrigins.length > 0) {
      throw new Error(`${OWNER}: set either allowAnyOrigin or allowedOrigins, not both`);
    }
    if (this.allowedOrigins.includes("*")) {
      throw new Error(`${OWNER}: allowedOrigins must not contain "*"; set allowAnyOrigin: true if every origin really may upload`);
    }
    requireOrigins(OWNER, "allowedOrigins", this.allowedOrigins);
  }
}
