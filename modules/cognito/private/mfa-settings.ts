import { CognitoUserPoolConfig } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { REGION } from "../../private/limits";
import { fail, requireLimit, requireOneOf, requireUnique, Where } from "../../private/validation";

/** Whether users must, may or may not set up a second factor. */
export type MfaMode = "off" | "optional" | "required";
export const MFA_MODES: readonly MfaMode[] = ["off", "optional", "required"];

/** Second factors: authenticator apps, SMS codes, email codes. */
export const MFA_FACTORS = ["totp", "sms", "email"] as const;
export type MfaFactor = (typeof MFA_FACTORS)[number];

/** What the MFA settings need from the rest of the pool. */
export interface MfaInputs {
  readonly mfa: MfaMode;
  /** As given by the user; undefined means the default (TOTP). */
  readonly factors?: readonly string[];
  /** The role and external id Cognito uses for SMS, when SMS is a factor. */
  readonly smsCaller?: { readonly roleArn: string; readonly externalId: string; readonly snsRegion?: string };
  /** The pool sends email through SES (`email_sending_account = DEVELOPER`). */
  readonly sendsEmailThroughSes: boolean;
  /** The pool's feature plan, when set. */
  readonly featurePlan?: string;
}

/** The factors in force: none when MFA is off, TOTP when nothing is said. */
export function mfaFactorsOf(where: Where, mfa: MfaMode, factors: readonly string[] | undefined): MfaFactor[] {
  requireOneOf(where, "mfa", mfa, MFA_MODES);
  if (mfa === "off") {
    if (factors !== undefined && factors.length > 0) {
      fail(where, "mfaFactors", `must be empty when mfa is "off", got ${factors.map((f) => `"${f}"`).join(", ")}`);
    }
    return [];
  }
  const chosen = factors ?? ["totp"];
  if (chosen.length === 0)
    fail(where, "mfaFactors", `must list at least one of "totp", "sms", "email" when mfa is "${mfa}"`);
  for (const factor of chosen) requireOneOf(where, "mfaFactors", factor, MFA_FACTORS);
  requireUnique(where, "mfaFactors", chosen);
  return chosen as MfaFactor[];
}

/** The user-pool arguments for MFA: mode, TOTP, SMS (with its role) and email codes. */
export function mfaSettings(where: Where, inputs: MfaInputs): Partial<CognitoUserPoolConfig> {
  const factors = mfaFactorsOf(where, inputs.mfa, inputs.factors);
  if (factors.includes("sms") && !inputs.smsCaller) {
    fail(
      where,
      "mfaFactors",
      '"sms" needs an SNS role: leave sms.snsCallerArn unset to create one, or give sms.snsCallerArn and sms.externalId',
    );
  }
  if (factors.includes("email")) {
    if (!inputs.sendsEmailThroughSes) {
      fail(
        where,
        "mfaFactors",
        '"email" needs the pool to send email through SES: set email.sourceArn to a verified SES identity',
      );
    }
    if (inputs.featurePlan === "LITE") {
      fail(where, "mfaFactors", '"email" needs featurePlan "ESSENTIALS" or "PLUS", got "LITE"');
    }
  }
  if (inputs.smsCaller?.snsRegion !== undefined)
    requireLimit(where, "sms.snsRegion", inputs.smsCaller.snsRegion, REGION);
  return {
    mfaConfiguration: { off: "OFF", optional: "OPTIONAL", required: "ON" }[inputs.mfa],
    softwareTokenMfaConfiguration: factors.includes("totp") ? { enabled: true } : undefined,
    ...(factors.includes("email")
      ? { emailMfaConfiguration: { subject: "Your sign-in code", message: "Your sign-in code is {####}" } }
      : {}),
    ...(inputs.smsCaller
      ? {
          smsConfiguration: {
            snsCallerArn: inputs.smsCaller.roleArn,
            externalId: inputs.smsCaller.externalId,
            ...(inputs.smsCaller.snsRegion ? { snsRegion: inputs.smsCaller.snsRegion } : {}),
          },
          smsAuthenticationMessage: "Your sign-in code is {####}",
        }
      : {}),
  };
}
