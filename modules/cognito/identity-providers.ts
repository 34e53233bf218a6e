import { CognitoIdentityProvider } from "@cdktf/provider-aws/lib/cognito-identity-provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { secretValue, SecretSource } from "./private/secret-value";
import { STANDARD_USER_ATTRIBUTES } from "./private/app-client-config";
import {
  APPLE_KEY_ID,
  APPLE_TEAM_ID,
  ATTRIBUTE_SOURCE,
  CUSTOM_ATTRIBUTE_NAME,
  EMAIL_DOMAIN,
  GRAPH_API_VERSION,
  OIDC_ISSUER_URL,
  PROVIDER_CLIENT_ID,
  PROVIDER_NAME,
  PROVIDER_SCOPE,
  SAML_METADATA_URL,
} from "../private/limits";
import { fail, requireLimit, requireOneOf, requireUnique, satisfies, Where } from "../private/validation";

/** Identity-provider types, as Cognito names them (and as the social providers' fixed names). */
export const IDENTITY_PROVIDER_TYPES = [
  "Google",
  "Facebook",
  "SignInWithApple",
  "LoginWithAmazon",
  "OIDC",
  "SAML",
] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDER_TYPES)[number];

/** What every provider accepts. */
interface ProviderOptions {
  /**
   * Attribute mappings added to (or replacing) the defaults, user-pool attribute → provider
   * attribute, e.g. `{ "given_name": "given_name" }`. Keys are standard attributes or `custom:*`.
   */
  readonly attributeMapping?: Record<string, string>;
  /** Scopes asked of the provider. @default - what the default mapping needs (see each type) */
  readonly scopes?: string[];
  /**
   * Email domains this provider is authoritative for, e.g. `["corp.example.com"]`: account linking
   * trusts its addresses at exactly these domains (subdomains are not implied) and at no other.
   * OIDC, SAML, Facebook and Login with Amazon link only with it; it narrows Google and Sign in
   * with Apple, which otherwise link verified addresses of any domain.
   * @default - Google and Sign in with Apple: any domain; other providers: never linked
   */
  readonly linkEmailDomains?: string[];
  /**
   * Treat the provider's email as verified at its `linkEmailDomains` although it sends no
   * `email_verified` claim (SAML, Facebook, Login with Amazon). Requires `linkEmailDomains`:
   * whoever controls the provider can then sign in to any account at those domains.
   * @default false
   */
  readonly trustEmail?: boolean;
  /**
   * The provider's user ids hold no capital letters (UUIDs or digits, as many OIDC and SAML IdPs
   * issue), so they survive the lowercasing of federated usernames in the pool (usernames are
   * case-insensitive) and its sign-ins can be linked. Without it, Login with Amazon, OIDC and SAML
   * sign-ins are never linked: a lowercased id would name another identity.
   * @default false
   */
  readonly lowercaseUserIds?: boolean;
}

/** Google: scopes `openid email profile`; maps email, email_verified, name, picture. */
export interface GoogleProvider extends ProviderOptions {
  readonly type: "Google";
  /** OAuth client id (not secret). */
  readonly clientId: string;
  /** @default { variable: "google_client_secret" } */
  readonly clientSecret?: SecretSource;
}

/** Facebook: scopes `public_profile,email`; maps email and name (Facebook's picture is an object, not a URL). */
export interface FacebookProvider extends ProviderOptions {
  readonly type: "Facebook";
  /** App id (not secret). */
  readonly clientId: string;
  /** @default { variable: "facebook_client_secret" } */
  readonly clientSecret?: SecretSource;
  /** Graph API version, e.g. `v19.0`. @default - Cognito's default */
  readonly apiVersion?: string;
}

/** Sign in with Apple: scopes `email name`; maps email, email_verified, name. */
export interface AppleProvider extends ProviderOptions {
  readonly type: "SignInWithApple";
  /** Services id, e.g. `com.example.photos.signin`. */
  readonly clientId: string;
  /** Apple developer team id (10 characters). */
  readonly teamId: string;
  /** Id of the private key (10 characters). */
  readonly keyId: string;
  /** The `.p8` private key's contents. @default { variable: "apple_private_key" } */
  readonly privateKey?: SecretSource;
}

/** Login with Amazon: scope `profile`; maps email and name (no email_verified, no picture). */
export interface AmazonProvider extends ProviderOptions {
  readonly type: "LoginWithAmazon";
  readonly clientId: string;
  /** @default { variable: "amazon_client_secret" } */
  readonly clientSecret?: SecretSource;
}

/** A generic OpenID Connect provider: scopes `openid email profile`; maps email, email_verified, name, picture. */
export interface OidcProvider extends ProviderOptions {
  readonly type: "OIDC";
  /** Provider name in the pool and on the hosted sign-in (2–32 letters, digits, `.` or `-`). */
  readonly name: string;
  readonly clientId: string;
  /** @default { variable: "<name in lowercase, '-' and '.' as '_'>_client_secret" } */
  readonly clientSecret?: SecretSource;
  /** Issuer URL (https); Cognito reads the endpoints from its discovery document. */
  readonly issuerUrl: string;
  /** How Cognito calls the userInfo endpoint. @default "GET" */
  readonly attributesRequestMethod?: "GET" | "POST";
  /** Identifiers (e.g. email domains) that route users to this provider on the hosted sign-in. @default - none */
  readonly identifiers?: string[];
}

/** A SAML 2.0 provider: maps email and name from the claims-schema URIs (no email_verified). */
export interface SamlProvider extends ProviderOptions {
  readonly type: "SAML";
  /** Provider name in the pool and on the hosted sign-in (2–32 letters, digits, `.` or `-`). */
  readonly name: string;
  /** URL of the IdP's metadata document (https). Exactly one of metadataUrl and metadataFile. */
  readonly metadataUrl?: string;
  /** The IdP's metadata XML. */
  readonly metadataFile?: string;
  /** Sign users out of the IdP when they sign out of the pool. @default false */
  readonly signOut?: boolean;
  /** Sign authentication requests (rsa-sha256). @default true */
  readonly signRequests?: boolean;
  /** Ask the IdP to encrypt its assertions. @default true */
  readonly encryptedResponses?: boolean;
  /** Identifiers (e.g. email domains) that route users to this provider on the hosted sign-in. @default - none */
  readonly identifiers?: string[];
}

/** One identity provider of a user pool. */
export type IdentityProviderConfig =
  | GoogleProvider
  | FacebookProvider
  | AppleProvider
  | AmazonProvider
  | OidcProvider
  | SamlProvider;

/** What the account-linking trigger needs to know about a provider. */
export interface LinkableProviderSpec {
  readonly name: string;
  readonly type: IdentityProviderType;
  /** Count the provider's email as verified without an `email_verified` claim (needs emailDomains). */
  readonly trustEmail: boolean;
  /** Lowercase email domains the provider is trusted for; required for types other than Google and SignInWithApple. @default - none */
  readonly emailDomains?: string[];
  /** The provider's user ids hold no capitals, so they can be linked after Cognito lowercases them. @default false */
  readonly lowercaseUserIds?: boolean;
}

/** Provider types whose email claims the platform verifies: trusted for any domain unless narrowed. */
export const PLATFORM_VERIFIED_PROVIDER_TYPES: readonly IdentityProviderType[] = ["Google", "SignInWithApple"];

/** Properties of {@link IdentityProviders}. */
export interface IdentityProvidersProps {
  /** Id of the user pool the providers belong to. */
  readonly userPoolId: string;
  /** The providers; at most one of each social type, names unique. */
  readonly providers: IdentityProviderConfig[];
}

/** What a provider's attribute mapping may write: the user-pool attributes, and the username. */
const MAPPABLE_ATTRIBUTES = [...STANDARD_USER_ATTRIBUTES, "username"].sort();
const SAML_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";

/** Defaults per type: scopes, attribute mapping (user-pool attribute → provider attribute). */
export const IDENTITY_PROVIDER_DEFAULTS: Record<
  IdentityProviderType,
  { scopes?: string; mapping: Record<string, string> }
> = {
  Google: {
    scopes: "openid email profile",
    mapping: { email: "email", email_verified: "email_verified", name: "name", picture: "picture", username: "sub" },
  },
  Facebook: { scopes: "public_profile,email", mapping: { email: "email", name: "name", username: "id" } },
  SignInWithApple: {
    scopes: "email name",
    mapping: { email: "email", email_verified: "email_verified", name: "name", username: "sub" },
  },
  LoginWithAmazon: { scopes: "profile", mapping: { email: "email", name: "name", username: "user_id" } },
  OIDC: {
    scopes: "openid email profile",
    mapping: { email: "email", email_verified: "email_verified", name: "name", picture: "picture", username: "sub" },
  },
  SAML: { mapping: { email: `${SAML_CLAIMS}/emailaddress`, name: `${SAML_CLAIMS}/name` } },
};

/**
 * The user pool's federated identity providers. Secrets come from sensitive Terraform variables,
 * SSM parameters or Secrets Manager secrets, never from code.
 */
export class IdentityProviders extends Construct {
  /** Provider names, as the app clients' `supported_identity_providers` list them. */
  public readonly providerNames: string[];
  /** The provider resources, for `dependsOn` (a client can only name a provider that exists). */
  public readonly resources: CognitoIdentityProvider[];

  constructor(scope: Construct, id: string, props: IdentityProvidersProps) {
    super(scope, id);
    this.providerNames = identityProviderNames(props.providers, this);
    this.resources = props.providers.map((provider, index) => this.createProvider(props.userPoolId, provider, index));
  }

  private createProvider(userPoolId: string, provider: IdentityProviderConfig, index: number): CognitoIdentityProvider {
    const name = this.providerNames[index];
    const prop = `providers[${index}]`;
    const defaults = IDENTITY_PROVIDER_DEFAULTS[provider.type];
    if (provider.type === "SAML" && provider.scopes !== undefined)
      fail(this, `${prop}.scopes`, "does not apply to a SAML provider");
    const scopes = provider.scopes ? provider.scopes.join(provider.type === "Facebook" ? "," : " ") : defaults.scopes;
    for (const scope of provider.scopes ?? []) requireLimit(this, `${prop}.scopes`, scope, PROVIDER_SCOPE);
    const mapping = { ...defaults.mapping, ...provider.attributeMapping };
    for (const [attribute, source] of Object.entries(provider.attributeMapping ?? {})) {
      if (!MAPPABLE_ATTRIBUTES.includes(attribute) && !satisfies(CUSTOM_ATTRIBUTE_NAME, attribute)) {
        fail(
          this,
          `${prop}.attributeMapping keys`,
          `must be standard user-pool attributes (${MAPPABLE_ATTRIBUTES.join(", ")}) or custom:<name>, got "${attribute}"`,
        );
      }
      requireLimit(this, `${prop}.attributeMapping.${attribute}`, source, ATTRIBUTE_SOURCE);
    }
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const clientSecret = (source: SecretSource | undefined, defaultVariable: string) =>
      secretValue(
        this,
        `${slug}-client-secret`,
        this,
        `${prop}.clientSecret`,
        source,
        defaultVariable,
        `Client secret of the ${name} identity provider`,
      );
    const clientId = (value: string) => {
      requireLimit(this, `${prop}.clientId`, value, PROVIDER_CLIENT_ID);
      return value;
    };

    let details: Record<string, string>;
    switch (provider.type) {
      case "Google":
        details = {
          client_id: clientId(provider.clientId),
          client_secret: clientSecret(provider.clientSecret, "google_client_secret"),
        };
        break;
      case "LoginWithAmazon":
        details = {
          client_id: clientId(provider.clientId),
          client_secret: clientSecret(provider.clientSecret, "amazon_client_secret"),
        };
        break;
      case "Facebook":
        if (provider.apiVersion !== undefined)
          requireLimit(this, `${prop}.apiVersion`, provider.apiVersion, GRAPH_API_VERSION);
        details = {
          client_id: clientId(provider.clientId),
          client_secret: clientSecret(provider.clientSecret, "facebook_client_secret"),
          ...(provider.apiVersion ? { api_version: provider.apiVersion } : {}),
        };
        break;
      case "SignInWithApple":
        requireLimit(this, `${prop}.teamId`, provider.teamId, APPLE_TEAM_ID);
        requireLimit(this, `${prop}.keyId`, provider.keyId, APPLE_KEY_ID);
        details = {
          client_id: clientId(provider.clientId),
          team_id: provider.teamId,
          key_id: provider.keyId,
          private_key: secretValue(
            this,
            `${slug}-private-key`,
            this,
            `${prop}.privateKey`,
            provider.privateKey,
            "apple_private_key",
            "Private key (.p8) of Sign in with Apple",
          ),
        };
        break;
      case "OIDC":
        requireLimit(this, `${prop}.issuerUrl`, provider.issuerUrl, OIDC_ISSUER_URL);
        requireOneOf(this, `${prop}.attributesRequestMethod`, provider.attributesRequestMethod ?? "GET", [
          "GET",
          "POST",
        ]);
        details = {
          client_id: clientId(provider.clientId),
          client_secret: clientSecret(provider.clientSecret, `${slug.replace(/-/g, "_")}_client_secret`),
          oidc_issuer: provider.issuerUrl,
          attributes_request_method: provider.attributesRequestMethod ?? "GET",
        };
        break;
      case "SAML":
        details = samlDetails(this, provider, prop);
        break;
    }
    if (scopes !== undefined) details.authorize_scopes = scopes;

    const identifiers = provider.type === "OIDC" || provider.type === "SAML" ? provider.identifiers : undefined;
    return new CognitoIdentityProvider(this, slug, {
      userPoolId,
      providerName: name,
      providerType: provider.type,
      providerDetails: details,
      attributeMapping: mapping,
      ...(identifiers?.length ? { idpIdentifiers: identifiers } : {}),
    });
  }
}

/**
 * The names the providers have in the pool (fixed for social providers, chosen for OIDC and SAML),
 * after checking their types and that no name repeats. Errors name `where` and the list as `prop`.
 */
export function identityProviderNames(
  providers: readonly IdentityProviderConfig[],
  where: Where = "IdentityProviders",
  prop = "providers",
): string[] {
  providers.forEach((provider, index) => {
    requireOneOf(where, `${prop}[${index}].type`, String(provider.type), IDENTITY_PROVIDER_TYPES);
  });
  const names = providers.map((provider, index) => providerNameOf(where, `${prop}[${index}]`, provider));
  requireUnique(where, `${prop} names`, names, true);
  // Resource addresses and variable names drop the difference between '.' and '-'.
  requireUnique(
    where,
    `${prop} names (with '.' and '-' taken as the same)`,
    names.map((name) => name.toLowerCase().replace(/[.-]/g, "-")),
  );
  return names;
}

/**
 * The providers account linking may use, with their email domains lowercased, after checking
 * `linkEmailDomains` and `trustEmail`: Google and Sign in with Apple always, any other provider
 * only with `linkEmailDomains` (it can assert any address, so it is trusted for no domain by itself).
 */
export function linkableProviders(
  providers: readonly IdentityProviderConfig[],
  names: readonly string[],
  where: Where = "IdentityProviders",
  prop = "providers",
): LinkableProviderSpec[] {
  return providers.flatMap((provider, index) => {
    const trustEmail = provider.trustEmail === true;
    const emailDomains = checkedEmailDomains(
      where,
      `${prop}[${index}]`,
      "linkEmailDomains",
      provider.linkEmailDomains,
      trustEmail,
    );
    if (emailDomains.length === 0 && !PLATFORM_VERIFIED_PROVIDER_TYPES.includes(provider.type)) return [];
    return [
      {
        name: names[index],
        type: provider.type,
        trustEmail,
        ...(emailDomains.length > 0 ? { emailDomains } : {}),
        ...(provider.lowercaseUserIds === true ? { lowercaseUserIds: true } : {}),
      },
    ];
  });
}

/**
 * `domains` lowercased, after checking each is a domain name, none repeats, and that `trustEmail`
 * comes with at least one: the trigger compares an address's domain with them exactly.
 */
export function checkedEmailDomains(
  where: Where,
  prop: string,
  domainsProp: string,
  domains: readonly string[] | undefined,
  trustEmail: boolean,
): string[] {
  if (domains === undefined) {
    if (trustEmail) {
      fail(
        where,
        `${prop}.trustEmail`,
        `needs ${prop}.${domainsProp}, the email domains the provider is authoritative for ` +
          `(e.g. ["corp.example.com"]); without them it could vouch for any address, and sign in to its account`,
      );
    }
    return [];
  }
  if (Token.isUnresolved(domains))
    fail(
      where,
      `${prop}.${domainsProp}`,
      "must be a literal list: the linking trigger's settings are written at synth",
    );
  if (domains.length === 0) fail(where, `${prop}.${domainsProp}`, "must list at least one domain, or be left out");
  const lowered = domains.map((domain) => (Token.isUnresolved(domain) ? domain : domain.toLowerCase()));
  lowered.forEach((domain, index) => {
    requireLimit(where, `${prop}.${domainsProp}[${index}]`, domain, EMAIL_DOMAIN);
  });
  requireUnique(where, `${prop}.${domainsProp}`, lowered);
  return lowered;
}

function providerNameOf(where: Where, prop: string, provider: IdentityProviderConfig): string {
  if (provider.type !== "OIDC" && provider.type !== "SAML") return provider.type;
  requireLimit(where, `${prop}.name`, provider.name, PROVIDER_NAME);
  return provider.name;
}

function samlDetails(scope: Construct, provider: SamlProvider, prop: string): Record<string, string> {
  if ((provider.metadataUrl === undefined) === (provider.metadataFile === undefined)) {
    fail(scope, prop, "must set exactly one of metadataUrl and metadataFile");
  }
  if (provider.metadataUrl !== undefined) {
    requireLimit(scope, `${prop}.metadataUrl`, provider.metadataUrl, SAML_METADATA_URL);
  } else if (
    !Token.isUnresolved(provider.metadataFile) &&
    !/<([\w-]+:)?EntityDescriptor[\s>]/.test(provider.metadataFile ?? "")
  ) {
    fail(scope, `${prop}.metadataFile`, "must be the IdP's SAML metadata XML (an EntityDescriptor)");
  }
  return {
    ...(provider.metadataUrl !== undefined
      ? { MetadataURL: provider.metadataUrl }
      : { MetadataFile: provider.metadataFile as string }),
    IDPSignout: String(provider.signOut === true),
    ...(provider.signRequests === false ? {} : { RequestSigningAlgorithm: "rsa-sha256" }),
    ...(provider.encryptedResponses === false ? {} : { EncryptedResponses: "true" }),
  };
}

/** The user-pool attributes a provider writes at each sign-in: its mapping's keys, the username aside. */
export function mappedAttributesOf(provider: IdentityProviderConfig): string[] {
  return Object.keys({ ...IDENTITY_PROVIDER_DEFAULTS[provider.type].mapping, ...provider.attributeMapping }).filter(
    (name) => name !== "username",
  );
}
