import { allRules, RuleStatus, runRules, Suppression, TerraformJson } from "../../modules/rules";
import { allConfigs, plannedConfigs, signInConfig } from "../support/configs";
import { synthesizedTerraform } from "./support/synthesized";

/** The one resource of `type` in `tf` whose logical name contains `fragment`, as an address. */
function addressOf(tf: TerraformJson, type: string, fragment: string): string {
  const names = Object.keys(tf.resource?.[type] ?? {}).filter((name) => name.includes(fragment));
  if (names.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${names.length}`);
  return `${type}.${names[0]}`;
}

/**
 * Findings each configuration accepts on purpose, each for the one resource it is about, with its reason: the full
 * configuration turns guests on to test the guest role; the sign-in one sends SMS codes. A suppression that named no
 * address would hide any other finding of the same rule, in any resource added later.
 */
const SUPPRESSIONS: Record<string, (tf: TerraformJson) => Suppression[]> = {
  default: () => [],
  full: (tf) => [
    {
      ruleId: "CKV_AWS_366",
      address: addressOf(tf, "aws_cognito_identity_pool", "identity-pool"),
      reason: "the full configuration turns guests on to prove that the guest role exists and grants nothing",
    },
  ],
  existing: () => [],
  "sign-in": (tf) => [
    {
      ruleId: "CKV_AWS_355",
      address: addressOf(tf, "aws_iam_policy", "sms-role_publish-policy"),
      reason:
        'SMS codes go to phone numbers, which have no ARN: sns:Publish needs "*", and the SMS role denies publishing to topics',
    },
  ],
};

/**
 * What each configuration is expected to get from the medium-severity rules, reasoned from the
 * configuration: the default keeps SSE-S3, no versioning and unreserved concurrency; the full one
 * keeps logs 30 and 90 days.
 */
const MEDIUM_RESULTS: Record<string, Record<string, RuleStatus>> = {
  // Open sign-up through Cognito's own email sender (CUP_009) in the default and sign-in ones; the full one lets only administrators create users.
  default: {
    CKV_AWS_73: "PASS",
    CKV_AWS_145: "FAIL",
    CKV_AWS_21: "FAIL",
    CKV_AWS_115: "FAIL",
    CKV_AWS_50: "PASS",
    CKV_AWS_66: "PASS",
    KICS_ec28bf61: "PASS",
    CUP_009: "FAIL",
  },
  full: {
    CKV_AWS_73: "PASS",
    CKV_AWS_145: "PASS",
    CKV_AWS_21: "PASS",
    CKV_AWS_115: "PASS",
    CKV_AWS_50: "PASS",
    CKV_AWS_66: "FAIL",
    KICS_ec28bf61: "PASS",
    CUP_009: "PASS",
  },
  // No bucket and no user pool of its own: the estate's are not in this configuration.
  existing: {
    CKV_AWS_73: "PASS",
    CKV_AWS_145: "PASS",
    CKV_AWS_21: "PASS",
    CKV_AWS_115: "FAIL",
    CKV_AWS_50: "PASS",
    CKV_AWS_66: "PASS",
    KICS_ec28bf61: "PASS",
    CUP_009: "PASS",
  },
  "sign-in": {
    CKV_AWS_73: "PASS",
    CKV_AWS_145: "FAIL",
    CKV_AWS_21: "FAIL",
    CKV_AWS_115: "FAIL",
    CKV_AWS_50: "PASS",
    CKV_AWS_66: "PASS",
    KICS_ec28bf61: "PASS",
    CUP_009: "FAIL",
  },
};

describe.each(Object.entries(plannedConfigs))("the rule pack over the %s configuration", (name, config) => {
  const suppressions = () => SUPPRESSIONS[name](synthesizedTerraform(config));
  const results = () => runRules(synthesizedTerraform(config), { suppressions: suppressions() });

  test("runs every rule", () => {
    expect(results().map((result) => result.rule.id)).toEqual(allRules.map((rule) => rule.id));
  });

  test("passes every high-severity rule, apart from documented suppressions", () => {
    const high = results().filter((result) => result.rule.severity === "H");
    expect(
      high.filter((result) => result.status === "FAIL").map((r) => ({ rule: r.rule.id, findings: r.findings })),
    ).toEqual([]);
  });

  test("uses each of its suppressions, each for the one resource it names", () => {
    const suppressed = results().flatMap((result) =>
      result.suppressed.map((finding) => `${result.rule.id}@${finding.address}`),
    );
    expect(suppressions().every((suppression) => suppression.address !== undefined)).toBe(true);
    expect(suppressed).toEqual(suppressions().map((s) => `${s.ruleId}@${s.address}`));
  });

  test("gets the medium-severity results its options call for", () => {
    const medium = Object.fromEntries(
      results()
        .filter((r) => r.rule.severity === "M")
        .map((r) => [r.rule.id, r.status]),
    );
    expect(medium).toEqual(MEDIUM_RESULTS[name]);
  });
});

describe("the full configuration without its suppression", () => {
  test("fails the guest-identity rule on the identity pool", () => {
    const result = runRules(synthesizedTerraform(allConfigs.full)).find((r) => r.rule.id === "CKV_AWS_366");
    expect(result?.status).toBe("FAIL");
    expect(result?.findings.map((f) => f.address)).toEqual([expect.stringMatching(/^aws_cognito_identity_pool\./)]);
  });
});

describe("the sign-in configuration's suppression", () => {
  test("does not hide a second wildcard-resource policy added beside the SMS one", () => {
    const tf = JSON.parse(JSON.stringify(synthesizedTerraform(signInConfig))) as TerraformJson;
    const suppressions = SUPPRESSIONS["sign-in"](tf);
    tf.resource!.aws_iam_policy["reads-everything"] = {
      name: "reads-everything",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      }),
    };

    const result = runRules(tf, { suppressions }).find((r) => r.rule.id === "CKV_AWS_355");

    expect(result?.status).toBe("FAIL");
    expect(result?.findings.map((f) => f.address)).toEqual(["aws_iam_policy.reads-everything"]);
  });
});
