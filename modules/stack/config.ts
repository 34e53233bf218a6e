import { readFileSync } from "node:fs";
import { z } from "zod";
import { ROLE_MAPPING_TYPES } from "../identity-pool/identity-pool-with-roles";
import { APP_CLIENT_PRESETS } from "../cognito/private/app-client-config";
import { FEATURE_PLANS, THREAT_PROTECTION_MODES } from "../cognito/private/feature-plan-settings";
import { MFA_FACTORS, MFA_MODES } from "../cognito/private/mfa-settings";
import { ConfigError } from "../errors";
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  AllowedValuesLimit,
  APP_CLIENT_ID,
  APP_CLIENT_NAME,
  APPLE_KEY_ID,
  APPLE_TEAM_ID,
  ATTRIBUTE_SOURCE,
  BUCKET_NAME,
  BUCKET_NAME_PREFIX,
  CERTIFICATE_ARN,
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
  HOSTNAME,
  IAM_POLICY_ARN,
  ID_TOKEN_VALIDITY_MINUTES,
  KEY_PREFIX,
  KMS_KEY_ARN,
  Limit,
  LOCAL_DEVELOPMENT_URL,
  LOCALSTACK_ENDPOINT,
  LOG_RETENTION,
  MANAGED_LOGIN_VERSION,
  MAX_UPLOAD_BYTES,
  MEMORY_SIZE,
  NAME_PREFIX,
  NATIVE_REDIRECT_URL,
  OIDC_ISSUER_URL,
  ORIGIN,
  PASSWORD_MIN_LENGTH,
  PatternLimit,
  PROVIDER_CLIENT_ID,
  PROVIDER_NAME,
  PROVIDER_SCOPE,
  RangeLimit,
  REDIRECT_URL,
  REFRESH_TOKEN_VALIDITY_DAYS,
  REGION,
  RESERVED_CONCURRENCY,
  RESOURCE_SERVER_IDENTIFIER,
  RESOURCE_SERVER_NAME,
  RESOURCE_SERVER_SCOPE_COUNT,
  REST_API_ID,
  REST_RESOURCE_ID,
  ROLE_NAME,
  RUNTIME,
  SAML_METADATA_URL,
  SCOPE_DESCRIPTION,
  SCOPE_NAME,
  SECRET_ID,
  SECRET_JSON_KEY,
  SES_IDENTITY_ARN,
  SMS_EXTERNAL_ID,
  SNS_CALLER_ROLE_ARN,
  SSM_PARAMETER_NAME,
  STACK_NAME,
  STAGE_NAME,
  TERRAFORM_VARIABLE_NAME,
  THROTTLE_BURST_LIMIT,
  THROTTLE_RATE_LIMIT,
  TIMEOUT_SECONDS,
  UPLOAD_EXPIRATION_DAYS,
  USER_POOL_ARN,
} from "../private/limits";
import { countViolationOf, violationOf } from "../private/validation";

/** Reports what `limit` refuses in a value (compared as `normalize` makes it), with the constructs' words. */
const refinedBy =
  <T>(limit: Limit, normalize: (value: T) => unknown = (value) => value) =>
  (value: T, context: z.RefinementCtx) => {
    const problem = violationOf(limit, normalize(value));
    if (problem) context.addIssue({ code: "custom", message: problem });
  };
/** A string field checked against a limit of limits.ts. */
const text = (limit: PatternLimit) => z.string().superRefine(refinedBy<string>(limit));
/** A number field checked against a range of limits.ts. */
const wholeNumber = (limit: RangeLimit) => z.number().superRefine(refinedBy<number>(limit));
/** A number field that must be one of a list of limits.ts. */
const numberOf = (limit: AllowedValuesLimit<number>) => z.number().superRefine(refinedBy<number>(limit));
/** A string field that must be one of a list of limits.ts, typed as that list. */
const choiceOf = <T extends string>(limit: AllowedValuesLimit<T>) =>
  z.enum(limit.values as [T, ...T[]], { error: (issue) => violationOf(limit, issue.input) });
const tags = z.record(z.string(), z.string());
const retentionDays = numberOf(LOG_RETENTION);

/** Where an identity provider's secret comes from: never the secret itself. */
const secretSource = z.union([
  z.object({ variable: text(TERRAFORM_VARIABLE_NAME) }).strict(),
  z.object({ ssmParameter: text(SSM_PARAMETER_NAME) }).strict(),
  z.object({ secretsManagerSecret: text(SECRET_ID), jsonKey: text(SECRET_JSON_KEY).optional() }).strict(),
]);
/** The email domains a provider is trusted for when linking accounts: exact names, no wildcards (compared lowercased). */
const linkEmailDomains = z
  .array(z.string().superRefine(refinedBy<string>(EMAIL_DOMAIN, (domain) => domain.toLowerCase())))
  .min(1, "list at least one domain, or leave linkEmailDomains out");
const providerCommon = {
  attributeMapping: z.record(z.string(), text(ATTRIBUTE_SOURCE)).optional(),
  scopes: z.array(text(PROVIDER_SCOPE)).optional(),
  linkEmailDomains: linkEmailDomains.optional(),
  trustEmail: z.boolean().optional(),
  lowercaseUserIds: z.boolean().optional(),
};
const clientId = text(PROVIDER_CLIENT_ID);
const identityProvider = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Google"), clientId, clientSecret: secretSource.optional(), ...providerCommon }).strict(),
  z
    .object({
      type: z.literal("Facebook"),
      clientId,
      clientSecret: secretSource.optional(),
      apiVersion: text(GRAPH_API_VERSION).optional(),
      ...providerCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal("SignInWithApple"),
      clientId,
      teamId: text(APPLE_TEAM_ID),
      keyId: text(APPLE_KEY_ID),
      privateKey: secretSource.optional(),
      ...providerCommon,
    })
    .strict(),
  z
    .object({ type: z.literal("LoginWithAmazon"), clientId, clientSecret: secretSource.optional(), ...providerCommon })
    .strict(),
  z
    .object({
      type: z.literal("OIDC"),
      name: text(PROVIDER_NAME),
      clientId,
      clientSecret: secretSource.optional(),
      issuerUrl: text(OIDC_ISSUER_URL),
      attributesRequestMethod: z.enum(["GET", "POST"]).optional(),
      identifiers: z.array(z.string()).optional(),
      ...providerCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal("SAML"),
      name: text(PROVIDER_NAME),
      metadataUrl: text(SAML_METADATA_URL).optional(),
      metadataFile: z.string().optional(),
      signOut: z.boolean().optional(),
      signRequests: z.boolean().optional(),
      encryptedResponses: z.boolean().optional(),
      identifiers: z.array(z.string()).optional(),
      attributeMapping: providerCommon.attributeMapping,
      linkEmailDomains: providerCommon.linkEmailDomains,
      trustEmail: providerCommon.trustEmail,
      lowercaseUserIds: providerCommon.lowercaseUserIds,
    })
    .strict(),
]);
/** trustEmail lets a provider vouch for addresses at its linkEmailDomains, so it needs them. */
const identityProviders = z.array(identityProvider).superRefine((providers, context) => {
  providers.forEach((provider, index) => {
    if (provider.trustEmail === true && provider.linkEmailDomains === undefined) {
      context.addIssue({
        code: "custom",
        path: [index, "trustEmail"],
        message:
          "trustEmail needs linkEmailDomains, the email domains the provider is authoritative for; without them it could vouch for any address",
      });
    }
  });
});
const tokenValidity = {
  idTokenValidityMinutes: wholeNumber(ID_TOKEN_VALIDITY_MINUTES).optional(),
  accessTokenValidityMinutes: wholeNumber(ACCESS_TOKEN_VALIDITY_MINUTES).optional(),
  refreshTokenValidityDays: wholeNumber(REFRESH_TOKEN_VALIDITY_DAYS).optional(),
};
/** A web client's redirect URLs are https (or localhost); a mobile client's may also use a custom scheme. */
const appClient = z
  .object({
    name: text(APP_CLIENT_NAME),
    preset: z.enum(APP_CLIENT_PRESETS),
    callbackUrls: z.array(z.string()).optional(),
    logoutUrls: z.array(z.string()).optional(),
    identityProviders: z.array(z.string()).optional(),
    scopes: z.array(z.string()).optional(),
    ...tokenValidity,
    readAttributes: z.array(z.string()).optional(),
    writeAttributes: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((client, context) => {
    const limit = client.preset === "mobile" ? NATIVE_REDIRECT_URL : REDIRECT_URL;
    for (const field of ["callbackUrls", "logoutUrls"] as const) {
      (client[field] ?? []).forEach((url, index) => {
        const problem = violationOf(limit, url);
        if (problem) context.addIssue({ code: "custom", path: [field, index], message: problem });
      });
    }
  });
const resourceServer = z
  .object({
    identifier: text(RESOURCE_SERVER_IDENTIFIER),
    name: text(RESOURCE_SERVER_NAME),
    scopes: z
      .array(z.object({ name: text(SCOPE_NAME), description: text(SCOPE_DESCRIPTION) }).strict())
      .superRefine((scopes, context) => {
        const problem = countViolationOf(RESOURCE_SERVER_SCOPE_COUNT, scopes.length);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();
const group = z
  .object({
    name: text(GROUP_NAME),
    precedence: wholeNumber(GROUP_PRECEDENCE),
    description: text(GROUP_DESCRIPTION).optional(),
    roleName: text(ROLE_NAME).optional(),
    canReadAllImages: z.boolean().optional(),
  })
  .strict();
const functionSettings = {
  runtime: choiceOf(RUNTIME).optional(),
  reservedConcurrency: wholeNumber(RESERVED_CONCURRENCY).optional(),
  logRetentionDays: retentionDays.optional(),
  tracing: z.boolean().optional(),
};

/** The app's configuration: what a team sets to deploy the stack. */
export const uploadsConfigSchema = z
  .object({
    /** Name of the cdktf stack, the folder under cdktf.out/stacks/. */
    stackName: text(STACK_NAME),
    /** AWS region to deploy to. */
    region: text(REGION),
    /** Stem of every resource name. */
    namePrefix: text(NAME_PREFIX),
    /** Origins of the web app (CORS on the bucket and the API). */
    allowedOrigins: z.array(text(ORIGIN)),
    /** A development stack: only then may origins and sign-in URLs use http://localhost (the embedded default is one). */
    development: z.boolean().optional(),
    /** Tags for every taggable resource (also the provider's default tags). */
    tags: tags.optional(),
    /** ARN of the IAM policy that bounds every role the stack creates (their permissions boundary). */
    permissionsBoundaryArn: text(IAM_POLICY_ARN).optional(),
    userPool: z
      .object({
        /** Prefix domain; ignored when customDomain is set. */
        domainPrefix: text(DOMAIN_PREFIX).optional(),
        customDomain: z
          .object({ domainName: text(HOSTNAME), certificateArn: text(CERTIFICATE_ARN) })
          .strict()
          .optional(),
        managedLoginVersion: numberOf(MANAGED_LOGIN_VERSION).optional(),
        callbackUrls: z.array(text(REDIRECT_URL)).min(1),
        logoutUrls: z.array(text(REDIRECT_URL)).optional(),
        signInWithUsername: z.boolean().optional(),
        selfSignUpEnabled: z.boolean().optional(),
        mfa: z.enum(MFA_MODES as [string, ...string[]]).optional(),
        passwordMinLength: wholeNumber(PASSWORD_MIN_LENGTH).optional(),
        deletionProtection: z.boolean().optional(),
        ...tokenValidity,
        mfaFactors: z.array(z.enum(MFA_FACTORS)).optional(),
        sms: z
          .object({
            snsCallerArn: text(SNS_CALLER_ROLE_ARN).optional(),
            externalId: text(SMS_EXTERNAL_ID).optional(),
            snsRegion: text(REGION).optional(),
          })
          .strict()
          .optional(),
        email: z
          .object({
            sourceArn: text(SES_IDENTITY_ARN),
            fromAddress: text(EMAIL_FROM).optional(),
            replyToAddress: text(EMAIL_ADDRESS).optional(),
            configurationSet: z.string().optional(),
          })
          .strict()
          .optional(),
        featurePlan: z.enum(FEATURE_PLANS).optional(),
        threatProtection: z.enum(THREAT_PROTECTION_MODES).optional(),
        identityProviders: identityProviders.optional(),
        linkAccountsByEmail: z.boolean().optional(),
        linkingFunction: z.object(functionSettings).strict().optional(),
        clients: z.array(appClient).optional(),
        resourceServers: z.array(resourceServer).optional(),
      })
      .strict()
      .refine((pool) => pool.domainPrefix !== undefined || pool.customDomain !== undefined, {
        message: "set domainPrefix or customDomain",
        path: ["domainPrefix"],
      }),
    identityPool: z
      .object({
        allowGuests: z.boolean().optional(),
        usersCanReadOwnImages: z.boolean().optional(),
        groups: z.array(group).optional(),
        roleMapping: z.enum(ROLE_MAPPING_TYPES).optional(),
      })
      .strict()
      .optional(),
    bucket: z
      .object({
        bucketName: text(BUCKET_NAME).optional(),
        bucketNamePrefix: text(BUCKET_NAME_PREFIX).optional(),
        uploadPrefix: text(KEY_PREFIX).optional(),
        imagePrefix: text(KEY_PREFIX).optional(),
        uploadExpirationDays: wholeNumber(UPLOAD_EXPIRATION_DAYS).optional(),
        allowAnyOrigin: z.boolean().optional(),
        kmsKeyArn: text(KMS_KEY_ARN).optional(),
        versioned: z.boolean().optional(),
        forceDestroy: z.boolean().optional(),
      })
      .strict()
      .optional(),
    api: z
      .object({
        stageName: text(STAGE_NAME).optional(),
        throttleRateLimit: wholeNumber(THROTTLE_RATE_LIMIT).optional(),
        throttleBurstLimit: wholeNumber(THROTTLE_BURST_LIMIT).optional(),
        accessLogRetentionDays: retentionDays.optional(),
        manageAccountLoggingRole: z.boolean().optional(),
        tracing: z.boolean().optional(),
      })
      .strict()
      .optional(),
    mover: z
      .object({
        ...functionSettings,
        memorySize: wholeNumber(MEMORY_SIZE).optional(),
        timeoutSeconds: wholeNumber(TIMEOUT_SECONDS).optional(),
        maxUploadBytes: wholeNumber(MAX_UPLOAD_BYTES).optional(),
      })
      .strict()
      .optional(),
    /** EventBridge bus that hears of every stored image (docs/events.md); the account's default bus when absent. */
    eventBusArn: text(EVENT_BUS_ARN).optional(),
    /** Scan uploads with GuardDuty Malware Protection for S3; the mover moves only clean ones (docs/events.md). */
    malwareScanning: z.boolean().optional(),
    /** Resources the estate already manages, used instead of creating them. */
    existing: z
      .object({
        userPool: z
          .object({
            userPoolArn: text(USER_POOL_ARN),
            userPoolClientId: text(APP_CLIENT_ID),
            userPoolClientIds: z.array(text(APP_CLIENT_ID)).min(1).optional(),
            domainUrl: text(HOSTED_DOMAIN_URL).optional(),
          })
          .strict()
          .optional(),
        bucketName: text(BUCKET_NAME).optional(),
        restApi: z
          .object({
            restApiId: text(REST_API_ID),
            rootResourceId: text(REST_RESOURCE_ID),
            executionArn: text(EXECUTION_ARN),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** Remote state; local state in the stack folder when absent. */
    backend: z
      .object({
        s3: z
          .object({
            // Not BUCKET_NAME: a state bucket may be older than S3's current naming rules.
            bucket: z.string().min(3),
            key: z.string().min(1),
            region: text(REGION),
            useLockfile: z.boolean().optional(),
            dynamodbTable: z.string().optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
    /** Point the provider at a LocalStack endpoint instead of AWS (development only). */
    localstack: z
      .object({ endpoint: text(LOCALSTACK_ENDPOINT) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.development === true) return;
    for (const { path, url } of localhostUrlsOf(config)) {
      context.addIssue({
        code: "custom",
        path,
        message: `"${url}" is a local development URL: set "development": true for a development stack, or use https`,
      });
    }
  });

/** A validated configuration. */
export type UploadsConfig = z.infer<typeof uploadsConfigSchema>;

/** The configuration used when nothing overrides it: a development stack for a web app on localhost. */
export const DEFAULT_CONFIG: UploadsConfig = {
  stackName: "image-uploads",
  region: "us-east-1",
  namePrefix: "image-uploads",
  allowedOrigins: ["http://localhost:5173"],
  development: true,
  tags: { application: "image-uploads" },
  userPool: {
    // Prefix domains are unique per region: change this before the first deploy.
    domainPrefix: "image-uploads-dev",
    callbackUrls: ["http://localhost:5173/"],
    mfa: "optional",
  },
};

/** Where overrides come from, in the order they apply over {@link DEFAULT_CONFIG}. */
export interface ConfigSources {
  /** Path of a JSON file of overrides (env `UPLOADS_CONFIG`). */
  readonly file?: string;
  /** Inline JSON overrides (env `UPLOADS_CONFIG_JSON`), applied after the file. */
  readonly json?: string;
}

/** Reads the configuration sources from the environment. */
export function configSourcesFromEnv(env: NodeJS.ProcessEnv = process.env): ConfigSources {
  return { file: env.UPLOADS_CONFIG || undefined, json: env.UPLOADS_CONFIG_JSON || undefined };
}

/**
 * The default configuration with the overrides merged in (objects merge key by key, arrays and
 * values replace), validated. Throws one {@link ConfigError} that names every invalid field.
 */
export function loadConfig(sources: ConfigSources = {}): UploadsConfig {
  // A configuration of one's own says for itself whether it is for development: the default's flag is not inherited.
  let merged: unknown = sources.file || sources.json ? { ...DEFAULT_CONFIG, development: undefined } : DEFAULT_CONFIG;
  if (sources.file) merged = deepMerge(merged, parseJson(readSource(sources.file), `config file ${sources.file}`));
  if (sources.json) merged = deepMerge(merged, parseJson(sources.json, "UPLOADS_CONFIG_JSON"));
  return validateConfig(merged);
}

/** Validates a whole configuration object. */
export function validateConfig(candidate: unknown): UploadsConfig {
  const result = uploadsConfigSchema.safeParse(candidate);
  if (!result.success) {
    throw new ConfigError(
      "Invalid configuration",
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  return result.data;
}

/** The origins and sign-in URLs that point at the developer's own machine, with where they are in the configuration. */
function localhostUrlsOf(
  config: z.infer<typeof uploadsConfigSchema>,
): Array<{ path: Array<string | number>; url: string }> {
  const lists: Array<[Array<string | number>, string[] | undefined]> = [
    [["allowedOrigins"], config.allowedOrigins],
    [["userPool", "callbackUrls"], config.userPool.callbackUrls],
    [["userPool", "logoutUrls"], config.userPool.logoutUrls],
    ...(config.userPool.clients ?? []).flatMap(
      (client, index): Array<[Array<string | number>, string[] | undefined]> => [
        [["userPool", "clients", index, "callbackUrls"], client.callbackUrls],
        [["userPool", "clients", index, "logoutUrls"], client.logoutUrls],
      ],
    ),
  ];
  return lists.flatMap(([path, urls]) =>
    (urls ?? []).flatMap((url, index) => (LOCAL_DEVELOPMENT_URL.test(url) ? [{ path: [...path, index], url }] : [])),
  );
}

function readSource(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Invalid JSON in ${origin}: ${(error as Error).message}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = deepMerge(base[key], value);
  return result;
}
