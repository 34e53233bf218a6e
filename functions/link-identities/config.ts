/** Identity-provider types a user pool federates with, as Cognito names them. */
export const PROVIDER_TYPES = ["Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "OIDC", "SAML"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/**
 * Providers whose user ids survive lowercasing: Google and Facebook ids are digits, Apple's are
 * digits, dots and lowercase hex. Other providers' subjects may hold capitals.
 */
const LOWERCASE_SAFE_TYPES: ReadonlySet<ProviderType> = new Set(["Google", "Facebook", "SignInWithApple"]);

/**
 * Providers that release an address only after checking its owner receives mail there (Google,
 * Sign in with Apple), so they are trusted for any domain unless the configuration narrows them.
 * Any other provider asserts whatever its operator (or its user) typed: an OIDC or SAML IdP, or a
 * Facebook or Amazon account, can claim any address, so it is trusted only for the domains the
 * configuration names.
 */
const PLATFORM_VERIFIED_TYPES: ReadonlySet<ProviderType> = new Set(["Google", "SignInWithApple"]);

/** A lowercase domain name of two or more labels, as the construct writes `emailDomains`. */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A provider whose sign-ins may be linked to the account that owns the same email address. */
export interface LinkableProvider {
  /** The provider name configured in the user pool (`Google`, or the name given to an OIDC/SAML provider). */
  readonly name: string;
  readonly type: ProviderType;
  /** Treat the provider's email as verified although it sends no `email_verified` claim (only with `emailDomains`). */
  readonly trustEmail: boolean;
  /** Lowercase email domains the provider is authoritative for; empty: none named. */
  readonly emailDomains: readonly string[];
  /** The provider's user ids hold no capitals, so a lowercased username still names the right identity. */
  readonly lowercaseUserIds: boolean;
}

/** Settings of the linker, read once per cold start from the function's environment. */
export interface LinkerConfig {
  /** Linkable providers by lowercase name. */
  readonly providers: ReadonlyMap<string, LinkableProvider>;
  /** The pool signs users in by email (`username_attributes = ["email"]`): a new native user is created with its email as username. */
  readonly usernameIsEmail: boolean;
  /** The pool is case-insensitive, so Cognito lowercases the `<provider>_<id>` username it hands to the trigger. */
  readonly caseInsensitiveUsernames: boolean;
}

type Env = Record<string, string | undefined>;

const SHAPE = "LINKABLE_PROVIDERS must be a JSON array of {name, type, trustEmail, emailDomains, lowercaseUserIds}";

/** Builds the configuration from `env`; a malformed value is a deployment error and fails loudly. */
export function readConfig(env: Env): LinkerConfig {
  let declared: unknown;
  try {
    declared = JSON.parse(env.LINKABLE_PROVIDERS ?? "[]");
  } catch {
    throw new Error(SHAPE);
  }
  if (!Array.isArray(declared)) throw new Error(SHAPE);
  const providers = new Map<string, LinkableProvider>();
  for (const entry of declared as Array<Partial<Record<keyof LinkableProvider, unknown>>>) {
    const { name, type, trustEmail, emailDomains = [], lowercaseUserIds = false } = entry ?? {};
    const domainsValid =
      Array.isArray(emailDomains) && emailDomains.every((domain) => typeof domain === "string" && DOMAIN.test(domain));
    if (
      typeof name !== "string" ||
      !/^[^_\s]{1,32}$/.test(name) ||
      !PROVIDER_TYPES.includes(type as ProviderType) ||
      !domainsValid ||
      typeof lowercaseUserIds !== "boolean"
    ) {
      throw new Error(`LINKABLE_PROVIDERS has an invalid entry: ${JSON.stringify(entry)}`);
    }
    if (trustEmail === true && emailDomains.length === 0) {
      throw new Error(
        `LINKABLE_PROVIDERS: ${name} has trustEmail without emailDomains; a provider is trusted for the domains it owns only`,
      );
    }
    providers.set(name.toLowerCase(), {
      name,
      type: type as ProviderType,
      trustEmail: trustEmail === true,
      emailDomains: emailDomains as string[],
      lowercaseUserIds,
    });
  }
  return {
    providers,
    usernameIsEmail: flag(env, "USERNAME_IS_EMAIL", true),
    caseInsensitiveUsernames: flag(env, "CASE_INSENSITIVE_USERNAMES", false),
  };
}

/** Whether a provider's user id can still be used for linking after Cognito lowercased it. */
export function keepsIdCase(provider: LinkableProvider): boolean {
  return LOWERCASE_SAFE_TYPES.has(provider.type) || provider.lowercaseUserIds;
}

/**
 * Whether the provider may speak for addresses at `domain` (lowercase): one of its `emailDomains`
 * exactly (no implicit subdomains), or, with none named, any domain for Google and Apple only.
 */
export function trustedForDomain(provider: LinkableProvider, domain: string): boolean {
  if (provider.emailDomains.length > 0) return provider.emailDomains.includes(domain);
  return PLATFORM_VERIFIED_TYPES.has(provider.type);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === "") return fallback;
  if (value !== "true" && value !== "false") throw new Error(`${name} must be "true" or "false", got "${env[name]}"`);
  return value === "true";
}
