import type { LinkableProvider, LinkerConfig } from "./config";

/** The federated identity a pre sign-up event is about. */
export interface ExternalIdentity {
  readonly provider: LinkableProvider;
  /** The user's id with the provider (Google `sub`, Facebook `id`, Amazon `user_id`, OIDC `sub`, SAML NameID). */
  readonly providerUserId: string;
}

/**
 * Reads the provider and the provider's user id from a federated username, `<ProviderName>_<id>`
 * (e.g. `Google_1234`, `Facebook_5678`, `MyOidc_abc`). The provider name is matched without regard
 * to case (case-insensitive pools lowercase the whole username); undefined for a provider that is
 * not linkable.
 */
export function externalIdentityOf(userName: string, config: LinkerConfig): ExternalIdentity | undefined {
  const separator = userName.indexOf("_");
  if (separator < 1 || separator === userName.length - 1) return undefined;
  const provider = config.providers.get(userName.slice(0, separator).toLowerCase());
  return provider ? { provider, providerUserId: userName.slice(separator + 1) } : undefined;
}

/** The email an event carries, if it is one the linker can search for (no control characters, one `@`, at most 254 characters). */
export function usableEmail(attributes: Record<string, string | undefined>): string | undefined {
  const email = attributes.email?.trim();
  if (!email || email.length > 254 || /[\u0000-\u001f\u007f]/.test(email)) return undefined;
  const at = email.lastIndexOf("@");
  return at > 0 && at < email.length - 1 ? email : undefined;
}

/** Whether the identity provider asserted that the user owns the email (`email_verified` mapped from the provider). */
export function emailVerifiedByProvider(attributes: Record<string, string | undefined>): boolean {
  return String(attributes.email_verified ?? "").toLowerCase() === "true";
}

/**
 * A ListUsers filter matching `email` exactly. Cognito reads the value between double quotes;
 * a quote or backslash inside it must be escaped with a backslash.
 */
export function emailFilter(email: string): string {
  return `email = "${email.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}
