/**
 * Every limit and pattern the library checks, each written once as data. The configuration schema
 * (stack/config.ts), the constructs (through private/validation.ts) and the generated Terraform
 * module's `validation` blocks (through private/hcl-validation.ts) are derived from these objects,
 * so the three cannot disagree.
 *
 * Patterns are regular-expression sources in the part of the syntax that JavaScript and
 * Terraform's RE2 read alike: no lookaround or backreferences, no `\s`/`\S` (their sets differ:
 * whitespace is spelled out as {@link WHITESPACE}), repetition counts of at most 1000 (longer
 * bounds are `maxLength`), and no flags.
 */

/** A string limit: a form, optional length bounds, and forms that match it but are still refused. */
export interface PatternLimit {
  readonly kind: "pattern";
  /** What a valid value is, completing "must be …". */
  readonly description: string;
  /** The form, anchored. @default - any string */
  readonly pattern?: string;
  /** @default - no minimum beyond the pattern's */
  readonly minLength?: number;
  /** @default - no maximum beyond the pattern's */
  readonly maxLength?: number;
  /** Refused although the pattern matches. @default - none */
  readonly forbidden?: readonly ForbiddenForm[];
}

/** A form a {@link PatternLimit} refuses: values in which `pattern` is found, unless they match `unless`. */
export interface ForbiddenForm {
  /** Searched for anywhere in the value (anchor it to pin it). */
  readonly pattern: string;
  /** Completes "must not …". @default - the limit's description ("must be …") */
  readonly rule?: string;
  /** Values that match this are not refused by this form. @default - none */
  readonly unless?: string;
}

/** A whole number within `[min, max]`. */
export interface RangeLimit {
  readonly kind: "range";
  readonly min: number;
  readonly max: number;
  /** Unit in messages, e.g. "days". @default - none */
  readonly unit?: string;
}

/** One of a list of values. */
export interface AllowedValuesLimit<T extends string | number = string | number> {
  readonly kind: "oneOf";
  readonly values: readonly T[];
  /** What the list is, for messages, e.g. "CloudWatch's retention values". @default - the list alone */
  readonly name?: string;
}

export type Limit = PatternLimit | RangeLimit | AllowedValuesLimit;

const pattern = (limit: Omit<PatternLimit, "kind">): PatternLimit => ({ kind: "pattern", ...limit });
const range = (min: number, max: number, unit?: string): RangeLimit => ({
  kind: "range",
  min,
  max,
  ...(unit ? { unit } : {}),
});
const oneOf = <T extends string | number>(values: readonly T[], name?: string): AllowedValuesLimit<T> => ({
  kind: "oneOf",
  values,
  ...(name ? { name } : {}),
});
/** `word` matched in any case, without a flag (e.g. `[gG][oO]…`). */
const anyCase = (word: string) =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join("");

/** ASCII whitespace as both engines' classes can hold it (RE2's `\s` is this; JavaScript's is wider). */
export const WHITESPACE = String.raw`\t\n\f\r `;
const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

/** The longest IAM role name. */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;
/** A bundled function's execution role is named `<functionName><FUNCTION_ROLE_SUFFIX>`. */
export const FUNCTION_ROLE_SUFFIX = "-role";
/** The identity pool's roles are named `<pool name with spaces as '-'><suffix>`. */
export const IDENTITY_POOL_ROLE_SUFFIXES = { authenticated: "-authenticated", guest: "-guest" } as const;
/** Cognito's limit of rules in one identity-pool role mapping. */
export const MAX_ROLE_MAPPING_RULES = 25;

// ---- Stack and resource names ----------------------------------------------------------------

export const STACK_NAME = pattern({
  pattern: "^[A-Za-z][A-Za-z0-9-]{0,63}$",
  description: "1–64 letters, digits and hyphens, starting with a letter",
});
export const NAME_PREFIX = pattern({
  pattern: "^[a-z][a-z0-9-]{1,30}[a-z0-9]$",
  description: "3–32 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
});
const functionNameMax = IAM_ROLE_NAME_MAX_LENGTH - FUNCTION_ROLE_SUFFIX.length;
export const FUNCTION_NAME = pattern({
  pattern: `^[A-Za-z0-9_-]{1,${functionNameMax}}$`,
  description: `1–${functionNameMax} letters, digits, '-' or '_' (the role name adds "${FUNCTION_ROLE_SUFFIX}" and may have ${IAM_ROLE_NAME_MAX_LENGTH} characters)`,
});
const identityPoolNameMax = IAM_ROLE_NAME_MAX_LENGTH - IDENTITY_POOL_ROLE_SUFFIXES.authenticated.length;
export const IDENTITY_POOL_NAME = pattern({
  pattern: `^[A-Za-z0-9_ -]{1,${identityPoolNameMax}}$`,
  description: `1–${identityPoolNameMax} letters, digits, spaces, '-' or '_' (role names add "${IDENTITY_POOL_ROLE_SUFFIXES.authenticated}" and may have ${IAM_ROLE_NAME_MAX_LENGTH} characters)`,
});
export const ROLE_NAME = pattern({
  pattern: String.raw`^[\w+=,.@-]{1,${IAM_ROLE_NAME_MAX_LENGTH}}$`,
  description: `1–${IAM_ROLE_NAME_MAX_LENGTH} letters, digits or +=,.@_-`,
});
export const API_NAME = pattern({
  pattern: String.raw`^[\w .-]{1,128}$`,
  description: "1–128 letters, digits, spaces, '.', '-' or '_'",
});
export const STAGE_NAME = pattern({
  pattern: String.raw`^[\w-]{1,128}$`,
  description: "1–128 letters, digits, '-' or '_'",
});

// ---- S3 ----------------------------------------------------------------------------------------

/** Prefixes S3 reserves for bucket names, and the run of dots it refuses. */
const BUCKET_NAME_START_AND_DOTS: ForbiddenForm[] = [
  { pattern: String.raw`\.\.`, rule: "contain two adjacent periods" },
  ...["xn--", "sthree-", "amzn-s3-demo-"].map((prefix) => ({
    pattern: `^${prefix}`,
    rule: `start with "${prefix}", a prefix S3 reserves`,
  })),
];
/** S3's general purpose bucket naming rules. */
export const BUCKET_NAME = pattern({
  pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
  description: "3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
  forbidden: [
    ...BUCKET_NAME_START_AND_DOTS,
    { pattern: String.raw`^\d+\.\d+\.\d+\.\d+$`, rule: "be formatted as an IP address" },
    ...["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].map((suffix) => ({
      pattern: `${suffix.replace(/\./g, String.raw`\.`)}$`,
      rule: `end with "${suffix}", a suffix S3 reserves`,
    })),
  ],
});
/** Terraform appends 26 characters to a `bucket_prefix`. */
export const BUCKET_NAME_PREFIX = pattern({
  pattern: "^[a-z0-9][a-z0-9.-]{2,36}$",
  description:
    "3–37 lowercase letters, digits, dots and hyphens, starting with a letter or digit (Terraform adds 26 characters)",
  forbidden: BUCKET_NAME_START_AND_DOTS,
});
/** A key prefix that IAM resource patterns are built from: no wildcard, empty, "." or ".." segment may widen them. */
export const KEY_PREFIX = pattern({
  pattern: "^([A-Za-z0-9!_.'()-]+/)+$",
  maxLength: 256,
  description: `a relative key prefix ending in "/" made of letters, digits and !-_.'() with no empty, "." or ".." segments (e.g. "tmp/")`,
  forbidden: [{ pattern: String.raw`(^|/)\.\.?/` }],
});
export const UPLOAD_EXPIRATION_DAYS = range(1, 365, "days");

// ---- Regions, partitions, ARNs and ids -----------------------------------------------------------

/** Commercial, China, GovCloud, ISO (-iso, -isob, -isoe, -isof) and sovereign-cloud regions. */
export const REGION = pattern({
  pattern: String.raw`^[a-z]{2,4}(-[a-z]+){1,2}-\d{1,2}$`,
  description: "an AWS region such as us-east-1",
});
export const PARTITION = pattern({
  pattern: "^aws(-[a-z]+){0,2}$",
  description: "an AWS partition such as aws, aws-cn or aws-us-gov",
});
const ARN = "arn:aws[a-z-]*";
export const KMS_KEY_ARN = pattern({
  pattern: String.raw`^${ARN}:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]{1,128}$`,
  description:
    "a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/<key id> (not an alias: IAM grants name the key)",
});
export const IAM_POLICY_ARN = pattern({
  pattern: String.raw`^${ARN}:iam::(\d{12}|aws):policy/([\w+=,.@-]+/)*[\w+=,.@-]{1,128}$`,
  description: "an IAM policy ARN like arn:aws:iam::111122223333:policy/boundary",
});
export const USER_POOL_ARN = pattern({
  pattern: String.raw`^${ARN}:cognito-idp:[a-z0-9-]+:\d{12}:userpool/[\w-]+_[0-9a-zA-Z]+$`,
  description: "a user pool ARN like arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123",
});
/** Cognito's app client id, `[\w+]+`, at most 128 characters. */
export const APP_CLIENT_ID = pattern({
  pattern: String.raw`^[\w+]{1,128}$`,
  description: "an app client id (1–128 letters, digits, '_' or '+')",
});
export const CERTIFICATE_ARN = pattern({
  pattern: String.raw`^${ARN}:acm:us-east-1:(\d{12})?:certificate/[\w-]{1,128}$`,
  description:
    'an ARN like "arn:aws:acm:us-east-1:111122223333:certificate/<id>" (CloudFront takes certificates from us-east-1 only)',
});
export const SES_IDENTITY_ARN = pattern({
  pattern: `^${ARN}:ses:[a-z0-9-]*:(\\d{12})?:identity/[^${WHITESPACE}]{1,256}$`,
  description: 'an ARN like "arn:aws:ses:us-east-1:111122223333:identity/example.com"',
});
export const SNS_CALLER_ROLE_ARN = pattern({
  pattern: String.raw`^${ARN}:iam:[a-z0-9-]*:(\d{12})?:role/[\w+=,.@/-]{1,512}$`,
  description: 'an ARN like "arn:aws:iam::111122223333:role/cognito-sms"',
});
/** An EventBridge event bus ARN; the bus name is 1–256 of `[/.\-_A-Za-z0-9]` (partner buses hold "/"). */
export const EVENT_BUS_ARN = pattern({
  pattern: String.raw`^${ARN}:events:[a-z0-9-]+:\d{12}:event-bus/[/.\-_A-Za-z0-9]{1,256}$`,
  description: "an event bus ARN like arn:aws:events:us-east-1:111122223333:event-bus/uploads",
});
/** An id a construct turns into an EventBridge rule's name suffix and target id. */
export const EVENT_RULE_ID = pattern({
  pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$",
  description: "1–31 letters, digits, '_' or '-', starting with a letter or digit",
});
export const REST_API_ID = pattern({
  pattern: "^[a-z0-9]{10}$",
  description: "a REST API id (10 lowercase letters and digits)",
});
export const REST_RESOURCE_ID = pattern({
  pattern: "^[a-z0-9]{10}$",
  description: "a resource id (10 lowercase letters and digits)",
});
export const EXECUTION_ARN = pattern({
  pattern: String.raw`^${ARN}:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]{10}$`,
  description: "an execution ARN like arn:aws:execute-api:us-east-1:111122223333:abc123defg",
});

// ---- Browser-facing URLs ------------------------------------------------------------------------

/** Origins a browser may call from: https, or http on a loopback host for local development. */
export const ORIGIN = pattern({
  pattern: String.raw`^(https://[a-z0-9.-]+(:\d{1,5})?|http://(localhost|127\.0\.0\.1)(:\d{1,5})?)$`,
  description:
    'origins like "https://app.example.com" or "http://localhost:5173" (https, or http on localhost; no path, no trailing slash, no "*")',
});
/** Redirect URLs Cognito accepts for a web client. */
export const REDIRECT_URL = pattern({
  pattern: `^(https://[^${WHITESPACE}#]+|http://localhost(:\\d{1,5})?(/[^${WHITESPACE}#]*)?)$`,
  description: "https URLs, or http://localhost URLs for development, without a fragment",
});
/** Redirect URLs a native app may receive: a custom scheme, https (universal or app links), or http://localhost. */
export const NATIVE_REDIRECT_URL = pattern({
  pattern: `^[a-z][a-z0-9+.-]*://[^${WHITESPACE}#]+$`,
  description:
    'custom-scheme URLs like "com.example.photos://callback", https URLs, or http://localhost URLs, without a fragment',
  forbidden: [
    { pattern: "^(javascript|data|file|vbscript|blob|about):" },
    { pattern: "^http:", unless: String.raw`^http://localhost(:\d{1,5})?(/|$)` },
  ],
});
/** URLs that point at the developer's own machine: allowed only in a stack marked for development. */
export const LOCAL_DEVELOPMENT_URL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i;
export const HOSTED_DOMAIN_URL = pattern({
  pattern: `^https://[^/${WHITESPACE}]+$`,
  description: "an https URL without a path",
});
export const LOCALSTACK_ENDPOINT = pattern({
  pattern: `^https?://[^/${WHITESPACE}]+$`,
  description: "an endpoint URL such as http://localhost:4566",
});

// ---- Cognito user pool, domain and clients -------------------------------------------------------

const COGNITO_NAME = String.raw`[\w${WHITESPACE}+=,.@-]`;
export const USER_POOL_NAME = pattern({
  pattern: `^${COGNITO_NAME}{1,128}$`,
  description: "1–128 letters, digits, spaces or +=,.@_-",
});
export const APP_CLIENT_NAME = pattern({
  pattern: `^${COGNITO_NAME}{1,128}$`,
  description: "1–128 letters, digits, spaces or +=,.@_-",
});
export const DOMAIN_PREFIX = pattern({
  pattern: `^${LABEL}$`,
  description: "1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  forbidden: ["aws", "amazon", "cognito"].map((word) => ({
    pattern: word,
    rule: `contain the reserved word "${word}"`,
  })),
});
export const HOSTNAME = pattern({
  pattern: String.raw`^${LABEL}(\.${LABEL})+$`,
  maxLength: 253,
  description: 'a lowercase domain name like "auth.example.com"',
});
export const MANAGED_LOGIN_VERSION = oneOf([1, 2]);
/** Cognito allows 6; a secure floor is 12. */
export const PASSWORD_MIN_LENGTH = range(12, 99, "characters");
export const ID_TOKEN_VALIDITY_MINUTES = range(5, 1440, "minutes");
export const ACCESS_TOKEN_VALIDITY_MINUTES = range(5, 1440, "minutes");
export const REFRESH_TOKEN_VALIDITY_DAYS = range(1, 3650, "days");
/** Cognito's bounds of a refresh token in any unit (the props count it in days). */
export const REFRESH_TOKEN_VALIDITY_MINUTES = range(60, REFRESH_TOKEN_VALIDITY_DAYS.max * 1440, "minutes");
/** Minutes a sign-in session (between prompts) may last. */
export const AUTH_SESSION_VALIDITY_MINUTES = range(3, 15, "minutes");
export const CUSTOM_ATTRIBUTE_NAME = pattern({
  pattern: String.raw`^custom:[\w-]{1,20}$`,
  description: '"custom:<name>" (1–20 letters, digits, "_" or "-")',
});
export const RESOURCE_SERVER_IDENTIFIER = pattern({
  pattern: String.raw`^[\x21\x23-\x5B\x5D-\x7E]{1,256}$`,
  description: "1–256 printable characters without spaces, quotes or backslashes",
});
export const RESOURCE_SERVER_NAME = pattern({
  pattern: `^${COGNITO_NAME}{1,256}$`,
  description: "1–256 letters, digits, spaces or +=,.@_-",
});
export const RESOURCE_SERVER_SCOPE_COUNT = range(1, 100, "scopes");
export const SCOPE_NAME = pattern({
  pattern: String.raw`^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$`,
  description: "1–256 printable characters without spaces, quotes, '/' or backslashes",
});
export const SCOPE_DESCRIPTION = pattern({
  pattern: `^[^${WHITESPACE}]`,
  maxLength: 256,
  description: "1–256 characters, not starting with a space",
});
export const GROUP_NAME = pattern({
  pattern: String.raw`^[\w.-]{1,128}$`,
  description: "1–128 letters, digits, '.', '_' or '-'",
});
export const GROUP_PRECEDENCE = range(0, 2147483647);
export const GROUP_DESCRIPTION = pattern({ maxLength: 2048, description: "at most 2048 characters" });
export const EMAIL_ADDRESS = pattern({
  pattern: `^[^${WHITESPACE}@]+@[^${WHITESPACE}@]+$`,
  description: "an email address",
});
export const EMAIL_FROM = pattern({
  pattern: `^([^<>]*<)?[^${WHITESPACE}@<>]+@[^${WHITESPACE}@<>]+>?$`,
  description: "an address like no-reply@example.com or Photos <no-reply@example.com>",
});
export const SMS_EXTERNAL_ID = pattern({
  pattern: String.raw`^[\w+=,.@:/-]+$`,
  minLength: 2,
  maxLength: 1224,
  description: "2–1224 letters, digits or +=,.@:/_-",
});

// ---- Identity providers and their secrets --------------------------------------------------------

export const PROVIDER_NAME = pattern({
  pattern: "^[A-Za-z0-9][A-Za-z0-9.-]{1,31}$",
  description: "2–32 letters, digits, '.' or '-' (no '_', which separates the provider from the user id in usernames)",
  forbidden: [
    {
      pattern: `^(${["Cognito", "Google", "Facebook", "SignInWithApple", "LoginWithAmazon"].map(anyCase).join("|")})$`,
      rule: "be a reserved provider name (Cognito, Google, Facebook, SignInWithApple, LoginWithAmazon)",
    },
  ],
});
export const PROVIDER_CLIENT_ID = pattern({
  pattern: `^[^${WHITESPACE}]{1,256}$`,
  description: "the client id the provider issued (not secret)",
});
export const PROVIDER_SCOPE = pattern({
  pattern: String.raw`^[\w.:/-]{1,256}$`,
  description: "scope names without spaces or commas",
});
export const ATTRIBUTE_SOURCE = pattern({
  pattern: `^[^${WHITESPACE}]`,
  maxLength: 2048,
  description: "the provider's attribute name",
});
export const APPLE_TEAM_ID = pattern({ pattern: "^[A-Z0-9]{10}$", description: "Apple's 10-character team id" });
export const APPLE_KEY_ID = pattern({ pattern: "^[A-Z0-9]{10}$", description: "Apple's 10-character key id" });
export const GRAPH_API_VERSION = pattern({
  pattern: String.raw`^v\d{1,2}\.\d$`,
  description: "a Graph API version such as v19.0",
});
export const OIDC_ISSUER_URL = pattern({
  pattern: `^https://[^${WHITESPACE}#?]+$`,
  description: "an https issuer URL without query or fragment",
});
export const SAML_METADATA_URL = pattern({
  pattern: `^https://[^${WHITESPACE}]+$`,
  description: "an https URL of the IdP's metadata",
});
/** A domain an address belongs to, compared exactly (and lowercased) by the linking trigger. */
export const EMAIL_DOMAIN = pattern({
  pattern: HOSTNAME.pattern,
  maxLength: HOSTNAME.maxLength,
  description:
    'a domain name like "corp.example.com" (the part after "@"; exact, so subdomains are listed one by one; no "*")',
});
export const TERRAFORM_VARIABLE_NAME = pattern({
  pattern: "^[a-z][a-z0-9_]{0,63}$",
  description: "a Terraform variable name of lowercase letters, digits and underscores",
});
export const SSM_PARAMETER_NAME = pattern({
  pattern: "^/?[A-Za-z0-9_./-]+$",
  maxLength: 1011,
  description: "an SSM parameter name such as /auth/google/client-secret",
});
export const SECRET_ID = pattern({
  pattern: "^[A-Za-z0-9/_+=.@:-]+$",
  maxLength: 2048,
  description: "a Secrets Manager secret name or ARN",
});
export const SECRET_JSON_KEY = pattern({
  pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,127}$",
  description:
    "a key of the secret's JSON object made of letters, digits, '_' and '-' (Terraform reads it as an attribute)",
});

// ---- API Gateway ----------------------------------------------------------------------------------

export const THROTTLE_RATE_LIMIT = range(1, 10000, "requests per second");
export const THROTTLE_BURST_LIMIT = range(1, 5000, "requests");

// ---- Lambda functions and logs ------------------------------------------------------------------

/**
 * Lambda runtimes the functions are built for (the bundles target the oldest). `nodejs20.x` is gone:
 * Lambda no longer creates or updates functions on it. `nodejs24.x` needs hashicorp/aws 6.x.
 */
export const FUNCTION_RUNTIMES = ["nodejs22.x", "nodejs24.x"] as const;
/** Runtime of the functions unless a prop names another; the tests run the bundles on its Node major. */
export const DEFAULT_FUNCTION_RUNTIME: (typeof FUNCTION_RUNTIMES)[number] = "nodejs22.x";
export const RUNTIME = oneOf(FUNCTION_RUNTIMES);
/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const LOG_RETENTION = oneOf(LOG_RETENTION_DAYS, "CloudWatch's retention values");
export const MEMORY_SIZE = range(128, 10240, "MB");
export const TIMEOUT_SECONDS = range(3, 900, "seconds");
/** S3's largest object, 5 TiB. */
export const MAX_UPLOAD_BYTES = range(1, 5 * 1024 ** 4, "bytes");
/**
 * Lambda documents no fixed maximum: a function may reserve the Region's concurrency quota less the
 * 100 it keeps unreserved, and the quota (1,000 by default) can be raised to tens of thousands. The
 * bound is a guard against typing errors; AWS checks the quota when the function is deployed.
 */
export const RESERVED_CONCURRENCY = range(1, 10000);
