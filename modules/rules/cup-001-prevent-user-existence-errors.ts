import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/**
 * No tool checks this. With `LEGACY` (the default) sign-in and password reset answer
 * "user does not exist", which lets anyone list the pool's email addresses.
 */
export const preventUserExistenceErrors: Rule = {
  id: "CUP_001",
  aliases: [],
  severity: "H",
  title: "User pool clients do not reveal whether a user exists (prevent_user_existence_errors ENABLED)",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool_client")
      .filter(([, client]) => client.prevent_user_existence_errors !== "ENABLED")
      .map(([address, client]) => ({
        address,
        message: `prevent_user_existence_errors is ${String(client.prevent_user_existence_errors ?? "LEGACY (unset)")}`,
      })),
};
