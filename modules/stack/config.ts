import { readFileSync } from "node:fs";
import { z } from "zod";
import { ROLE_MAPPING_TYPES } from "../identity-pool/identity-pool-with-roles";
import { LOG_RETENTION_DAYS, MOVER_RUNTIMES } from "../lambda/move-upload-function";
import { APP_CLIENT_PRESETS } from "../cognito/private/app-client-config";
import { FEATURE_PLANS, THREAT_PROTECTION_MODES } from "../cognito/private/feature-plan-settings";
import { MFA_FACTORS, MFA_MODES } from "../cognito/private/mfa-settings";
import { IAM_POLICY_ARN } from "../private/iam";

const tags = z.record(z.string(), z.string());
const retentionDays = z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
  message: `must be one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
});
const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

/** Where an identity provider's secret comes from: never the secret itself. */
const secretSource = z.union([
  z.object({ variable: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "a Terraform variable name") }).strict(),
  z.object({ ssmParameter: z.string().min(1) }).strict(),
  z.object({ secretsManagerSecret: z.string().min(1), jsonKey: z.string().optional() }).strict(),
]);
/** The email domains a provider is trusted for when linking accounts: exact names, no wildcards. */
const linkEmailDomains = z
  .array(z.string().regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
    'a domain name like "corp.example.com" (exact: subdomains are listed one by one; no "*")'))
  .min(1, "list at least one domain, or leave linkEmailDomains out");
const providerCommon = {
  attributeMapping: z.record(z.string(), z.string()).optional(),
  scopes: z.array(z.string()).optional(),
  linkEmailDomains: linkEmailDomains.optional(),
  trustEmail: z.boolean().optional(),
  lowercaseUserIds: z.boolean().optional(),
};
const identityProvider = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Google"), clientId: z.string(), clientSecret: secretSource.optional(), ...providerCommon }).strict(),
  z.object({ type: z.literal("Facebook"), clientId: z.string(), clientSecret: secretSource.optional(), apiVersion: z.string().optional(), ...providerCommon }).strict(),
  z.object({ type: z.literal("SignInWithApple"), clientId: z.string(), teamId: z.string(), keyId: z.string(), privateKey: secretSource.optional(), ...providerCommon }).strict(),
  z.object({ type: z.literal("LoginWithAmazon"), clientId: z.string(), clientSecret: secretSource.optional(), ...providerCommon }).strict(),
  z.object({
    type: z.literal("OIDC"), name: z.string(), clientId: z.string(), clientSecret: secretSource.optional(), issuerUrl: z.string(),
    attributesRequestMethod: z.enum(["GET", "POST"]).optional(), identifiers: z.array(z.string()).optional(), ...providerCommon,
  }).strict(),
  z.object({
    type: z.literal("SAML"), name: z.string(), metadataUrl: z.string().optional(), metadataFile: z.string().optional(),
    signOut: z.boolean().optional(), signRequests: z.boolean().optional(), encryptedResponses: z.boolean().optional(),
    identifiers: z.array(z.string()).optional(), attributeMapping: providerCommon.attributeMapping,
    linkEmailDomains: providerCommon.linkEmailDomains, trustEmail: providerCommon.trustEmail, lowercaseUserIds: providerCommon.lowercaseUserIds,
  }).strict(),
]);
/** trustEmail lets a provider vouch for addresses at its linkEmailDomains, so it needs them. */
const identityProviders = z.array(identityProvider).superRefine((providers, context) => {
  providers.forEach((provider, index) => {
    if (provider.trustEmail === true && provider.linkEmailDomains === undefined) {
      context.addIssue({
        code: "custom",
        path: [index, "trustEmail"],
        message: "trustEmail needs linkEmailDomains, the email domains the provider is authoritative for; without them it could vouch for any address",
      });
    }
  });
});
const appClient = z.object({
  name: z.string(),
  preset: z.enum(APP_CLIENT_PRESETS),
  callbackUrls: z.array(z.string()).optional(),
  logoutUrls: z.array(z.string()).optional(),
  identityProviders: z.array(z.string()).optional(),
  scopes: z.array(z.string()).optional(),
  idTokenValidityMinutes: wholeNumber(5, 1440).optional(),
  accessTokenValidityMinutes: wholeNumber(5, 1440).optional(),
  refreshTokenValidityDays: wholeNumber(1, 3650).optional(),
  readAttributes: z.array(z.string()).optional(),
  writeAttributes: z.array(z.string()).optional(),
}).strict();
const resourceServer = z.object({
  identifier: z.string(),
  name: z.string(),
  scopes: z.array(z.object({ name: z.string(), description: z.string() }).strict()).min(1).max(100),
}).strict();
const group = z.object({
  name: z.string(),
  precedence: wholeNumber(0, 2147483647),
  description: z.string().optional(),
  roleName: z.string().optional(),
  canReadAllImages: z.boolean().optional(),
}).strict();

/** The app's configuration: what a team sets to deploy the stack. */
export const uploadsConfigSchema = z
  .object({
    /** Name of the cdktf stack, the folder under cdktf.out/stacks/. */
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, "letters, digits and hyphens, starting with a letter"),
    /** AWS region to deploy to. */
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region such as us-east-1"),
    /** Stem of every resource name. */
    namePrefix: z.string().regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, "3–32 lowercase letters, digits and hyphens"),
    /** Origins of the web app (CORS on the bucket and the API). */
    allowedOrigins: z.array(z.string()),
    /** A development stack: only then may origins and sign-in URLs use http://localhost (the embedded default is one). */
    development: z.boolean().optional(),
    /** Tags for every taggable resource (also the provider's default tags). */
    tags: tags.optional(),
    /** ARN of the IAM policy that bounds every role the stack creates (their permissions boundary). */
    permissionsBoundaryArn: z.string().regex(IAM_POLICY_ARN, "an IAM policy ARN like arn:aws:iam::111122223333:policy/boundary").optional(),
    userPool: z
      .object({
        /** Prefix domain; ignored when customDomain is set. */
        domainPrefix: z.string().optional(),
        customDomain: z.object({ domainName: z.string(), certificateArn: z.string() }).strict().optional(),
        managedLoginVersion: z.union([z.literal(1), z.literal(2)]).optional(),
        callbackUrls: z.array(z.string()).min(1),
        logoutUrls: z.array(z.string()).optional(),
        signInWithUsername: z.boolean().optional(),
        selfSignUpEnabled: z.boolean().optional(),
        mfa: z.enum(MFA_MODES as [string, ...string[]]).optional(),
        passwordMinLength: wholeNumber(12, 99).optional(),
        deletionProtection: z.boolean().optional(),
        idTokenValidityMinutes: wholeNumber(5, 1440).optional(),
        accessTokenValidityMinutes: wholeNumber(5, 1440).optional(),
        refreshTokenValidityDays: wholeNumber(1, 3650).optional(),
        mfaFactors: z.array(z.enum(MFA_FACTORS)).optional(),
        sms: z.object({ snsCallerArn: z.string().optional(), externalId: z.string().optional(), snsRegion: z.string().optional() }).strict().optional(),
        email: z.object({
          sourceArn: z.string(), fromAddress: z.string().optional(), replyToAddress: z.string().optional(), configurationSet: z.string().optional(),
        }).strict().optional(),
        featurePlan: z.enum(FEATURE_PLANS).optional(),
        threatProtection: z.enum(THREAT_PROTECTION_MODES).optional(),
        identityProviders: identityProviders.optional(),
        linkAccountsByEmail: z.boolean().optional(),
        linkingFunction: z.object({
          runtime: z.enum(MOVER_RUNTIMES).optional(), reservedConcurrency: wholeNumber(1, 1000).optional(),
          logRetentionDays: retentionDays.optional(), tracing: z.boolean().optional(),
        }).strict().optional(),
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
        bucketName: z.string().optional(),
        bucketNamePrefix: z.string().optional(),
        uploadPrefix: z.string().optional(),
        imagePrefix: z.string().optional(),
        uploadExpirationDays: wholeNumber(1, 365).optional(),
        allowAnyOrigin: z.boolean().optional(),
        kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:/, "a KMS key ARN").optional(),
        versioned: z.boolean().optional(),
        forceDestroy: z.boolean().optional(),
      })
      .strict()
      .optional(),
    api: z
      .object({
        stageName: z.string().optional(),
        throttleRateLimit: wholeNumber(1, 10000).optional(),
        throttleBurstLimit: wholeNumber(1, 5000).optional(),
        accessLogRetentionDays: retentionDays.optional(),
        manageAccountLoggingRole: z.boolean().optional(),
        tracing: z.boolean().optional(),
      })
      .strict()
      .optional(),
    mover: z
      .object({
        runtime: z.enum(MOVER_RUNTIMES).optional(),
        memorySize: wholeNumber(128, 10240).optional(),
        timeoutSeconds: wholeNumber(3, 900).optional(),
        maxUploadBytes: wholeNumber(1, 5 * 1024 ** 4).optional(),
        reservedConcurrency: wholeNumber(1, 10000).optional(),
        logRetentionDays: retentionDays.optional(),
        tracing: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Resources the estate already manages, used instead of creating them. */
    existing: z
      .object({
        userPool: z
          .object({
            userPoolArn: z.string().regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9a-zA-Z]+$/, "a user pool ARN"),
            userPoolClientId: z.string().regex(/^[\w+]{1,128}$/, "an app client id"),
            userPoolClientIds: z.array(z.string().regex(/^[\w+]{1,128}$/, "an app client id")).min(1).optional(),
            domainUrl: z.string().regex(/^https:\/\/[^/\s]+$/, "an https URL without a path").optional(),
          })
          .strict()
          .optional(),
        bucketName: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name").optional(),
        restApi: z
          .object({
            restApiId: z.string().regex(/^[a-z0-9]{10}$/, "a REST API id (10 lowercase letters and digits)"),
            rootResourceId: z.string().regex(/^[a-z0-9]{10}$/, "a resource id (10 lowercase letters and digits)"),
            executionArn: z.string().regex(/^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[a-z0-9]{10}$/, "an execution ARN like arn:aws:execute-api:us-east-1:111122223333:abc123defg"),
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
            bucket: z.string().min(3),
            key: z.string().min(1),
            region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region such as us-east-1"),
            useLockfile: z.boolean().optional(),
            dynamodbTable: z.string().optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
    /** Point the provider at a LocalStack endpoint instead of AWS (development only). */
    localstack: z
      .object({ endpoint: z.string().regex(/^https?:\/\/[^/\s]+$/, "an endpoint URL such as http://localhost:4566") })
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
 * values replace), validated. Throws one error that names every invalid field.
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
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

const LOCAL_URL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i;

/** The origins and sign-in URLs that point at the developer's own machine, with where they are in the configuration. */
function localhostUrlsOf(config: z.infer<typeof uploadsConfigSchema>): Array<{ path: Array<string | number>; url: string }> {
  const lists: Array<[Array<string | number>, string[] | undefined]> = [
    [["allowedOrigins"], config.allowedOrigins],
    [["userPool", "callbackUrls"], config.userPool.callbackUrls],
    [["userPool", "logoutUrls"], config.userPool.logoutUrls],
    ...(config.userPool.clients ?? []).flatMap((client, index): Array<[Array<string | number>, string[] | undefined]> => [
      [["userPool", "clients", index, "callbackUrls"], client.callbackUrls],
      [["userPool", "clients", index, "logoutUrls"], client.logoutUrls],
    ]),
  ];
  return lists.flatMap(([path, urls]) =>
    (urls ?? []).flatMap((url, index) => (LOCAL_URL.test(url) ? [{ path: [...path, index], url }] : [])));
}

function readSource(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Invalid JSON in ${origin}: ${(error as Error).message}`);
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
