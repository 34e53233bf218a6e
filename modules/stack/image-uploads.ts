import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ExistingUploadBucket } from "../storage/existing-upload-bucket";
import { ImageStoredEvents, ImageStoredTarget } from "../events/image-stored-events";
import { existingUserPool, ExistingUserPoolProps } from "../cognito/existing-user-pool";
import { IdentityPoolWithRoles, RoleMappingType } from "../identity-pool/identity-pool-with-roles";
import { MoveUploadFunction, MoveUploadFunctionProps } from "../lambda/move-upload-function";
import { SweepOversizeFunction } from "../lambda/sweep-oversize-function";
import { ExistingRestApiRef, SecuredApi, SecuredApiProps } from "../api/secured-api";
import { MalwareProtection } from "../storage/malware-protection";
import { UploadBucket, UploadBucketProps } from "../storage/upload-bucket";
import { IUploadBucket } from "../storage/upload-bucket-base";
import { UserPool, UserPoolProps, UserPoolRef } from "../cognito/user-pool";
import { GroupRoleOptions } from "../cognito/user-pool-group-role";
import { permissionsBoundary } from "../private/iam";
import { HOSTED_DOMAIN_URL, NAME_PREFIX, REGION } from "../private/limits";
import { fail, requireLimit } from "../private/validation";

/** Resources an estate already manages, used instead of creating new ones. */
export interface ExistingResources {
  /** A user pool and app client; no pool, client or domain is created. @default - a new user pool */
  readonly userPool?: ExistingUserPoolProps & {
    /** Hosted sign-in base URL of the pool's domain, for the `domain` output. @default - no `domain` output */
    readonly domainUrl?: string;
  };
  /** A bucket by name; only grants are created (see {@link ExistingUploadBucket}). @default - a new bucket */
  readonly bucketName?: string;
  /** A REST API to add `POST /images` and a stage to. @default - a new REST API */
  readonly restApi?: ExistingRestApiRef;
}

/** Properties of {@link ImageUploads}. */
export interface ImageUploadsProps {
  /** AWS region the stack deploys to, reported to the frontend. */
  readonly region: string;
  /** Stem of every resource name (lowercase letters, digits, hyphens; 3–32). @default "image-uploads" */
  readonly namePrefix?: string;
  /** Origins of the web app, allowed by the bucket's and the API's CORS rules. @default - none: browsers cannot call */
  readonly allowedOrigins?: string[];
  /** The user pool to create; `name` defaults to the name prefix. Required unless `existing.userPool` is set. @default - none */
  readonly userPool?: Omit<UserPoolProps, "name"> & { readonly name?: string };
  /** Give visitors who have not signed in a guest role (with no permissions of its own). Unsafe. @default false */
  readonly allowGuests?: boolean;
  /** Let signed-in users read their own `images/<sub>/` folder with their identity-pool credentials. @default false */
  readonly usersCanReadOwnImages?: boolean;
  /**
   * User-pool groups whose members get an identity-pool role of their own; `canReadAllImages`
   * lets that role read every user's images. Needs a created user pool. @default - none
   */
  readonly groups?: (GroupRoleOptions & { readonly canReadAllImages?: boolean })[];
  /** How a group member's role is chosen: "token" (the token's preferred role) or "rules". @default "token" */
  readonly roleMapping?: RoleMappingType;
  /** The upload bucket; CORS origins come from `allowedOrigins`. @default - a private bucket with default prefixes */
  readonly bucket?: Omit<UploadBucketProps, "allowedOrigins">;
  /** The REST API. @default - stage "v1", 50 rps, burst 100 */
  readonly api?: Omit<SecuredApiProps, "name" | "userPoolArn" | "handler" | "allowedOrigins" | "existingRestApi">;
  /**
   * The mover function; it serves the id tokens of the app clients the identity pool accepts.
   * @default - nodejs22.x, 256 MB, 15 s, 20 MiB uploads
   */
  readonly mover?: Omit<
    MoveUploadFunctionProps,
    "functionName" | "bucket" | "allowedOrigins" | "allowedClientIds" | "eventBusName" | "malwareScanning"
  >;
  /**
   * ARN of the EventBridge bus that hears of every stored image (an `Image Stored` event, docs/events.md).
   * @default - the account's default bus in the stack's region
   */
  readonly eventBusArn?: string;
  /**
   * Scan every upload with GuardDuty Malware Protection for S3 (billed per GB scanned and per object,
   * docs/events.md); the mover then moves only uploads found clean. @default false
   */
  readonly malwareScanning?: boolean;
  /** Use resources the estate already manages instead of creating them. @default - create everything */
  readonly existing?: ExistingResources;
  /** Emit the Terraform outputs a frontend needs. @default true */
  readonly outputs?: boolean;
  /** Tags for every taggable resource. @default - none */
  readonly tags?: Record<string, string>;
  /**
   * ARN of the IAM policy that bounds every role created here (identity-pool and group roles, the
   * mover's, the linking function's, the SMS role, the API's logging role): their permissions
   * boundary. A `permissionsBoundaryArn` in `userPool`, `mover` or `api` wins for that part.
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

/**
 * The whole upload flow: users sign in to a user pool, call the API with their id token, get
 * identity-pool credentials to upload into `tmp/<sub>/`, and the mover puts verified images in
 * `images/<sub>/`.
 */
export class ImageUploads extends Construct {
  /** The user pool, when this construct created it. */
  public readonly userPool?: UserPool;
  /** The user pool in use, created here or existing. */
  public readonly userPoolRef: UserPoolRef;
  public readonly identityPool: IdentityPoolWithRoles;
  /** The bucket in use, created here or existing. */
  public readonly bucket: IUploadBucket;
  public readonly mover: MoveUploadFunction;
  /**
   * Deletes uploads over the mover's limit within seconds, from the bucket's EventBridge events;
   * only with a bucket created here (docs/events.md says what an estate's bucket needs).
   */
  public readonly sweeper?: SweepOversizeFunction;
  /** GuardDuty Malware Protection for S3 on the upload prefix, with `malwareScanning`. */
  public readonly malwareProtection?: MalwareProtection;
  /** The `Image Stored` events: their bus, their pattern, and rules for consumers. */
  public readonly events: ImageStoredEvents;
  public readonly api: SecuredApi;
  /** Base URL of the hosted sign-in domain, when known. */
  public readonly hostedDomainUrl?: string;

  constructor(scope: Construct, id: string, props: ImageUploadsProps) {
    super(scope, id);
    const namePrefix = props.namePrefix ?? "image-uploads";
    requireLimit(this, "namePrefix", namePrefix, NAME_PREFIX);
    requireLimit(this, "region", props.region, REGION);
    const origins = props.allowedOrigins ?? [];
    const existing = props.existing ?? {};
    const boundary = permissionsBoundary(this, props.permissionsBoundaryArn);

    if (existing.userPool) {
      this.userPoolRef = existingUserPool(existing.userPool, this, "existing.userPool.");
      if (existing.userPool.domainUrl !== undefined)
        requireLimit(this, "existing.userPool.domainUrl", existing.userPool.domainUrl, HOSTED_DOMAIN_URL);
      this.hostedDomainUrl = existing.userPool.domainUrl;
    } else {
      if (!props.userPool) {
        fail(this, "userPool", "is required unless existing.userPool names a pool to use");
      }
      this.userPool = new UserPool(this, "user-pool", {
        ...props.userPool,
        name: props.userPool.name ?? namePrefix,
        tags: props.userPool.tags ?? props.tags,
        permissionsBoundaryArn: props.userPool.permissionsBoundaryArn ?? boundary,
      });
      this.userPoolRef = this.userPool;
      // With a prefix domain the region is known here, so the URL is known at plan time.
      this.hostedDomainUrl = this.userPool.domainPrefix
        ? `https://${this.userPool.domainPrefix}.auth.${props.region}.amazoncognito.com`
        : this.userPool.hostedUiBaseUrl;
    }

    if (props.groups?.length && !this.userPool) {
      fail(this, "groups", "need a user pool created here; with existing.userPool, manage groups in that pool");
    }
    this.identityPool = new IdentityPoolWithRoles(this, "identity-pool", {
      name: namePrefix,
      userPool: this.userPoolRef,
      allowGuests: props.allowGuests,
      groups: props.groups?.map(({ canReadAllImages: _, ...group }) => group),
      roleMapping: props.roleMapping,
      tags: props.tags,
      permissionsBoundaryArn: boundary,
    });

    this.bucket = existing.bucketName
      ? new ExistingUploadBucket(this, "bucket", {
          bucketName: existing.bucketName,
          region: props.region,
          uploadPrefix: props.bucket?.uploadPrefix,
          imagePrefix: props.bucket?.imagePrefix,
          kmsKeyArn: props.bucket?.kmsKeyArn,
        })
      : new UploadBucket(this, "bucket", {
          ...props.bucket,
          bucketNamePrefix: props.bucket?.bucketNamePrefix ?? `${namePrefix}-`,
          tags: props.bucket?.tags ?? props.tags,
          allowedOrigins: origins,
        });
    this.bucket.grantUserUploads(this.identityPool.authenticatedRole);
    if (props.usersCanReadOwnImages) this.bucket.grantUserReads(this.identityPool.authenticatedRole);
    for (const group of props.groups ?? []) {
      if (group.canReadAllImages)
        this.bucket.grantReadAllImages(this.identityPool.groupRoles[group.name], `${group.name}-read-all-images`);
    }

    this.mover = new MoveUploadFunction(this, "mover", {
      ...props.mover,
      eventBusName: props.eventBusArn ?? "default",
      malwareScanning: props.malwareScanning === true,
      functionName: `${namePrefix}-move-upload`,
      region: props.mover?.region ?? props.region,
      bucket: this.bucket,
      allowedOrigins: origins,
      // The clients whose users get upload credentials are the ones whose tokens the API answers.
      allowedClientIds: this.identityPool.clientIds,
      tags: props.mover?.tags ?? props.tags,
      permissionsBoundaryArn: props.mover?.permissionsBoundaryArn ?? boundary,
    });
    this.bucket.grantMove(this.mover.role);
    this.events = new ImageStoredEvents(this, "events", {
      namePrefix,
      bucketName: this.bucket.bucketName,
      eventBusArn: props.eventBusArn,
      publisherArn: this.mover.functionArn,
      tags: props.tags,
    });
    this.events.grantPutEvents(this.mover.role);

    if (props.malwareScanning) {
      this.malwareProtection = new MalwareProtection(this, "malware-protection", {
        roleName: `${namePrefix}-malware-scan`,
        bucket: this.bucket,
        accountResourceArn: this.mover.functionArn,
        kmsKeyArn: props.bucket?.kmsKeyArn,
        permissionsBoundaryArn: boundary,
        tags: props.tags,
      });
      this.bucket.grantScanResultReads(this.mover.role);
    }

    if (this.bucket instanceof UploadBucket) {
      this.bucket.sendEventsToEventBridge();
      const { runtime, logRetentionDays, tracing, powertoolsLayerArn, maxUploadBytes, reservedConcurrency } =
        props.mover ?? {};
      this.sweeper = new SweepOversizeFunction(this, "sweeper", {
        functionName: `${namePrefix}-sweep-oversize`,
        bucket: this.bucket,
        maxUploadBytes,
        // The mover's cap on concurrency caps the sweeper too; EventBridge holds and retries what it throttles.
        reservedConcurrency,
        runtime,
        logRetentionDays,
        tracing,
        powertoolsLayerArn,
        region: props.mover?.region ?? props.region,
        tags: props.mover?.tags ?? props.tags,
        permissionsBoundaryArn: props.mover?.permissionsBoundaryArn ?? boundary,
      });
    }

    this.api = new SecuredApi(this, "api", {
      ...props.api,
      name: namePrefix,
      userPoolArn: this.userPoolRef.userPoolArn,
      handler: this.mover,
      allowedOrigins: origins,
      existingRestApi: existing.restApi,
      tags: props.api?.tags ?? props.tags,
      permissionsBoundaryArn: props.api?.permissionsBoundaryArn ?? boundary,
    });

    if (props.outputs !== false) this.addOutputs(props.region);
  }

  /** ARN of the bus the `Image Stored` events go to. */
  public get eventBusArn(): string {
    return this.events.eventBusArn;
  }

  /**
   * Sends every `Image Stored` event of this flow to `target` (a Lambda function, an SQS queue, or
   * a state machine with the role EventBridge assumes): one rule `<namePrefix>-<id>` and its target.
   */
  public onImageStored(id: string, target: ImageStoredTarget) {
    return this.events.onImageStored(id, target);
  }

  private addOutputs(region: string): void {
    const outputs: Record<string, [string | undefined, string]> = {
      region: [region, "AWS region of every resource"],
      userPoolId: [this.userPoolRef.userPoolId, "Cognito user pool id, for the sign-in library"],
      userPoolClientId: [this.userPoolRef.userPoolClientId, "Public web app client id (code flow with PKCE)"],
      identityPoolId: [this.identityPool.identityPoolId, "Identity pool id, to trade the id token for AWS credentials"],
      bucketName: [this.bucket.bucketName, "Bucket the browser uploads into"],
      uploadPrefix: [this.bucket.uploadPrefix, "Upload key prefix; the browser writes <uploadPrefix><sub>/<file>"],
      apiUrl: [this.api.url, "Base URL of the REST API; POST <apiUrl>/images with the id token in Authorization"],
      domain: [this.hostedDomainUrl, "Hosted sign-in domain for the OAuth code flow"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      if (value !== undefined) new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    }
  }
}
