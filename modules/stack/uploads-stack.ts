import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { UploadsConfig } from "./config";
import { ImageUploads } from "./image-uploads";
import { DEVELOPMENT_TAG } from "../rules/cup-008-no-localhost-outside-development";
import { MfaMode } from "../cognito/user-pool";

/**
 * Versions of hashicorp/aws the synthesized configuration works with. The provider bindings pin
 * one exact version; a range lets the stack live beside an estate's own pin. 5.100.0 is the
 * oldest version the stack is validated against.
 */
export const AWS_PROVIDER_VERSION_RANGE = ">= 5.100.0, < 7.0.0";

/** Services the stack calls, each pointed at LocalStack when the config asks for it. */
const LOCALSTACK_SERVICES = [
  "apigateway",
  "cloudwatchevents",
  "cloudwatchlogs",
  "cognitoidentity",
  "cognitoidp",
  "guardduty",
  "iam",
  "kms",
  "lambda",
  "s3",
  "sts",
] as const;

/** The ready-made stack: provider, state and the whole upload flow, from a validated config. */
export class UploadsStack extends TerraformStack {
  public readonly uploads: ImageUploads;

  constructor(scope: Construct, config: UploadsConfig) {
    super(scope, config.stackName);
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: stackTags(config),
      ...(config.localstack ? localstackSettings(config.localstack.endpoint) : {}),
    });
    this.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION_RANGE);
    this.configureState(config);

    this.uploads = new ImageUploads(this, "uploads", {
      region: config.region,
      namePrefix: config.namePrefix,
      allowedOrigins: config.allowedOrigins,
      userPool: config.existing?.userPool
        ? undefined
        : {
            ...config.userPool,
            // Configs merge key by key: the default's prefix must not survive a custom domain.
            domainPrefix: config.userPool.customDomain ? undefined : config.userPool.domainPrefix,
            mfa: config.userPool.mfa as MfaMode | undefined,
          },
      allowGuests: config.identityPool?.allowGuests,
      usersCanReadOwnImages: config.identityPool?.usersCanReadOwnImages,
      groups: config.identityPool?.groups,
      roleMapping: config.identityPool?.roleMapping,
      bucket: config.bucket,
      api: config.api,
      mover: config.mover,
      existing: config.existing,
      eventBusArn: config.eventBusArn,
      malwareScanning: config.malwareScanning,
      permissionsBoundaryArn: config.permissionsBoundaryArn,
    });
  }

  private configureState(config: UploadsConfig): void {
    const s3 = config.backend?.s3;
    if (!s3) {
      // A relative path keeps the synthesized JSON free of this machine's folders.
      new LocalBackend(this, { path: "terraform.tfstate" });
      return;
    }
    new S3Backend(this, {
      bucket: s3.bucket,
      key: s3.key,
      region: s3.region,
      encrypt: true,
      dynamodbTable: s3.dynamodbTable,
    });
    // S3-native locking (Terraform >= 1.10); the bindings predate the argument.
    if (s3.useLockfile !== false) this.addOverride("terraform.backend.s3.use_lockfile", true);
  }
}

/** The config's tags, and the development mark that lets check:security accept local URLs. */
function stackTags(config: UploadsConfig): AwsProviderConfig["defaultTags"] {
  const tags = { ...config.tags, ...(config.development ? { [DEVELOPMENT_TAG]: "true" } : {}) };
  return Object.keys(tags).length > 0 ? [{ tags }] : undefined;
}

/**
 * Provider settings for LocalStack: every service at one endpoint, path-style S3 (bucket names
 * are not DNS names there), fixed test credentials and no calls to AWS's own account APIs.
 */
function localstackSettings(endpoint: string): Partial<AwsProviderConfig> {
  return {
    accessKey: "test",
    secretKey: "test",
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    skipRequestingAccountId: true,
    skipRegionValidation: true,
    endpoints: [Object.fromEntries(LOCALSTACK_SERVICES.map((service) => [service, endpoint]))],
  };
}
