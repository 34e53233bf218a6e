import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { UploadsConfig } from "./config";
import { ImageUploads } from "./image-uploads";
import { LOG_RETENTION_DAYS } from "../lambda/move-upload-function";
import { MfaMode } from "../cognito/user-pool";
import { AWS_PROVIDER_VERSION_RANGE } from "./uploads-stack";

/** One input of the Terraform module: a variable with its type, description, default and checks. */
interface ModuleInput {
  readonly type: string;
  readonly description: string;
  readonly default?: unknown;
  readonly validation?: { condition: string; errorMessage: string }[];
}

const ORIGIN_REGEX = "^(https://[a-z0-9.-]+(:[0-9]{1,5})?|http://(localhost|127[.]0[.]0[.]1)(:[0-9]{1,5})?)$";
const REDIRECT_REGEX = "^(https://[^[:space:]#]+|http://localhost(:[0-9]{1,5})?(/[^[:space:]#]*)?)$";

/**
 * The module's inputs: values that change no resource's existence. Options that add or remove
 * resources (guests, KMS, versioning, the account logging role...) come from the build's config.
 */
const MODULE_INPUTS: Record<string, ModuleInput> = {
  name_prefix: {
    type: "string",
    description: "Stem of every resource name (3–32 lowercase letters, digits and hyphens, starting with a letter).",
    default: "image-uploads",
    validation: [{ condition: '${can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))}', errorMessage: "name_prefix must be 3–32 lowercase letters, digits and hyphens, starting with a letter." }],
  },
  domain_prefix: {
    type: "string",
    description: "Prefix of the hosted sign-in domain, <prefix>.auth.<region>.amazoncognito.com; unique within the region.",
    validation: [
      { condition: '${can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix))}', errorMessage: "domain_prefix must be 1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen." },
      { condition: '${length(regexall("aws|amazon|cognito", var.domain_prefix)) == 0}', errorMessage: "domain_prefix must not contain the reserved words aws, amazon or cognito." },
    ],
  },
  callback_urls: {
    type: "list(string)",
    description: "URLs the hosted sign-in may return to (https, or http://localhost for development).",
    validation: [
      { condition: "${length(var.callback_urls) > 0}", errorMessage: "callback_urls must list at least one URL." },
      { condition: `\${alltrue([for url in var.callback_urls : can(regex("${REDIRECT_REGEX}", url))])}`, errorMessage: "callback_urls entries must be https URLs, or http://localhost URLs, without a fragment." },
    ],
  },
  logout_urls: {
    type: "list(string)",
    description: "URLs the hosted sign-out may return to; empty means the callback URLs.",
    default: [],
    validation: [{ condition: `\${alltrue([for url in var.logout_urls : can(regex("${REDIRECT_REGEX}", url))])}`, errorMessage: "logout_urls entries must be https URLs, or http://localhost URLs, without a fragment." }],
  },
  allowed_origins: {
    type: "list(string)",
    description: "Origins of the web app allowed by the bucket's, the API's and the function's CORS (never \"*\").",
    validation: [
      { condition: "${length(var.allowed_origins) > 0}", errorMessage: "allowed_origins must list at least one origin." },
      { condition: `\${alltrue([for origin in var.allowed_origins : can(regex("${ORIGIN_REGEX}", origin))])}`, errorMessage: "allowed_origins entries must be origins like https://app.example.com or http://localhost:5173 (no path, no \"*\")." },
    ],
  },
  upload_expiration_days: {
    type: "number",
    description: "Days an upload may wait in the upload prefix before S3 deletes it (1–365).",
    default: 1,
    validation: [{ condition: "${var.upload_expiration_days >= 1 && var.upload_expiration_days <= 365 && floor(var.upload_expiration_days) == var.upload_expiration_days}", errorMessage: "upload_expiration_days must be a whole number from 1 to 365." }],
  },
  max_upload_bytes: {
    type: "number",
    description: "Largest image, in bytes, the mover accepts.",
    default: 20 * 1024 * 1024,
    validation: [{ condition: "${var.max_upload_bytes >= 1 && floor(var.max_upload_bytes) == var.max_upload_bytes}", errorMessage: "max_upload_bytes must be a whole number of bytes, at least 1." }],
  },
  throttle_rate_limit: {
    type: "number",
    description: "Steady requests per second the API stage accepts (1–10000).",
    default: 50,
    validation: [{ condition: "${var.throttle_rate_limit >= 1 && var.throttle_rate_limit <= 10000}", errorMessage: "throttle_rate_limit must be from 1 to 10000." }],
  },
  throttle_burst_limit: {
    type: "number",
    description: "Burst of requests the API stage absorbs above the rate (1–5000).",
    default: 100,
    validation: [{ condition: "${var.throttle_burst_limit >= 1 && var.throttle_burst_limit <= 5000 && floor(var.throttle_burst_limit) == var.throttle_burst_limit}", errorMessage: "throttle_burst_limit must be a whole number from 1 to 5000." }],
  },
  log_retention_days: {
    type: "number",
    description: "Days the function's logs and the API's access logs are kept (a CloudWatch retention value).",
    default: 365,
    validation: [{ condition: `\${contains([${LOG_RETENTION_DAYS.join(", ")}], var.log_retention_days)}`, errorMessage: `log_retention_days must be one of ${LOG_RETENTION_DAYS.join(", ")}.` }],
  },
  tags: {
    type: "map(string)",
    description: "Tags for every taggable resource.",
    default: {},
  },
};

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
        validation: input.validation,
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
