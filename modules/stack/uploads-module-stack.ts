import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { UploadsConfig } from "./config";
import { ImageUploads } from "./image-uploads";
import { MfaMode } from "../cognito/user-pool";
import { AWS_PROVIDER_VERSION_RANGE } from "./uploads-stack";
import { HclValidation, hclValidations } from "../private/hcl-validation";
import {
  DOMAIN_PREFIX, Limit, LOG_RETENTION, MAX_UPLOAD_BYTES, NAME_PREFIX, ORIGIN, REDIRECT_URL, THROTTLE_BURST_LIMIT, THROTTLE_RATE_LIMIT,
  UPLOAD_EXPIRATION_DAYS,
} from "../private/limits";

/** One input of the Terraform module: a variable with its type, description, default and the limit its values keep. */
interface ModuleInput {
  readonly type: string;
  readonly description: string;
  readonly default?: unknown;
  /** The limit of limits.ts each value (each entry of a list) must keep; its validation blocks are derived from it. */
  readonly limit?: Limit;
  /** Checks of the input as a whole, besides the limit (e.g. a list that must not be empty). */
  readonly validation?: HclValidation[];
}

/**
 * The module's inputs: values that change no resource's existence. Options that add or remove
 * resources (guests, KMS, versioning, the account logging role...) come from the build's config.
 */
const MODULE_INPUTS: Record<string, ModuleInput> = {
  name_prefix: {
    type: "string",
    description: "Stem of every resource name (3–32 lowercase letters, digits and hyphens, starting with a letter).",
    default: "image-uploads",
    limit: NAME_PREFIX,
  },
  domain_prefix: {
    type: "string",
    description: "Prefix of the hosted sign-in domain, <prefix>.auth.<region>.amazoncognito.com; unique within the region.",
    limit: DOMAIN_PREFIX,
  },
  callback_urls: {
    type: "list(string)",
    description: "URLs the hosted sign-in may return to (https, or http://localhost for development).",
    limit: REDIRECT_URL,
    validation: [{ condition: "${length(var.callback_urls) > 0}", errorMessage: "callback_urls must list at least one URL." }],
  },
  logout_urls: {
    type: "list(string)",
    description: "URLs the hosted sign-out may return to; empty means the callback URLs.",
    default: [],
    limit: REDIRECT_URL,
  },
  allowed_origins: {
    type: "list(string)",
    description: "Origins of the web app allowed by the bucket's, the API's and the function's CORS (never \"*\").",
    limit: ORIGIN,
    // Module inputs are unknown at synth, so CORS is always configured: an empty list would be refused by S3.
    validation: [{ condition: "${length(var.allowed_origins) > 0}", errorMessage: "allowed_origins must list at least one origin." }],
  },
  upload_expiration_days: {
    type: "number",
    description: `Days an upload may wait in the upload prefix before S3 deletes it (${UPLOAD_EXPIRATION_DAYS.min}–${UPLOAD_EXPIRATION_DAYS.max}).`,
    default: 1,
    limit: UPLOAD_EXPIRATION_DAYS,
  },
  max_upload_bytes: {
    type: "number",
    description: "Largest image, in bytes, the mover accepts.",
    default: 20 * 1024 * 1024,
    limit: MAX_UPLOAD_BYTES,
  },
  throttle_rate_limit: {
    type: "number",
    description: `Steady requests per second the API stage accepts (${THROTTLE_RATE_LIMIT.min}–${THROTTLE_RATE_LIMIT.max}).`,
    default: 50,
    limit: THROTTLE_RATE_LIMIT,
  },
  throttle_burst_limit: {
    type: "number",
    description: `Burst of requests the API stage absorbs above the rate (${THROTTLE_BURST_LIMIT.min}–${THROTTLE_BURST_LIMIT.max}).`,
    default: 100,
    limit: THROTTLE_BURST_LIMIT,
  },
  log_retention_days: {
    type: "number",
    description: "Days the function's logs and the API's access logs are kept (a CloudWatch retention value).",
    default: 365,
    limit: LOG_RETENTION,
  },
  tags: {
    type: "map(string)",
    description: "Tags for every taggable resource.",
    default: {},
  },
};

/** Each input's validation blocks: its own checks, then those derived from its limit. */
function validationsOf(name: string, input: ModuleInput): HclValidation[] | undefined {
  const derived = input.limit ? hclValidations(name, input.limit, { list: input.type.startsWith("list(") }) : [];
  const all = [...(input.validation ?? []), ...derived];
  return all.length > 0 ? all : undefined;
}

/** Names of the module's inputs. */
export const MODULE_INPUT_NAMES = Object.keys(MODULE_INPUTS);

/**
 * The upload flow shaped as a reusable Terraform module: inputs are variables, the region is the
 * caller's provider's, and the build removes the provider and backend blocks (see
 * scripts/build-module.mjs) so callers may use count, for_each and depends_on.
 */
export class UploadsModuleStack extends TerraformStack {
  public readonly uploads: ImageUploads;

  constructor(scope: Construct, id: string, config: UploadsConfig) {
    super(scope, id);
    // Only for synthesis: the build drops the provider block; callers pass their own.
    new AwsProvider(this, "aws", {});
    this.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION_RANGE);

    const inputs = Object.fromEntries(
      Object.entries(MODULE_INPUTS).map(([name, input]) => [name, new TerraformVariable(this, name, {
        type: input.type,
        description: input.description,
        default: input.default,
        nullable: false,
        validation: validationsOf(name, input),
      })]),
    );
    const region = new DataAwsRegion(this, "current-region");
    const callbackUrls = inputs.callback_urls.listValue;
    const origins = inputs.allowed_origins.listValue;
    const retentionDays = inputs.log_retention_days.numberValue;

    this.uploads = new ImageUploads(this, "uploads", {
      region: region.name,
      namePrefix: inputs.name_prefix.stringValue,
      allowedOrigins: origins,
      tags: inputs.tags.value,
      userPool: {
        ...config.userPool,
        mfa: config.userPool.mfa as MfaMode | undefined,
        domainPrefix: inputs.domain_prefix.stringValue,
        customDomain: undefined,
        callbackUrls,
        // An empty list means "same as the callback URLs".
        logoutUrls: Token.asList(`\${length(${inputs.logout_urls.fqn}) > 0 ? ${inputs.logout_urls.fqn} : ${inputs.callback_urls.fqn}}`),
      },
      allowGuests: config.identityPool?.allowGuests,
      usersCanReadOwnImages: config.identityPool?.usersCanReadOwnImages,
      groups: config.identityPool?.groups,
      roleMapping: config.identityPool?.roleMapping,
      bucket: { ...config.bucket, uploadExpirationDays: inputs.upload_expiration_days.numberValue },
      api: {
        ...config.api,
        throttleRateLimit: inputs.throttle_rate_limit.numberValue,
        throttleBurstLimit: inputs.throttle_burst_limit.numberValue,
        accessLogRetentionDays: retentionDays,
      },
      mover: { ...config.mover, maxUploadBytes: inputs.max_upload_bytes.numberValue, logRetentionDays: retentionDays },
      permissionsBoundaryArn: config.permissionsBoundaryArn,
    });
  }
}
