import { MAX_LINKED_IDENTITIES, type LinkOutcome } from "./link";

/**
 * Codes that start the message of a refused sign-up. Cognito passes the message to the app (the
 * hosted UI redirects with `error_description=PreSignUp failed with error <message>.`), so the
 * app can tell a linked identity, which only needs the sign-in repeated, from a real refusal.
 * Messages never contain the email address.
 */
export const REFUSAL_CODES = {
  /** The identity was linked to the account that owns its email: start the same sign-in again. */
  linked: "ACCOUNT_LINKED",
  accountDisabled: "ACCOUNT_DISABLED",
  identityLimit: "LINK_LIMIT_REACHED",
  failed: "LINK_FAILED",
} as const;

/** The message a refused sign-up carries, or undefined when the sign-up may go ahead. */
export function refusalMessage(outcome: LinkOutcome): string | undefined {
  switch (outcome.action) {
    case "pass":
      return undefined;
    case "linked":
      return `${REFUSAL_CODES.linked}: this sign-in is now linked to your existing account; sign in again to continue`;
    case "refused":
      return outcome.reason === "account-disabled"
        ? `${REFUSAL_CODES.accountDisabled}: the account for this email address is disabled`
        : `${REFUSAL_CODES.identityLimit}: the account for this email address already has ${MAX_LINKED_IDENTITIES} linked sign-in providers`;
  }
}

/** The message of a sign-up refused because linking failed (a Cognito error or a timeout): safe to retry. */
export const FAILED_MESSAGE = `${REFUSAL_CODES.failed}: this sign-in could not be linked to your account; try again`;
