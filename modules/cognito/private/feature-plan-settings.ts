import { CognitoUserPoolConfig } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { fail, requireOneOf, Where } from "../../private/validation";

/** Cognito's feature plans (`user_pool_tier`); new pools start on Essentials. */
export const FEATURE_PLANS = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type FeaturePlan = (typeof FEATURE_PLANS)[number];

/**
 * Threat protection (advanced security): `audit` records risk ratings, `enforced` also blocks or
 * challenges risky sign-ins and compromised passwords. Either needs the Plus plan, which bills every
 * monthly active user at the Plus rate.
 */
export const THREAT_PROTECTION_MODES = ["off", "audit", "enforced"] as const;
export type ThreatProtection = (typeof THREAT_PROTECTION_MODES)[number];

/**
 * The pool's `user_pool_tier` and `user_pool_add_ons`. Nothing is written when neither a plan nor
 * threat protection is asked for, so an existing pool keeps the plan it has.
 */
export function featurePlanSettings(
  where: Where,
  plan: string | undefined,
  threatProtection: string,
): Partial<CognitoUserPoolConfig> {
  requireOneOf(where, "threatProtection", threatProtection, THREAT_PROTECTION_MODES);
  if (plan !== undefined) requireOneOf(where, "featurePlan", plan, FEATURE_PLANS);
  if (threatProtection === "off") return plan !== undefined ? { userPoolTier: plan } : {};
  if (plan !== undefined && plan !== "PLUS") {
    fail(where, "threatProtection", `"${threatProtection}" needs featurePlan "PLUS", got "${plan}"`);
  }
  return {
    userPoolTier: "PLUS",
    userPoolAddOns: { advancedSecurityMode: threatProtection === "audit" ? "AUDIT" : "ENFORCED" },
  };
}
