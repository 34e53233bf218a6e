import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/**
 * No tool checks this. The basic (classic) flow lets a client call AssumeRoleWithWebIdentity itself
 * with any role the pool's tokens are trusted by, bypassing the pool's role mapping.
 */
export const noClassicFlow: Rule = {
  id: "CUP_004",
  aliases: [],
  severity: "H",
  title: "Identity pools use the enhanced flow only (allow_classic_flow false)",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_identity_pool")
      .filter(([, pool]) => pool.allow_classic_flow === true)
      .map(([address]) => ({
        address,
        message: "allow_classic_flow is true: clients may pick any role that trusts the pool",
      })),
};
