import { keepsIdCase, type LinkableProvider, type LinkerConfig, trustedForDomain } from "./config";
import { type Directory, type DirectoryUser, UserExistsError } from "./directory";
import {
  emailDomainOf,
  emailVariants,
  emailVerifiedByProvider,
  externalIdentityOf,
  normalizedEmail,
  usableEmail,
} from "./identity";

/** Cognito links at most this many federated identities to one user. */
export const MAX_LINKED_IDENTITIES = 5;

/** The part of a pre sign-up event the linker reads. */
export interface SignUpRequest {
  readonly triggerSource: string;
  readonly userName: string;
  readonly userAttributes: Record<string, string | undefined>;
}

/** Why a federated sign-up goes ahead unlinked, as its own user. */
export type PassReason =
  | "not-federated"
  | "provider-not-linkable"
  | "no-email"
  | "provider-not-trusted-for-email"
  | "email-not-verified-by-provider"
  | "provider-id-case-lost"
  | "existing-account-unverified";

/** What the linker decided. */
export type LinkOutcome =
  /** Let Cognito create the federated user as it is. */
  | { readonly action: "pass"; readonly reason: PassReason }
  /** The identity is linked to `username`; the sign-in must be retried to arrive as that user. */
  | {
      readonly action: "linked";
      readonly username: string;
      readonly createdUser: boolean;
      readonly alreadyLinked: boolean;
      readonly provider: string;
    }
  /** The sign-up is refused: the account is disabled, or already holds the most identities Cognito allows. */
  | {
      readonly action: "refused";
      readonly reason: "account-disabled" | "identity-limit";
      readonly username: string;
      readonly provider: string;
    };

/**
 * Links a first federated sign-in to the user that owns the same email address, creating a native
 * user when there is none, so that every provider of one person signs in as one user (one `sub`).
 *
 * Whoever controls an identity provider controls what it asserts, so the provider must first be
 * trusted for the address's domain (Google and Apple for any domain unless narrowed, any other
 * provider only for the domains the configuration names); otherwise the sign-in stays a user of
 * its own and nothing is looked up, created or linked. That closes both take-overs: linking into
 * someone's account, and creating the account for their address before they do (the owner would
 * later reset its password while the provider stays linked). Then the provider must vouch for the
 * address (`email_verified`, or `trustEmail` for its domains), and the destination must be a user
 * whose own address is verified: an unverified account could belong to someone who typed another
 * person's address. Addresses are compared up to ASCII case. It is idempotent: a repeated event
 * finds the user it created and the link it made.
 */
export async function linkByEmail(
  request: SignUpRequest,
  config: LinkerConfig,
  directory: Directory,
): Promise<LinkOutcome> {
  if (request.triggerSource !== "PreSignUp_ExternalProvider") return pass("not-federated");
  const identity = externalIdentityOf(request.userName, config);
  if (!identity) return pass("provider-not-linkable");
  const email = usableEmail(request.userAttributes);
  if (!email) return pass("no-email");
  if (!trustedForDomain(identity.provider, emailDomainOf(email))) return pass("provider-not-trusted-for-email");
  if (!vouchesFor(identity.provider, request.userAttributes)) return pass("email-not-verified-by-provider");
  if (config.caseInsensitiveUsernames && !keepsIdCase(identity.provider)) return pass("provider-id-case-lost");

  const provider = identity.provider.name;
  let destination = await accountFor(email, directory);
  let createdUser = false;
  if (destination === "unverified") return pass("existing-account-unverified");
  if (!destination) {
    try {
      // Stored normalized, so a later sign-in that spells the address with other capitals finds it.
      const stored = normalizedEmail(email);
      destination = {
        username: await directory.createNativeUser(stored),
        status: "CONFIRMED",
        enabled: true,
        email: stored,
        emailVerified: true,
      };
      createdUser = true;
    } catch (error) {
      if (!(error instanceof UserExistsError)) throw error;
      // Another first sign-in of the same person created the user a moment ago: link to that one.
      const found = await accountFor(email, directory);
      if (!found || found === "unverified") throw error;
      destination = found;
    }
  }
  if (!destination.enabled)
    return { action: "refused", reason: "account-disabled", username: destination.username, provider };

  const linked = await directory.linkedIdentities(destination.username);
  const alreadyLinked = linked.some(
    (entry) => entry.providerName.toLowerCase() === provider.toLowerCase() && entry.userId === identity.providerUserId,
  );
  if (!alreadyLinked) {
    if (linked.length >= MAX_LINKED_IDENTITIES)
      return { action: "refused", reason: "identity-limit", username: destination.username, provider };
    await directory.link(destination.username, provider, identity.providerUserId);
  }
  return { action: "linked", username: destination.username, createdUser, alreadyLinked, provider };
}

/**
 * The native user that owns `email`: the oldest one with the address verified. "unverified" when
 * only users with an unverified copy of the address exist; undefined when there is none at all.
 * Federated users are never destinations: they are linked, not linked to.
 */
async function accountFor(email: string, directory: Directory): Promise<DirectoryUser | "unverified" | undefined> {
  const candidates = new Map<string, DirectoryUser>();
  for (const variant of emailVariants(email)) {
    for (const user of await directory.findUsersByEmail(variant)) {
      if (user.status !== "EXTERNAL_PROVIDER") candidates.set(user.username, user);
    }
  }
  const users = [...candidates.values()];
  const verified = users
    .filter((user) => user.emailVerified)
    .sort(
      (a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.username.localeCompare(b.username),
    );
  if (verified.length > 0) return verified[0];
  return users.length > 0 ? "unverified" : undefined;
}

/** The provider says the user owns the address: `email_verified`, or `trustEmail` (which only counts with named domains). */
function vouchesFor(provider: LinkableProvider, attributes: Record<string, string | undefined>): boolean {
  return emailVerifiedByProvider(attributes) || (provider.trustEmail && provider.emailDomains.length > 0);
}

const pass = (reason: PassReason): LinkOutcome => ({ action: "pass", reason });
