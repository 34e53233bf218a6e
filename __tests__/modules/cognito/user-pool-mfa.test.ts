import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { logicalName, onlyResource, parsePolicy, resourcesOf, synthOf } from "../../support/synth";

const required: UserPoolProps = {
  name: "photos",
  domainPrefix: "photos-dev",
  callbackUrls: ["https://app.example.com/callback"],
};
const ses = {
  sourceArn: "arn:aws:ses:us-east-1:111122223333:identity/example.com",
  fromAddress: "Photos <no-reply@example.com>",
};
const synthPool = (props: Partial<UserPoolProps> = {}) =>
  synthOf((stack) => new UserPool(stack, "users", { ...required, ...props }));
const poolOf = (props: Partial<UserPoolProps>) => onlyResource(synthPool(props).tf, "aws_cognito_user_pool");

describe("UserPool MFA", () => {
  test("offers authenticator apps only by default, and neither SMS nor email codes", () => {
    const pool = poolOf({});
    expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
    expect(pool.sms_configuration).toBeUndefined();
    expect(pool.email_mfa_configuration).toBeUndefined();
  });

  describe("with SMS codes", () => {
    const { tf } = synthPool({ mfa: "required", mfaFactors: ["totp", "sms"] });
    const pool = onlyResource(tf, "aws_cognito_user_pool");
    const role = onlyResource(tf, "aws_iam_role");

    const policyName = logicalName(tf, "aws_iam_policy", "sms-role_publish-policy");
    const data = (tf.data ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    const policyArnData = Object.keys(data.aws_arn ?? {}).find((name) => name.includes("sms-role"));

    test("creates the SNS role Cognito assumes, trusted only for this account's user pools presenting the pool's external id", () => {
      expect(pool.sms_configuration.sns_caller_arn).toMatch(/^\$\{aws_iam_role\.users_sms-role_\w+\.arn\}$/);
      const account = `\${data.aws_arn.${policyArnData}.account}`;
      expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "cognito-idp.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "sts:ExternalId": pool.sms_configuration.external_id, "aws:SourceAccount": account },
            ArnLike: {
              "aws:SourceArn": `arn:\${data.aws_arn.${policyArnData}.partition}:cognito-idp:*:${account}:userpool/*`,
            },
          },
        },
      ]);
      expect(pool.mfa_configuration).toBe("ON");
    });

    test("reads the account from the ARN of the role's own policy, with no AWS lookup at plan time", () => {
      expect(data.aws_arn?.[policyArnData!]?.arn).toBe(`\${aws_iam_policy.${policyName}.arn}`);
      expect(data.aws_caller_identity).toBeUndefined();
    });

    test("uses the publish policy's AWS-assigned id as the external id, so no two deployments share one", () => {
      expect(pool.sms_configuration.external_id).toBe(`\${aws_iam_policy.${policyName}.policy_id}`);
    });

    test("lets the role publish SMS to phone numbers but not to topics, through an attached policy", () => {
      expect(resourcesOf(tf, "aws_iam_role_policy")).toEqual({});
      expect(parsePolicy(onlyResource(tf, "aws_iam_policy").policy).Statement).toEqual([
        { Sid: "PublishSmsToPhoneNumbers", Effect: "Allow", Action: "sns:Publish", Resource: "*" },
        { Sid: "NoTopics", Effect: "Deny", Action: "sns:Publish", Resource: "arn:aws:sns:*:*:*" },
      ]);
      expect(onlyResource(tf, "aws_iam_role_policy_attachment")).toEqual(
        expect.objectContaining({
          role: expect.stringMatching(/^\$\{aws_iam_role\.users_sms-role_\w+\.name\}$/),
          policy_arn: `\${aws_iam_policy.${policyName}.arn}`,
        }),
      );
    });

    test("creates the pool after the role's policy is attached, and offers a verified phone for recovery after the email", () => {
      expect(pool.depends_on).toEqual([
        expect.stringMatching(/^aws_iam_role_policy_attachment\.users_sms-role_publish-policy-attachment/),
      ]);
      expect(pool.account_recovery_setting.recovery_mechanism).toEqual([
        { name: "verified_email", priority: 1 },
        { name: "verified_phone_number", priority: 2 },
      ]);
    });
  });

  test("takes an external id given for the created role, and still pins the account", () => {
    const { tf } = synthPool({ mfaFactors: ["sms"], sms: { externalId: "photos-sms-7f3a" } });
    const trust = parsePolicy(onlyResource(tf, "aws_iam_role").assume_role_policy).Statement[0];
    expect(onlyResource(tf, "aws_cognito_user_pool").sms_configuration.external_id).toBe("photos-sms-7f3a");
    expect(trust.Condition?.StringEquals).toEqual({
      "sts:ExternalId": "photos-sms-7f3a",
      "aws:SourceAccount": expect.stringMatching(/^\$\{data\.aws_arn\.[\w-]+\.account\}$/),
    });
  });

  test("uses an existing SNS role with its external id instead of creating one", () => {
    const { tf } = synthPool({
      mfaFactors: ["sms"],
      sms: {
        snsCallerArn: "arn:aws:iam::111122223333:role/cognito-sms",
        externalId: "photos-sms",
        snsRegion: "eu-west-1",
      },
    });
    expect(resourcesOf(tf, "aws_iam_role")).toEqual({});
    expect(onlyResource(tf, "aws_cognito_user_pool").sms_configuration).toEqual({
      sns_caller_arn: "arn:aws:iam::111122223333:role/cognito-sms",
      external_id: "photos-sms",
      sns_region: "eu-west-1",
    });
  });

  test("sends email codes through SES when email is a factor", () => {
    const pool = poolOf({ mfaFactors: ["totp", "email"], email: ses });
    expect(pool.email_mfa_configuration).toEqual({
      subject: "Your sign-in code",
      message: "Your sign-in code is {####}",
    });
    expect(pool.email_configuration).toEqual({
      email_sending_account: "DEVELOPER",
      source_arn: ses.sourceArn,
      from_email_address: ses.fromAddress,
    });
  });

  test("can offer SMS or email codes without authenticator apps", () => {
    const pool = poolOf({ mfaFactors: ["email"], email: ses });
    expect(pool.software_token_mfa_configuration).toBeUndefined();
    expect(pool.mfa_configuration).toBe("OPTIONAL");
  });

  describe("rejects invalid MFA settings, naming the prop", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      [
        "email codes without SES",
        { mfaFactors: ["email"] },
        /mfaFactors "email" needs the pool to send email through SES: set email\.sourceArn/,
      ],
      [
        "email codes on the Lite plan",
        { mfaFactors: ["email"], email: ses, featurePlan: "LITE" },
        /mfaFactors "email" needs featurePlan "ESSENTIALS" or "PLUS", got "LITE"/,
      ],
      [
        "factors while MFA is off",
        { mfa: "off", mfaFactors: ["totp"] },
        /mfaFactors must be empty when mfa is "off", got "totp"/,
      ],
      [
        "no factor while MFA is required",
        { mfa: "required", mfaFactors: [] },
        /mfaFactors must list at least one of "totp", "sms", "email" when mfa is "required"/,
      ],
      [
        "an unknown factor",
        { mfaFactors: ["push" as never] },
        /mfaFactors must be one of "totp", "sms", "email", got "push"/,
      ],
      ["a factor twice", { mfaFactors: ["totp", "totp"] }, /mfaFactors must be unique/],
      [
        "an external id for the created role with a space in it",
        { mfaFactors: ["sms"], sms: { externalId: "photos sms" } },
        /externalId must be 2–1224 letters, digits or \+=,\.@:\/_-, got "photos sms"/,
      ],
      [
        "an existing SMS role without its external id",
        { mfaFactors: ["sms"], sms: { snsCallerArn: "arn:aws:iam::111122223333:role/cognito-sms" } },
        /sms\.externalId must be set with sms\.snsCallerArn/,
      ],
      [
        "an SMS role ARN that is not a role",
        { mfaFactors: ["sms"], sms: { snsCallerArn: "arn:aws:iam::111122223333:user/bob", externalId: "x1" } },
        /sms\.snsCallerArn must be an ARN like/,
      ],
      [
        "an SES source that is not an SES identity",
        { email: { sourceArn: "arn:aws:sns:us-east-1:111122223333:topic" } },
        /email\.sourceArn must be an ARN like "arn:aws:ses:/,
      ],
      [
        "a reply-to that is not an address",
        { email: { ...ses, replyToAddress: "support" } },
        /email\.replyToAddress must be an email address/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });
  });
});

describe("UserPool threat protection", () => {
  test("leaves the feature plan and add-ons alone by default, so an existing pool keeps its plan", () => {
    const pool = poolOf({});
    expect(pool.user_pool_tier).toBeUndefined();
    expect(pool.user_pool_add_ons).toBeUndefined();
  });

  test("enforces threat protection on the Plus plan", () => {
    const pool = poolOf({ threatProtection: "enforced" });
    expect(pool.user_pool_tier).toBe("PLUS");
    expect(pool.user_pool_add_ons).toEqual({ advanced_security_mode: "ENFORCED" });
  });

  test("can only record risks, in audit mode", () => {
    expect(poolOf({ threatProtection: "audit" }).user_pool_add_ons).toEqual({ advanced_security_mode: "AUDIT" });
  });

  test("sets a feature plan when one is asked for", () => {
    expect(poolOf({ featurePlan: "ESSENTIALS" }).user_pool_tier).toBe("ESSENTIALS");
  });

  test.each<[string, Partial<UserPoolProps>, RegExp]>([
    [
      "threat protection below Plus",
      { threatProtection: "enforced", featurePlan: "ESSENTIALS" },
      /threatProtection "enforced" needs featurePlan "PLUS", got "ESSENTIALS"/,
    ],
    [
      "an unknown protection mode",
      { threatProtection: "on" as never },
      /threatProtection must be one of "off", "audit", "enforced", got "on"/,
    ],
    [
      "an unknown plan",
      { featurePlan: "GOLD" as never },
      /featurePlan must be one of "LITE", "ESSENTIALS", "PLUS", got "GOLD"/,
    ],
  ])("rejects %s, naming the prop", (_, props, message) => {
    expect(() => synthPool(props)).toThrow(message);
  });
});
