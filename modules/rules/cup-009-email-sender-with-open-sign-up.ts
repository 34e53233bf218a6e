import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/**
 * No tool checks this. Cognito's own email sender has a small daily quota shared by the whole pool:
 * with sign-up open to anyone, a script can spend it on sign-up codes and leave real users without
 * verification and password-reset codes. Amazon SES (`email_sending_account = DEVELOPER`) has no such cap.
 */
export const emailSenderWithOpenSignUp: Rule = {
  id: "CUP_009",
  aliases: [],
  severity: "M",
  title: "A pool open to self sign-up sends its email through Amazon SES, not Cognito's quota-limited sender",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool")
      .filter(([, pool]) => blockOf(pool.admin_create_user_config)?.allow_admin_create_user_only !== true)
      .filter(([, pool]) => blockOf(pool.email_configuration)?.email_sending_account !== "DEVELOPER")
      .map(([address]) => ({
        address,
        message:
          "self sign-up is open and email goes through Cognito's default sender, whose small daily quota anyone can exhaust; set email (SES)",
      })),
};
