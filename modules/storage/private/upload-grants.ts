import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import {
  attachInlinePolicy,
  freeId,
  freePolicyName,
  PolicyDocument,
  policyDocument,
  PolicyStatement,
  PRINCIPAL_TAG_SUB,
  RoleRef,
} from "../../private/iam";
import type { UploadBucketRef } from "../upload-bucket-base";

/** Properties of {@link UploadGrants}. */
export interface UploadGrantsProps extends UploadBucketRef {
  /** KMS key the bucket encrypts with. @default - none: SSE-S3 needs no KMS grant */
  readonly kmsKeyArn?: string;
  /** Region of the bucket, to allow KMS only through S3 there. */
  readonly region: string;
}

/** The condition key S3 fills from a request's `x-amz-storage-class` header. */
const STORAGE_CLASS_KEY = "s3:x-amz-storage-class";
/** The only storage class a browser upload may ask for: no minimum storage duration, so the upload prefix's expiry ends its cost. */
const USER_UPLOAD_STORAGE_CLASS = "STANDARD";

/**
 * The IAM policies of the upload flow for one bucket: one literal JSON policy per grant and role.
 * Each grant may be given to any number of roles; the first of each kind keeps the construct id it
 * has always had (so existing resource addresses stay), later ones get `-2`, `-3`, …. Granting a
 * role what it already has returns the policy created the first time.
 */
export class UploadGrants {
  /** The policies created so far, by grant and role name. */
  private readonly granted = new Map<string, IamRolePolicy>();

  constructor(private readonly props: UploadGrantsProps) {}

  /**
   * Lets `role` upload into its own `<uploadPrefix><sub>/` folder and nothing else, in the
   * STANDARD storage class only: an upload without the header is stored as STANDARD and passes;
   * one that asks for another class (GLACIER, DEEP_ARCHIVE, STANDARD_IA, …, billed for 30 to 180
   * days although the upload prefix expires sooner) is refused. CreateMultipartUpload is authorised
   * as s3:PutObject and carries the header, so multipart uploads are held to the same class.
   */
  public grantUserUploads(scope: Construct, role: RoleRef): IamRolePolicy {
    const { bucketArn, uploadPrefix } = this.props;
    return this.grant(
      scope,
      "user-uploads-policy",
      role,
      "upload-to-own-folder",
      policyDocument(
        {
          Sid: "UploadIntoOwnFolder",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
          Resource: `${bucketArn}/${uploadPrefix}${PRINCIPAL_TAG_SUB}/*`,
          Condition: { StringEqualsIfExists: { [STORAGE_CLASS_KEY]: USER_UPLOAD_STORAGE_CLASS } },
        },
        // Multipart uploads to an SSE-KMS bucket need Decrypt as well (S3 reads the data key back per part).
        ...this.kmsStatements(["kms:GenerateDataKey", "kms:Decrypt"]),
      ),
    );
  }

  /** Lets `role` read its own `<imagePrefix><sub>/` folder. */
  public grantUserReads(scope: Construct, role: RoleRef): IamRolePolicy {
    const { bucketArn, imagePrefix } = this.props;
    return this.grant(
      scope,
      "user-reads-policy",
      role,
      "read-own-images",
      policyDocument(
        {
          Sid: "ReadOwnImages",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `${bucketArn}/${imagePrefix}${PRINCIPAL_TAG_SUB}/*`,
        },
        ...this.kmsStatements(["kms:Decrypt"]),
      ),
    );
  }

  /**
   * Lets `role` move uploads to the image prefix: read and delete under the upload prefix, write
   * under the image prefix (a server-side copy needs read on the source and write on the
   * destination), read back under the image prefix (the mover checks a copy, or a move already
   * done, with HeadObject), and list those two prefixes so that a missing key answers 404 rather
   * than 403. Nothing may delete an image.
   */
  public grantMove(scope: Construct, role: RoleRef): IamRolePolicy {
    const { bucketArn, uploadPrefix, imagePrefix } = this.props;
    return this.grant(
      scope,
      "move-policy",
      role,
      "move-uploads",
      policyDocument(
        {
          Sid: "ReadAndRemoveUploads",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:DeleteObject"],
          Resource: `${bucketArn}/${uploadPrefix}*`,
        },
        {
          Sid: "WriteAndVerifyImages",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"],
          Resource: `${bucketArn}/${imagePrefix}*`,
        },
        {
          Sid: "ListUploadAndImagePrefixes",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: bucketArn,
          Condition: { StringLike: { "s3:prefix": [`${uploadPrefix}*`, `${imagePrefix}*`] } },
        },
        ...this.kmsStatements(["kms:Decrypt", "kms:GenerateDataKey"]),
      ),
    );
  }

  /** Lets `role` list and read every user's images, and nothing under the upload prefix. */
  public grantReadAllImages(scope: Construct, role: RoleRef, id?: string): IamRolePolicy {
    const { bucketArn, imagePrefix } = this.props;
    return this.grant(
      scope,
      "read-all-images-policy",
      role,
      "read-every-image",
      policyDocument(
        { Sid: "ReadEveryImage", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/${imagePrefix}*` },
        {
          Sid: "ListImages",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: bucketArn,
          Condition: { StringLike: { "s3:prefix": [`${imagePrefix}*`] } },
        },
        ...this.kmsStatements(["kms:Decrypt"]),
      ),
      id,
    );
  }

  /**
   * Attaches `document` to `role` unless this grant already gave it to that role. The construct id
   * is `id` when given, else `baseId` with a number after the first; the policy name gets a number
   * only when the role already has a policy of that name (from another bucket).
   */
  /**
   * Lets `role` delete uploads under the upload prefix, only conditionally (`If-Match` with the
   * ETag it saw: S3 authorises such a delete as s3:DeleteObject plus s3:GetObject), and nothing
   * under the image prefix: what the oversize sweeper needs.
   */
  public grantSweep(scope: Construct, role: RoleRef): IamRolePolicy {
    const { bucketArn, uploadPrefix } = this.props;
    return this.grant(
      scope,
      "sweep-policy",
      role,
      "delete-oversize-uploads",
      policyDocument(
        {
          Sid: "DeleteUploadsConditionally",
          Effect: "Allow",
          Action: "s3:DeleteObject",
          Resource: `${bucketArn}/${uploadPrefix}*`,
          // A delete without If-Match could remove an upload that replaced the one the event reported.
          Condition: { Null: { "s3:if-match": "false" } },
        },
        {
          Sid: "ConditionalDeleteNeedsGet",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `${bucketArn}/${uploadPrefix}*`,
        },
      ),
    );
  }

  /**
   * Lets `role` read the tags of uploads (GuardDuty's scan result) and nothing else: no tag write,
   * which would let it forge a result, and nothing under the image prefix.
   */
  public grantScanResultReads(scope: Construct, role: RoleRef): IamRolePolicy {
    const { bucketArn, uploadPrefix } = this.props;
    return this.grant(
      scope,
      "scan-result-reads-policy",
      role,
      "read-scan-results",
      policyDocument({
        Sid: "ReadUploadScanResults",
        Effect: "Allow",
        Action: "s3:GetObjectTagging",
        Resource: `${bucketArn}/${uploadPrefix}*`,
      }),
    );
  }

  private grant(
    scope: Construct,
    baseId: string,
    role: RoleRef,
    policyName: string,
    document: PolicyDocument,
    id?: string,
  ): IamRolePolicy {
    const key = JSON.stringify([baseId, role.roleName]);
    const existing = this.granted.get(key);
    if (existing) return existing;
    const policy = attachInlinePolicy(
      scope,
      id ?? freeId(scope, baseId),
      role,
      freePolicyName(scope, role, policyName),
      document,
    );
    this.granted.set(key, policy);
    return policy;
  }

  /** KMS use through S3 in the bucket's region only, so the grant is no direct handle on a possibly shared key. */
  private kmsStatements(actions: string[]): PolicyStatement[] {
    if (!this.props.kmsKeyArn) return [];
    return [
      {
        Sid: "UseBucketKey",
        Effect: "Allow",
        Action: actions,
        Resource: this.props.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${this.props.region}.amazonaws.com` } },
      },
    ];
  }
}
