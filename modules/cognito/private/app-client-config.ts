import { CognitoUserPoolClientConfig } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { Token } from "cdktf";
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  APP_CLIENT_NAME,
  CUSTOM_ATTRIBUTE_NAME,
  ID_TOKEN_VALIDITY_MINUTES,
  NATIVE_REDIRECT_URL,
  REDIRECT_URL,
  REFRESH_TOKEN_VALIDITY_DAYS,
} from "../../private/limits";
import {
  fail,
  requireEach,
  requireLimit,
  requireOneOf,
  requireUnique,
  satisfies,
  Where,
} from "../../private/validation";

/**
 * App-client presets:
 * - `web`: public (no secret), authorization-code flow for PKCE, hosted sign-in, https redirect URLs.
 * - `mobile`: public, authorization-code flow through the system browser with native redirect URIs
 *   (`com.example.photos://callback`), and SRP for in-app password sign-in.
 * - `server`: confidential (Cognito generates a secret), client-credentials grant for the
 *   resource-server scopes it is given; no users, no redirects.
 */
export const APP_CLIENT_PRESETS = ["web", "mobile", "server"] as const;
export type AppClientPreset = (typeof APP_CLIENT_PRESETS)[number];

/** One app client of a user pool. */
export interface AppClientOptions {
  /** Name of the client, unique in the pool (letters, digits, spaces and +=,.@_-). */
  readonly name: string;
  readonly preset: AppClientPreset;
  /** Where sign-in returns (web: https or http://localhost; mobile: custom scheme, https or http://localhost). Required for web and mobile. */
  readonly callbackUrls?: string[];
  /** Where sign-out returns. @default - the callback URLs */
  readonly logoutUrls?: string[];
  /** Identity providers offered by this client (`COGNITO` for passwords). @default - COGNITO and every provider of the pool */
  readonly identityProviders?: string[];
  /** OAuth scopes. @default - web and mobile: openid, email, profile; server: required, resource-server scopes (`<identifier>/<scope>`) */
  readonly scopes?: string[];
  /** Minutes an id token stays valid (5–1440). @default 60 */
  readonly idTokenValidityMinutes?: number;
  /** Minutes an access token stays valid (5–1440). @default 60 */
  readonly accessTokenValidityMinutes?: number;
  /** Days a refresh token stays valid (1–3650). @default 30 */
  readonly refreshTokenValidityDays?: number;
  /** Attributes the client may read (standard attributes or `custom:<name>`). @default - every standard attribute */
  readonly readAttributes?: string[];
  /**
   * Attributes users may write through this client (standard attributes but `email_verified` and
   * `phone_number_verified`, or `custom:<name>`); the attributes its identity providers map are always added, as Cognito requires.
   * @default - profile attributes and email (phone_number too with SMS codes)
   */
  readonly writeAttributes?: string[];
}

/** What a client config needs from its pool. */
export interface AppClientContext {
  /** Names of the pool's identity providers. */
  readonly providerNames: readonly string[];
  /** Scope identifiers of the pool's resource servers (`<identifier>/<scope>`). */
  readonly resourceServerScopes: readonly string[];
  /** User-pool attributes each identity provider maps, by provider name: Cognito needs them writable by clients offering it. @default - none */
  readonly mappedAttributes?: Readonly<Record<string, readonly string[]>>;
  /** Users may write their phone number (the pool sends SMS codes). @default false */
  readonly phoneNumberWritable?: boolean;
}

const USER_SCOPES = ["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"];

/** Cognito's standard user attributes, including the two verification flags. */
export const STANDARD_USER_ATTRIBUTES = [
  "address",
  "birthdate",
  "email",
  "email_verified",
  "family_name",
  "gender",
  "given_name",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "phone_number",
  "phone_number_verified",
  "picture",
  "preferred_username",
  "profile",
  "updated_at",
  "website",
  "zoneinfo",
] as const;

/**
 * What a user may change about themself. Left out: the verification flags (a user who could set
 * `email_verified` could claim an address they do not own, which account linking trusts), and
 * `phone_number` unless the pool sends SMS codes; email changes stay pending until verified.
 */
const USER_WRITABLE_ATTRIBUTES = [
  "address",
  "birthdate",
  "email",
  "family_name",
  "gender",
  "given_name",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "picture",
  "preferred_username",
  "profile",
  "updated_at",
  "website",
  "zoneinfo",
];
const VERIFICATION_FLAGS = ["email_verified", "phone_number_verified"];

/** The name of one of a client's options in messages, e.g. `clients[0].callbackUrls`. */
type PropOf = (field: string) => string;

/** Presets whose tokens belong to users and may be exchanged for identity-pool credentials. */
export const isUserClient = (preset: AppClientPreset) => preset !== "server";

/**
 * Validates one client's options and returns the `aws_cognito_user_pool_client` configuration,
 * but for the pool's id and the resources the client must be created after; errors name `where` (the user pool) and the options as props of `prop` (e.g. `clients[0]`), or
 * as props of their own when `prop` is empty (the web client, whose options are the pool's props).
 */
export function appClientConfig(
  where: Where,
  prop: string,
  options: AppClientOptions,
  context: AppClientContext,
): Omit<CognitoUserPoolClientConfig, "userPoolId"> {
  const at: PropOf = (field) => (prop ? `${prop}.${field}` : field);
  requireOneOf(where, at("preset"), options.preset, APP_CLIENT_PRESETS);
  requireLimit(where, at("name"), options.name, APP_CLIENT_NAME);
  const idMinutes = options.idTokenValidityMinutes ?? 60;
  const accessMinutes = options.accessTokenValidityMinutes ?? 60;
  const refreshDays = options.refreshTokenValidityDays ?? 30;
  requireLimit(where, at("idTokenValidityMinutes"), idMinutes, ID_TOKEN_VALIDITY_MINUTES);
  requireLimit(where, at("accessTokenValidityMinutes"), accessMinutes, ACCESS_TOKEN_VALIDITY_MINUTES);
  requireLimit(where, at("refreshTokenValidityDays"), refreshDays, REFRESH_TOKEN_VALIDITY_DAYS);

  const common = {
    name: options.name,
    preventUserExistenceErrors: "ENABLED",
    // A signed-out refresh token must stop working.
    enableTokenRevocation: true,
  };
  const attributes = clientAttributes(where, at, options, context);
  if (options.preset === "server")
    return { ...common, ...attributes, ...serverClient(where, at, options, context, accessMinutes) };

  const callbackUrls = options.callbackUrls ?? [];
  const logoutUrls = options.logoutUrls ?? callbackUrls;
  if (!Token.isUnresolved(callbackUrls) && callbackUrls.length === 0) {
    fail(where, at("callbackUrls"), `must list at least one URL the ${options.preset} client's sign-in may return to`);
  }
  const urlLimit = options.preset === "web" ? REDIRECT_URL : NATIVE_REDIRECT_URL;
  requireEach(where, at("callbackUrls"), callbackUrls, urlLimit);
  requireEach(where, at("logoutUrls"), logoutUrls, urlLimit);
  const scopes = options.scopes ?? ["openid", "email", "profile"];
  for (const scope of scopes) {
    if (!Token.isUnresolved(scope) && !USER_SCOPES.includes(scope) && !context.resourceServerScopes.includes(scope)) {
      fail(
        where,
        at("scopes entries"),
        `must be one of ${[...USER_SCOPES, ...context.resourceServerScopes].map((s) => `"${s}"`).join(", ")}, got "${scope}"`,
      );
    }
  }
  const offered = ["COGNITO", ...context.providerNames];
  const providers = options.identityProviders ?? offered;
  requireUnique(where, at("identityProviders"), providers);
  for (const provider of providers) {
    if (!Token.isUnresolved(provider) && !offered.includes(provider)) {
      fail(
        where,
        at("identityProviders entries"),
        `must be one of ${offered.map((p) => `"${p}"`).join(", ")}, got "${provider}"`,
      );
    }
  }
  return {
    ...common,
    ...attributes,
    // A browser or an installed app cannot keep a secret: the client is public and proves itself with PKCE.
    generateSecret: false,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["code"],
    allowedOauthScopes: scopes,
    callbackUrls,
    logoutUrls,
    supportedIdentityProviders: providers,
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    idTokenValidity: idMinutes,
    accessTokenValidity: accessMinutes,
    refreshTokenValidity: refreshDays,
    tokenValidityUnits: [{ idToken: "minutes", accessToken: "minutes", refreshToken: "days" }],
    authSessionValidity: 3,
  };
}

/**
 * Explicit read and write attributes: without them Cognito lets users write every standard
 * attribute, the verification flags included. The attributes that the client's identity providers
 * map are added to the writable ones, because Cognito refuses a federated sign-in otherwise.
 */
function clientAttributes(where: Where, at: PropOf, options: AppClientOptions, context: AppClientContext) {
  const readAttributes = options.readAttributes ?? [...STANDARD_USER_ATTRIBUTES];
  requireAttributeNames(where, at("readAttributes"), readAttributes, STANDARD_USER_ATTRIBUTES);
  const requested = options.writeAttributes ?? [
    ...USER_WRITABLE_ATTRIBUTES,
    ...(context.phoneNumberWritable ? ["phone_number"] : []),
  ];
  requireAttributeNames(
    where,
    at("writeAttributes"),
    requested,
    STANDARD_USER_ATTRIBUTES.filter((name) => !VERIFICATION_FLAGS.includes(name)),
  );
  const offered = options.preset === "server" ? [] : (options.identityProviders ?? context.providerNames);
  const mapped = offered.flatMap((provider) => context.mappedAttributes?.[provider] ?? []);
  const writeAttributes = [...new Set([...requested, ...mapped])].sort();
  // A client reads at least what it writes.
  return { readAttributes: [...new Set([...readAttributes, ...writeAttributes])].sort(), writeAttributes };
}

function requireAttributeNames(where: Where, prop: string, names: readonly string[], allowed: readonly string[]): void {
  if (Token.isUnresolved(names)) return;
  requireUnique(where, prop, names);
  for (const name of names) {
    if (Token.isUnresolved(name) || allowed.includes(name) || satisfies(CUSTOM_ATTRIBUTE_NAME, name)) continue;
    fail(
      where,
      `${prop} entries`,
      `must be one of ${allowed.map((a) => `"${a}"`).join(", ")} or "custom:<name>", got "${name}"`,
    );
  }
}

function serverClient(
  where: Where,
  at: PropOf,
  options: AppClientOptions,
  context: AppClientContext,
  accessMinutes: number,
) {
  for (const unused of ["callbackUrls", "logoutUrls", "identityProviders"] as const) {
    if (options[unused] !== undefined)
      fail(where, at(unused), "does not apply to a server client (client credentials have no user and no redirect)");
  }
  const scopes = options.scopes ?? [];
  if (!Token.isUnresolved(scopes) && scopes.length === 0) {
    fail(
      where,
      at("scopes"),
      "must list the resource-server scopes (<identifier>/<scope>) the server client may request",
    );
  }
  for (const scope of scopes) {
    if (!Token.isUnresolved(scope) && !context.resourceServerScopes.includes(scope)) {
      const known = context.resourceServerScopes.length
        ? context.resourceServerScopes.map((s) => `"${s}"`).join(", ")
        : "none: add a resource server";
      fail(where, at("scopes entries"), `must be resource-server scopes of this pool (${known}), got "${scope}"`);
    }
  }
  return {
    // A server keeps its secret; Cognito generates it and Terraform stores it in its state.
    generateSecret: true,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["client_credentials"],
    allowedOauthScopes: scopes,
    // Without a list Cognito turns on its defaults (SRP and custom auth); client credentials need none of them.
    explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    accessTokenValidity: accessMinutes,
    tokenValidityUnits: [{ accessToken: "minutes" }],
  };
}
