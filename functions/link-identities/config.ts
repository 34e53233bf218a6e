/** Identity-provider types a user pool federates with, as Cognito names them. */
export const PROVIDER_TYPES = ["Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "OIDC", "SAML"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/**
 * Providers whose user ids survive lowercasing: Google and Facebook ids are digits, Apple's are
 * digits, dots and lowercase hex. Other providers' subjects may hold capitals.
 */
const LOWERCASE_SAFE_TYPES: ReadonlySet<ProviderType> = new Set(["Google", "Facebook", "SignInWithApple"]);

/** A provider whose sign-ins may be linked to the account that owns the same email address. */
export interface LinkableProvider {
  /** The provider name configured in the user pool (`Google`, or the name given to an OIDC/SAML provider). */
  readonly name: string;
  readonly type: ProviderType;
  /** Treat the provider's email as verified although it sends no `email_verified` claim. */
  readonly trustEmail: boolean;
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

/** Builds the configuration from `env`; a malformed value is a deployment error and fails loudly. */
export function readConfig(env: Env): LinkerConfig {
  let declared: unknown;
  try {
    declared = JSON.parse(env.LINKABLE_PROVIDERS ?? "[]");
  } catch {
    throw new Error("LINKABLE_PROVIDERS must be a JSON array of {name, type, trustEmail}");
  }
  if (!Array.isArray(declared)) throw new Error("LINKABLE_PROVIDERS must be a JSON array of {name, type, trustEmail}");
  const providers = new Map<string, LinkableProvider>();
  for (const entry of declared as Array<Partial<LinkableProvider>>) {
    const { name, type, trustEmail } = entry ?? {};
    if (typeof name !== "string" || !/^[^_\s]{1,32}$/.test(name) || !PROVIDER_TYPES.includes(type as ProviderType)) {
      throw new Error(`LINKABLE_PROVIDERS has an invalid entry: ${JSON.stringify(entry)}`);
    }
    providers.set(name.toLowerCase(), { name, type: type as ProviderType, trustEmail: trustEmail === true });
  }
  return {
    providers,
    usernameIsEmail: flag(env, "USERNAME_IS_EMAIL", true),
    caseInsensitiveUsernames: flag(env, "CASE_INSENSITIVE_USERNAMES", false),
  };
}

/** Whether a provider's user id can still be used for linking after Cognito lowercased it. */
export function keepsIdCase(provider: LinkableProvider): boolean {
  return LOWERCASE_SAFE_TYPES.has(provider.type);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === "") return fallback;
  if (value !== "true" && value !== "false") throw new Error(`${name} must be "true" or "false", got "${env[name]}"`);
  return value === "true";
}
