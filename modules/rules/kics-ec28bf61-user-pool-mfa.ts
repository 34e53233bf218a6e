import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors KICS ec28bf61 (Cognito user pool without MFA). */
export const userPoolMfa: Rule = {
  id: "KICS_ec28bf61",
  aliases: [],
  severity: "M",
  title: "User pools offer or require a second factor (MFA OPTIONAL or ON)",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool")
      .filter(([, pool]) => pool.mfa_configuration !== "ON" && pool.mfa_configuration !== "OPTIONAL")
      .map(([address, pool]) => ({
        address,
        message: `mfa_configuration is ${String(pool.mfa_configuration ?? "OFF (unset)")}`,
      })),
};
