import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/**
 * No tool checks this. A case-sensitive pool lets `Alice@x.com` and `alice@x.com` be two users with
 * two `sub`s and two upload folders, and the setting cannot be changed once the pool exists.
 */
export const caseInsensitiveUsernames: Rule = {
  id: "CUP_006",
  aliases: [],
  severity: "H",
  title: "User pools treat usernames case-insensitively (username_configuration.case_sensitive = false)",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool")
      .filter(([, pool]) => blockOf(pool.username_configuration)?.case_sensitive !== false)
      .map(([address, pool]) => ({
        address,
        message:
          blockOf(pool.username_configuration) === undefined
            ? "username_configuration is unset, so usernames are case-sensitive (immutable after creation)"
            : "username_configuration.case_sensitive is not false, so usernames are case-sensitive (immutable after creation)",
      })),
};
