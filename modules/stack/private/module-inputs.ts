import { IDENTITY_PROVIDER_TYPES } from "../../cognito/identity-providers";
import { MFA_FACTORS, MFA_MODES } from "../../cognito/private/mfa-settings";
import { ROLE_MAPPING_TYPES } from "../../identity-pool/identity-pool-with-roles";
import { HclValidation, hclString, hclValidations, HclValueOptions } from "../../private/hcl-validation";
import {
  APP_CLIENT_ID,
  APPLE_KEY_ID,
  APPLE_TEAM_ID,
  ATTRIBUTE_SOURCE,
  BUCKET_NAME,
  DOMAIN_PREFIX,
  EMAIL_ADDRESS,
  EMAIL_DOMAIN,
  EMAIL_FROM,
  EVENT_BUS_ARN,
  EXECUTION_ARN,
  GRAPH_API_VERSION,
  GROUP_DESCRIPTION,
  GROUP_NAME,
  GROUP_PRECEDENCE,
  HOSTED_DOMAIN_URL,
  IAM_POLICY_ARN,
  KMS_KEY_ARN,
  Limit,
  LOG_RETENTION,
  MAX_ROLE_MAPPING_RULES,
  MAX_UPLOAD_BYTES,
  NAME_PREFIX,
  OIDC_ISSUER_URL,
  ORIGIN,
  PROVIDER_CLIENT_ID,
  PROVIDER_NAME,
  PROVIDER_SCOPE,
  REDIRECT_URL,
  REST_API_ID,
  REST_RESOURCE_ID,
  ROLE_NAME,
  SAML_METADATA_URL,
  SECRET_ID,
  SECRET_JSON_KEY,
  SES_IDENTITY_ARN,
  SSM_PARAMETER_NAME,
  THROTTLE_BURST_LIMIT,
  THROTTLE_RATE_LIMIT,
  UPLOAD_EXPIRATION_DAYS,
  USER_POOL_ARN,
} from "../../private/limits";

/** One input of the Terraform module: a variable with its type, description, default and the limits its values keep. */
export interface ModuleInput {
  readonly type: string;
  readonly description: string;
  /** The default; `null` makes the input optional with "none" as its value. @default - required */
  readonly default?: unknown;
  /** Whether Terraform hides the value in its output. @default false */
  readonly sensitive?: boolean;
  /** Limits of limits.ts that the value, or a part of it, keeps; their validation blocks are derived from them. @default - none */
  readonly limits?: ReadonlyArray<readonly [Limit, HclValueOptions & { readonly name?: string }]>;
  /** Checks of the input as a whole, besides its limits. @default - none */
  readonly validation?: HclValidation[];
}

const alltrueOver = (map: string, check: string) => `\${alltrue([for key, entry in ${map} : ${check}])}`;
const SOCIAL_TYPES = IDENTITY_PROVIDER_TYPES.filter((type) => type !== "OIDC" && type !== "SAML");
const list = (values: readonly string[]) => `[${values.map(hclString).join(", ")}]`;
const unlessNoPool = "var.existing_user_pool == null";
const unlessNoApi = "var.existing_rest_api == null";
const providers = "var.identity_providers";
/** A string attribute of each identity provider, optional. */
const providerField = (field: string): HclValueOptions & { name: string } => ({
  name: `identity_providers.*.${field}`,
  entries: providers,
  value: `entry.${field}`,
  nullable: true,
});

/**
 * The module's inputs. Every choice that adds or removes resources is one of them; the resources
 * it turns off get `count` or `for_each` (see uploads-module-stack.ts), so no choice needs a rebuild.
 */
export const MODULE_INPUTS: Record<string, ModuleInput> = {
  name_prefix: {
    type: "string",
    description: "Stem of every resource name (3–32 lowercase letters, digits and hyphens, starting with a letter).",
    default: "image-uploads",
    limits: [[NAME_PREFIX, {}]],
  },
  allowed_origins: {
    type: "list(string)",
    description: "Origins of the web app allowed by the bucket's, the API's and the function's CORS (never \"*\").",
    limits: [[ORIGIN, { list: true }]],
    // Inputs are unknown when the module is generated, so CORS is always configured: an empty list would be refused by S3.
    validation: [
      {
        condition: "${length(var.allowed_origins) > 0}",
        errorMessage: "allowed_origins must list at least one origin.",
      },
    ],
  },
  domain_prefix: {
    type: "string",
    description:
      "Prefix of the hosted sign-in domain, <prefix>.auth.<region>.amazoncognito.com; unique within the region. Required unless existing_user_pool is set.",
    default: null,
    limits: [[DOMAIN_PREFIX, { nullable: true }]],
  },
  callback_urls: {
    type: "list(string)",
    description:
      "URLs the hosted sign-in may return to (https, or http://localhost for development). At least one unless existing_user_pool is set.",
    default: [],
    limits: [[REDIRECT_URL, { list: true }]],
  },
  logout_urls: {
    type: "list(string)",
    description: "URLs the hosted sign-out may return to; empty means the callback URLs.",
    default: [],
    limits: [[REDIRECT_URL, { list: true }]],
  },
  mfa: {
    type: "string",
    description: `Second factor of the created pool: ${list(MFA_MODES)}.`,
    default: "optional",
    limits: [[{ kind: "oneOf", values: MFA_MODES }, {}]],
  },
  mfa_factors: {
    type: "list(string)",
    description: `Second factors offered, of ${list(MFA_FACTORS)}: "sms" creates an SNS role, "email" needs the email input. Null means ["totp"] (none when mfa is "off").`,
    default: null,
    limits: [
      [
        { kind: "oneOf", values: MFA_FACTORS },
        { list: true, nullable: true },
      ],
    ],
    validation: [
      {
        condition: "${var.mfa_factors == null ? true : length(distinct(var.mfa_factors)) == length(var.mfa_factors)}",
        errorMessage: "mfa_factors must not repeat a factor.",
      },
    ],
  },
  email: {
    type: "object({ source_arn = string, from_address = optional(string), reply_to_address = optional(string), configuration_set = optional(string) })",
    description:
      "Send the pool's email through SES (a verified identity's ARN); needed for email codes. Null: Cognito's own email, with a small daily limit.",
    default: null,
    limits: [
      [SES_IDENTITY_ARN, { name: "email.source_arn", value: "var.email.source_arn", unless: "var.email == null" }],
      [
        EMAIL_FROM,
        { name: "email.from_address", value: "var.email.from_address", unless: "var.email == null", nullable: true },
      ],
      [
        EMAIL_ADDRESS,
        {
          name: "email.reply_to_address",
          value: "var.email.reply_to_address",
          unless: "var.email == null",
          nullable: true,
        },
      ],
    ],
  },
  identity_providers: {
    type:
      "map(object({ type = string, client_id = optional(string), client_secret_ssm_parameter = optional(string), client_secret_secret_id = optional(string), " +
      "client_secret_json_key = optional(string), team_id = optional(string), key_id = optional(string), api_version = optional(string), issuer_url = optional(string), " +
      'attributes_request_method = optional(string, "GET"), metadata_url = optional(string), metadata_file = optional(string), sign_out = optional(bool, false), ' +
      "sign_requests = optional(bool, true), encrypted_responses = optional(bool, true), identifiers = optional(list(string), []), scopes = optional(list(string)), " +
      "attribute_mapping = optional(map(string), {}), link_email_domains = optional(list(string)), trust_email = optional(bool, false), lowercase_user_ids = optional(bool, false) }))",
    description:
      `Federated identity providers of the created pool, by provider name (the type itself for ${SOCIAL_TYPES.join(", ")}; a name of your own for OIDC and SAML). ` +
      "A secret (client secret, or Apple's private key) comes from identity_provider_secrets under the same key, an SSM SecureString (client_secret_ssm_parameter) " +
      "or a Secrets Manager secret (client_secret_secret_id, optionally client_secret_json_key), never from this map.",
    default: {},
    limits: [
      [PROVIDER_CLIENT_ID, providerField("client_id")],
      [APPLE_TEAM_ID, providerField("team_id")],
      [APPLE_KEY_ID, providerField("key_id")],
      [GRAPH_API_VERSION, providerField("api_version")],
      [OIDC_ISSUER_URL, providerField("issuer_url")],
      [SAML_METADATA_URL, providerField("metadata_url")],
      [SSM_PARAMETER_NAME, providerField("client_secret_ssm_parameter")],
      [SECRET_ID, providerField("client_secret_secret_id")],
      [SECRET_JSON_KEY, providerField("client_secret_json_key")],
      [PROVIDER_SCOPE, { ...providerField("scopes"), list: true }],
      [
        EMAIL_DOMAIN,
        {
          ...providerField("link_email_domains"),
          value: "[for domain in (entry.link_email_domains == null ? [] : entry.link_email_domains) : lower(domain)]",
          nullable: false,
          list: true,
        },
      ],
      [
        ATTRIBUTE_SOURCE,
        {
          name: "identity_providers.*.attribute_mapping values",
          entries: providers,
          value: "values(entry.attribute_mapping)",
          list: true,
        },
      ],
    ],
    validation: [
      {
        condition: alltrueOver(providers, `contains(${list(IDENTITY_PROVIDER_TYPES)}, entry.type)`),
        errorMessage: `identity_providers types must be one of ${list(IDENTITY_PROVIDER_TYPES)}.`,
      },
      {
        condition: alltrueOver(
          providers,
          `contains(["OIDC", "SAML"], entry.type) ? ${hclValidations("key", PROVIDER_NAME, { value: "key" })
            .map((v) => v.condition.slice(2, -1))
            .map((c) => `(${c})`)
            .join(" && ")} : key == entry.type`,
        ),
        errorMessage: `identity_providers keys must be the type for ${SOCIAL_TYPES.join(", ")}, and for OIDC and SAML ${PROVIDER_NAME.description} that is not a reserved provider name.`,
      },
      {
        condition: alltrueOver(providers, 'entry.type == "SAML" ? true : entry.client_id != null'),
        errorMessage: "identity_providers entries need client_id, except SAML.",
      },
      {
        condition: alltrueOver(
          providers,
          'entry.type != "SignInWithApple" ? true : entry.team_id != null && entry.key_id != null',
        ),
        errorMessage: "identity_providers SignInWithApple entries need team_id and key_id.",
      },
      {
        condition: alltrueOver(providers, 'entry.type != "OIDC" ? true : entry.issuer_url != null'),
        errorMessage: "identity_providers OIDC entries need issuer_url.",
      },
      {
        condition: alltrueOver(providers, 'contains(["GET", "POST"], entry.attributes_request_method)'),
        errorMessage: 'identity_providers attributes_request_method must be "GET" or "POST".',
      },
      {
        condition: alltrueOver(
          providers,
          'entry.type != "SAML" ? true : (entry.metadata_url == null) != (entry.metadata_file == null)',
        ),
        errorMessage: "identity_providers SAML entries need exactly one of metadata_url and metadata_file.",
      },
      {
        condition: alltrueOver(providers, 'entry.type != "SAML" ? true : entry.scopes == null'),
        errorMessage: "identity_providers scopes do not apply to a SAML provider.",
      },
      {
        condition: alltrueOver(providers, "entry.trust_email ? entry.link_email_domains != null : true"),
        errorMessage:
          "identity_providers trust_email needs link_email_domains, the email domains the provider is authoritative for; without them it could vouch for any address.",
      },
      {
        condition: alltrueOver(
          providers,
          "entry.link_email_domains == null ? true : length(entry.link_email_domains) > 0",
        ),
        errorMessage: "identity_providers link_email_domains must list at least one domain, or be left out.",
      },
    ],
  },
  identity_provider_secrets: {
    type: "map(string)",
    description:
      "Secrets of the identity providers by provider name: a client secret, or Sign in with Apple's private key (.p8). Set it from a *.tfvars file kept out of version control, or TF_VAR_identity_provider_secrets.",
    default: {},
    sensitive: true,
  },
  link_accounts_by_email: {
    type: "bool",
    description:
      "Link a first federated sign-in to the user with the same verified email (a pre sign-up trigger). Null: on when a provider may link (Google, SignInWithApple, or one with link_email_domains).",
    default: null,
  },
  groups: {
    type: "map(object({ precedence = number, description = optional(string), role_name = optional(string), can_read_all_images = optional(bool, false) }))",
    description:
      "User-pool groups of the created pool whose members get an identity-pool role of their own, by group name; a lower precedence wins. can_read_all_images lets the role read every user's images.",
    default: {},
    limits: [
      [GROUP_NAME, { name: "groups keys", value: "keys(var.groups)", list: true }],
      [GROUP_PRECEDENCE, { name: "groups.*.precedence", entries: "var.groups", value: "entry.precedence" }],
      [
        GROUP_DESCRIPTION,
        { name: "groups.*.description", entries: "var.groups", value: "entry.description", nullable: true },
      ],
      [ROLE_NAME, { name: "groups.*.role_name", entries: "var.groups", value: "entry.role_name", nullable: true }],
    ],
    validation: [
      {
        condition: "${length(distinct([for group in values(var.groups) : group.precedence])) == length(var.groups)}",
        errorMessage: "groups precedence values must be unique (a tie leaves the preferred role ambiguous).",
      },
    ],
  },
  role_mapping: {
    type: "string",
    description: `How a group member's role is chosen: "token" (the token's preferred role) or "rules" (at most ${MAX_ROLE_MAPPING_RULES} groups, no group name inside another).`,
    default: "token",
    limits: [[{ kind: "oneOf", values: ROLE_MAPPING_TYPES }, {}]],
  },
  allow_guests: {
    type: "bool",
    description:
      "Unsafe: give visitors who have not signed in credentials of a guest role (with no permissions of its own). Anyone on the internet gets them.",
    default: false,
  },
  users_can_read_own_images: {
    type: "bool",
    description: "Let signed-in users read their own images/<sub>/ folder with their identity-pool credentials.",
    default: false,
  },
  existing_user_pool: {
    type: "object({ user_pool_arn = string, user_pool_client_id = string, user_pool_client_ids = optional(list(string)), domain_url = optional(string) })",
    description:
      "A user pool and app client the estate already manages: no pool, client, domain, provider, group or trigger is created. user_pool_client_ids lists every client whose users are served (default: the one client).",
    default: null,
    limits: [
      [
        USER_POOL_ARN,
        {
          name: "existing_user_pool.user_pool_arn",
          value: "var.existing_user_pool.user_pool_arn",
          unless: unlessNoPool,
        },
      ],
      [
        APP_CLIENT_ID,
        {
          name: "existing_user_pool.user_pool_client_id",
          value: "var.existing_user_pool.user_pool_client_id",
          unless: unlessNoPool,
        },
      ],
      [
        APP_CLIENT_ID,
        {
          name: "existing_user_pool.user_pool_client_ids",
          value: "var.existing_user_pool.user_pool_client_ids",
          unless: unlessNoPool,
          nullable: true,
          list: true,
        },
      ],
      [
        HOSTED_DOMAIN_URL,
        {
          name: "existing_user_pool.domain_url",
          value: "var.existing_user_pool.domain_url",
          unless: unlessNoPool,
          nullable: true,
        },
      ],
    ],
    validation: [
      {
        condition: `\${${unlessNoPool} ? true : var.existing_user_pool.user_pool_client_ids == null ? true : contains(var.existing_user_pool.user_pool_client_ids, var.existing_user_pool.user_pool_client_id)}`,
        errorMessage:
          "existing_user_pool.user_pool_client_ids must include user_pool_client_id, the client the web app signs in with.",
      },
    ],
  },
  existing_bucket_name: {
    type: "string",
    description:
      "A bucket the estate already manages: only the grants are created; its public access block, encryption, TLS-only policy, expiry of tmp/ and CORS stay the estate's.",
    default: null,
    limits: [[BUCKET_NAME, { nullable: true }]],
  },
  existing_rest_api: {
    type: "object({ rest_api_id = string, root_resource_id = string, execution_arn = string })",
    description:
      "A REST API the estate already manages: POST /images, the authorizer and a stage are added to it; its gateway responses (CORS on 4XX/5XX) stay the estate's.",
    default: null,
    limits: [
      [
        REST_API_ID,
        { name: "existing_rest_api.rest_api_id", value: "var.existing_rest_api.rest_api_id", unless: unlessNoApi },
      ],
      [
        REST_RESOURCE_ID,
        {
          name: "existing_rest_api.root_resource_id",
          value: "var.existing_rest_api.root_resource_id",
          unless: unlessNoApi,
        },
      ],
      [
        EXECUTION_ARN,
        { name: "existing_rest_api.execution_arn", value: "var.existing_rest_api.execution_arn", unless: unlessNoApi },
      ],
    ],
  },
  kms_key_arn: {
    type: "string",
    description:
      "ARN of a KMS key the bucket encrypts with (SSE-KMS with a bucket key); the grants may use it through S3 only. Null: SSE-S3 (AES256).",
    default: null,
    limits: [[KMS_KEY_ARN, { nullable: true }]],
  },
  versioning: {
    type: "bool",
    description: "Keep object versions in the created bucket; noncurrent versions under tmp/ expire after a day.",
    default: false,
  },
  upload_expiration_days: {
    type: "number",
    description: `Days an upload may wait in the upload prefix before S3 deletes it (${UPLOAD_EXPIRATION_DAYS.min}–${UPLOAD_EXPIRATION_DAYS.max}).`,
    default: 1,
    limits: [[UPLOAD_EXPIRATION_DAYS, {}]],
  },
  max_upload_bytes: {
    type: "number",
    description: "Largest image, in bytes, the mover accepts.",
    default: 20 * 1024 * 1024,
    limits: [[MAX_UPLOAD_BYTES, {}]],
  },
  throttle_rate_limit: {
    type: "number",
    description: `Steady requests per second the API stage accepts (${THROTTLE_RATE_LIMIT.min}–${THROTTLE_RATE_LIMIT.max}).`,
    default: 50,
    limits: [[THROTTLE_RATE_LIMIT, {}]],
  },
  throttle_burst_limit: {
    type: "number",
    description: `Burst of requests the API stage absorbs above the rate (${THROTTLE_BURST_LIMIT.min}–${THROTTLE_BURST_LIMIT.max}).`,
    default: 100,
    limits: [[THROTTLE_BURST_LIMIT, {}]],
  },
  log_retention_days: {
    type: "number",
    description: "Days the functions' logs and the API's access logs are kept (a CloudWatch retention value).",
    default: 365,
    limits: [[LOG_RETENTION, {}]],
  },
  manage_account_logging_role: {
    type: "bool",
    description:
      "Create the account-wide role API Gateway writes logs with (aws_api_gateway_account), one per account and region: leave it off where the estate manages it.",
    default: false,
  },
  event_bus_arn: {
    type: "string",
    description:
      'ARN of the EventBridge bus the mover puts an "Image Stored" event on after each stored image (docs/events.md). Null: the account\'s default bus in the region.',
    default: null,
    limits: [[EVENT_BUS_ARN, { nullable: true }]],
  },
  malware_scanning: {
    type: "bool",
    description:
      "Scan every upload with GuardDuty Malware Protection for S3 (billed per GB scanned and per object); the mover then moves only uploads GuardDuty found clean.",
    default: false,
  },
  permissions_boundary_arn: {
    type: "string",
    description:
      "ARN of the IAM policy that bounds every role the module creates (their permissions boundary). Null: no boundary.",
    default: null,
    limits: [[IAM_POLICY_ARN, { nullable: true }]],
  },
  tags: {
    type: "map(string)",
    description: "Tags for every taggable resource.",
    default: {},
  },
};

/** Each input's validation blocks: its own checks, then those derived from its limits. */
export function validationsOf(name: string, input: ModuleInput): HclValidation[] | undefined {
  const derived = (input.limits ?? []).flatMap(([limit, { name: subject, ...options }]) =>
    hclValidations(subject ?? name, limit, { value: `var.${name}`, ...options }),
  );
  const all = [...(input.validation ?? []), ...derived];
  return all.length > 0 ? all : undefined;
}
