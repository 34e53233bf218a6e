import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { IdentityPoolWithRoles } from "./identity-pool-with-roles";
import { MoveUploadFunction, MoveUploadFunctionProps } from "./move-upload-function";
import { SecuredApi, SecuredApiProps } from "./secured-api";
import { UploadBucket, UploadBucketProps } from "./upload-bucket";
import { UserPool, UserPoolProps } from "./user-pool";
import { requireMatch } from "./validation";

/** Properties of {@link ImageUploads}. */
export interface ImageUploadsProps {
  /** AWS region the stack deploys to, reported to the frontend. */
  readonly region: string;
  /** Stem of every resource name (lowercase letters, digits, hyphens; 3–32). @default "image-uploads" */
  readonly namePrefix?: string;
  /** Origins of the web app, allowed by the bucket's and the API's CORS rules. @default - none: browsers cannot call */
  readonly allowedOrigins?: string[];
  /** The user pool; `name` defaults to the name prefix. */
  readonly userPool: Omit<UserPoolProps, "name"> & { readonly name?: string };
  /** Give visitors who have not signed in a guest role (with no permissions of its own). Unsafe. @default false */
  readonly allowGuests?: boolean;
  /** Let signed-in users read their own `images/<sub>/` folder with their identity-pool credentials. @default false */
  readonly usersCanReadOwnImages?: boolean;
  /** The upload bucket; CORS origins come from `allowedOrigins`. @default - a private bucket with default prefixes */
  readonly bucket?: Omit<UploadBucketProps, "allowedOrigins">;
  /** The REST API. @default - stage "v1", 50 rps, burst 100 */
  readonly api?: Omit<SecuredApiProps, "name" | "userPoolArn" | "handler" | "allowedOrigins">;
  /** The mover function. @default - nodejs22.x, 256 MB, 30 s, 20 MiB uploads */
  readonly mover?: Omit<MoveUploadFunctionProps, "functionName" | "bucket" | "allowedOrigins">;
  /** Emit the Terraform outputs a frontend needs. @default true */
  readonly outputs?: boolean;
  /** Tags for every taggable resource. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * The whole upload flow: users sign in to a user pool, call the API with their id token, get
 * identity-pool credentials to upload into `tmp/<sub>/`, and the mover puts verified images in
 * `images/<sub>/`.
 */
export class ImageUploads extends Construct {
  public readonly userPool: UserPool;
  public readonly identityPool: IdentityPoolWithRoles;
  public readonly bucket: UploadBucket;
  public readonly mover: MoveUploadFunction;
  public readonly api: SecuredApi;
  /** Base URL of the hosted sign-in domain. */
  public readonly hostedDomainUrl: string;

  constructor(scope: Construct, id: string, props: ImageUploadsProps) {
    super(scope, id);
    const namePrefix = props.namePrefix ?? "image-uploads";
    requireMatch("ImageUploads", "namePrefix", namePrefix, /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/,
      "3–32 lowercase letters, digits and hyphens, starting with a letter");
    const origins = props.allowedOrigins ?? [];

    this.userPool = new UserPool(this, "user-pool", {
      ...props.userPool,
      name: props.userPool.name ?? namePrefix,
      tags: props.userPool.tags ?? props.tags,
    });

    this.identityPool = new IdentityPoolWithRoles(this, "identity-pool", {
      name: namePrefix,
      userPool: this.userPool,
      allowGuests: props.allowGuests,
      tags: props.tags,
    });

    this.bucket = new UploadBucket(this, "bucket", {
      ...props.bucket,
      bucketNamePrefix: props.bucket?.bucketNamePrefix ?? `${namePrefix}-`,
      tags: props.bucket?.tags ?? props.tags,
      allowedOrigins: origins,
    });
    this.bucket.grantUserUploads(this.identityPool.authenticatedRole);
    if (props.usersCanReadOwnImages) this.bucket.grantUserReads(this.identityPool.authenticatedRole);

    this.mover = new MoveUploadFunction(this, "mover", {
      ...props.mover,
      functionName: `${namePrefix}-move-upload`,
      bucket: this.bucket,
      allowedOrigins: origins,
      tags: props.mover?.tags ?? props.tags,
    });
    this.bucket.grantMove(this.mover.role);

    this.api = new SecuredApi(this, "api", {
      ...props.api,
      name: namePrefix,
      userPoolArn: this.userPool.userPoolArn,
      handler: this.mover,
      allowedOrigins: origins,
      tags: props.api?.tags ?? props.tags,
    });

    this.hostedDomainUrl = `https://${this.userPool.domainPrefix}.auth.${props.region}.amazoncognito.com`;

    if (props.outputs !== false) {
      const outputs: Record<string, [string, string]> = {
        region: [props.region, "AWS region of every resource"],
        userPoolId: [this.userPool.userPoolId, "Cognito user pool id, for the sign-in library"],
        userPoolClientId: [this.userPool.userPoolClientId, "Public web app client id (code flow with PKCE)"],
        identityPoolId: [this.identityPool.identityPoolId, "Identity pool id, to trade the id token for AWS credentials"],
        bucketName: [this.bucket.bucketName, "Bucket the browser uploads into"],
        uploadPrefix: [this.bucket.uploadPrefix, "Upload key prefix; the browser writes <uploadPrefix><sub>/<file>"],
        apiUrl: [this.api.url, "Base URL of the REST API; POST <apiUrl>/images with the id token in Authorization"],
        domain: [this.hostedDomainUrl, "Hosted sign-in domain for the OAuth code flow"],
      };
      for (const [name, [value, description]] of Object.entries(outputs)) {
        new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
      }
    }
  }
}
