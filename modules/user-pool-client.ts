import { CognitoUserPoolClientConfig } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { ITerraformDependable, Token } from "cdktf";
import { requireNativeRedirectUrls, requireUnique } from "./sign-in-validation";
import { requireIntegerInRange, requireMatch, requireOneOf, requireRedirectUrls } from "./validation";

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
}

/** What a client config needs from its pool. */
export interface AppClientContext {
  readonly userPoolId: string;
  /** Names of the pool's identity providers. */
  readonly providerNames: readonly string[];
  /** Scope identifiers of the pool's resource servers (`<identifier>/<scope>`). */
  readonly resourceServerScopes: readonly string[];
  /** Resources the client must be created after (identity providers, resource servers). */
  readonly dependsOn?: ITerraformDependable[];
}

const USER_SCOPES = ["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"];

/** Presets whose tokens belong to users and may be exchanged for identity-pool credentials. */
export const isUserClient = (preset: AppClientPreset) => preset !== "server";

/** Validates one client's options and returns the `aws_cognito_user_pool_client` configuration. */
export function appClientConfig(owner: string, prop: string, options: AppClientOptions, context: AppClientContext): CognitoUserPoolClientConfig {
  requireOneOf(owner, `${prop}.preset`, options.preset, APP_CLIENT_PRESETS);
  requireMatch(owner, `${prop}.name`, options.name, /^[\w\s+=,.@-]{1,128}$/, "1–128 letters, digits, spaces or +=,.@_-");
  const idMinutes = options.idTokenValidityMinutes ?? 60;
  const accessMinutes = options.accessTokenValidityMinutes ?? 60;
  const refreshDays = options.refreshTokenValidityDays ?? 30;
  requireIntegerInRange(owner, `${prop}.idTokenValidityMinutes`, idMinutes, 5, 1440, "minutes");
  requireIntegerInRange(owner, `${prop}.accessTokenValidityMinutes`, accessMinutes, 5, 1440, "minutes");
  requireIntegerInRange(owner, `${prop}.refreshTokenValidityDays`, refreshDays, 1, 3650, "days");

  const common = {
    name: options.name,
    userPoolId: context.userPoolId,
    preventUserExistenceErrors: "ENABLED",
    // A signed-out refresh token must stop working.
    enableTokenRevocation: true,
    dependsOn: context.dependsOn?.length ? context.dependsOn : undefined,
  };
  if (options.preset === "server") return { ...common, ...serverClient(owner, prop, options, context, accessMinutes) };

  const callbackUrls = options.callbackUrls ?? [];
  const logoutUrls = options.logoutUrls ?? callbackUrls;
  if (!Token.isUnresolved(callbackUrls) && callbackUrls.length === 0) {
    throw new Error(`${owner}: ${prop}.callbackUrls must list at least one URL the ${options.preset} client's sign-in may return to`);
  }
  const requireUrls = options.preset === "web" ? requireRedirectUrls : requireNativeRedirectUrls;
  requireUrls(owner, `${prop}.callbackUrls`, callbackUrls);
  requireUrls(owner, `${prop}.logoutUrls`, logoutUrls);
  const scopes = options.scopes ?? ["openid", "email", "profile"];
  for (const scope of scopes) {
    if (!Token.isUnresolved(scope) && !USER_SCOPES.includes(scope) && !context.resourceServerScopes.includes(scope)) {
      throw new Error(`${owner}: ${prop}.scopes entries must be one of ${[...USER_SCOPES, ...context.resourceServerScopes].map((s) => `"${s}"`).join(", ")}, got "${scope}"`);
    }
  }
  const offered = ["COGNITO", ...context.providerNames];
  const providers = options.identityProviders ?? offered;
  requireUnique(owner, `${prop}.identityProviders`, providers);
  for (const provider of providers) {
    if (!Token.isUnresolved(provider) && !offered.includes(provider)) {
      throw new Error(`${owner}: ${prop}.identityProviders entries must be one of ${offered.map((p) => `"${p}"`).join(", ")}, got "${provider}"`);
    }
  }
  return {
    ...common,
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

function serverClient(owner: string, prop: string, options: AppClientOptions, context: AppClientContext, accessMinutes: number) {
  for (const unused of ["callbackUrls", "logoutUrls", "identityProviders"] as const) {
    if (options[unused] !== undefined) throw new Error(`${owner}: ${prop}.${unused} does not apply to a server client (client credentials have no user and no redirect)`);
  }
  const scopes = options.scopes ?? [];
  if (!Token.isUnresolved(scopes) && scopes.length === 0) {
    throw new Error(`${owner}: ${prop}.scopes must list the resource-server scopes (<identifier>/<scope>) the server client may request`);
  }
  for (const scope of scopes) {
    if (!Token.isUnresolved(scope) && !context.resourceServerScopes.includes(scope)) {
      const known = context.resourceServerScopes.length ? context.resourceServerScopes.map((s) => `"${s}"`).join(", ") : "none: add a resource server";
      throw new Error(`${owner}: ${prop}.scopes entries must be resource-server scopes of this pool (${known}), got "${scope}"`);
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
