import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** No tool checks this. Deleting a user pool deletes every user irrecoverably; one mistaken plan is enough. */
export const userPoolDeletionProtection: Rule = {
  id: "CUP_002",
  aliases: [],
  severity: "H",
  title: "User pools refuse deletion (deletion_protection ACTIVE)",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool")
      .filter(([, pool]) => pool.deletion_protection !== "ACTIVE")
      .map(([address, pool]) => ({
        address,
        message: `deletion_protection is ${String(pool.deletion_protection ?? "INACTIVE (unset)")}`,
      })),
};
