import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_366: an identity pool that allows guests hands AWS credentials to anyone on the internet. */
export const noGuestIdentities: Rule = {
  id: "CKV_AWS_366",
  aliases: [],
  severity: "H",
  title: "Identity pools give no credentials to unauthenticated (guest) identities",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_identity_pool")
      .filter(([, pool]) => pool.allow_unauthenticated_identities === true)
      .map(([address]) => ({
        address,
        message: "allow_unauthenticated_identities is true: anyone can get credentials of the guest role",
      })),
};
