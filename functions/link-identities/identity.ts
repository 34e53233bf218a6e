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
 * The address with ASCII capitals made small: how addresses are compared and how a created user
 * stores its address. Only A–Z are folded, never other letters: full Unicode lowercasing maps
 * look-alikes onto ASCII (the Kelvin sign U+212A becomes "k"), which would let a provider's
 * `\u212Aate@corp.example.com` match `kate@corp.example.com`.
 */
export function normalizedEmail(email: string): string {
  return email.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** The normalized domain of a usable address (the part after its last `@`). */
export function emailDomainOf(email: string): string {
  return normalizedEmail(email.slice(email.lastIndexOf("@") + 1));
}

/**
 * The spellings to look an address up under. Cognito's ListUsers filter `email = "..."` matches
 * the stored value exactly, case included, so the lookup cannot ignore case by itself: it asks for
 * the address as the provider sent it, with its domain in lowercase, and fully normalized (how
 * this trigger stores the users it creates), and the caller compares the answers normalized. An
 * account whose address was typed with capitals in the local part is found only under those
 * capitals.
 */
export function emailVariants(email: string): string[] {
  const at = email.lastIndexOf("@");
  return [...new Set([email, `${email.slice(0, at)}@${emailDomainOf(email)}`, normalizedEmail(email)])];
}

/**
 * A ListUsers filter matching `email` exactly. Cognito reads the value between double quotes;
 * a quote or backslash inside it must be escaped with a backslash.
 */
export function emailFilter(email: string): string {
  return `email = "${email.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}
