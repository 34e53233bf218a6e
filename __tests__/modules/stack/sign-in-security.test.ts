import { isBlocking, runRules } from "../../../modules/rules";
import { synthOf } from "../../support/synth";
import { buildSignInStack } from "../../support/sign-in-fixtures";

describe("the security rules on a stack with every sign-in feature", () => {
  const { tf } = synthOf((stack) => buildSignInStack(stack));
  const smsPolicy = Object.keys(tf.resource?.aws_iam_policy ?? {}).find((name) =>
    name.includes("sms-role_publish-policy"),
  );
  const results = runRules(tf as never, {
    suppressions: [
      {
        ruleId: "CKV_AWS_355",
        address: `aws_iam_policy.${smsPolicy}`,
        reason:
          'SNS publishes SMS to phone numbers, which have no ARN: "*" is the only resource it accepts; topics are denied',
      },
    ],
  });

  test("has no high-severity finding", () => {
    expect(results.filter((result) => isBlocking(result)).map((r) => [r.rule.id, r.findings])).toEqual([]);
  });

  test("needs the one suppression, for SMS publishing, and no other", () => {
    expect(
      results.filter((r) => r.status === "SUPPRESSED").map((r) => [r.rule.id, r.suppressed.map((f) => f.address)]),
    ).toEqual([["CKV_AWS_355", [`aws_iam_policy.${smsPolicy}`]]]);
  });

  test("keeps identity-provider secrets out of the linking function's environment", () => {
    expect(results.find((r) => r.rule.id === "CKV_AWS_45")?.status).toBe("PASS");
  });
});
