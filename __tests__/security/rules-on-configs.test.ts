import { allRules, RuleStatus, runRules, Suppression } from "../../modules/rules";
import { allConfigs, plannedConfigs } from "../support/configs";
import { synthesizedTerraform } from "./support/synthesized";

/**
 * Findings each configuration accepts on purpose, each with its reason: the full configuration
 * turns guests on to test the guest role; the sign-in one sends SMS codes.
 */
const SUPPRESSIONS: Record<string, Suppression[]> = {
  default: [],
  full: [
    {
      ruleId: "CKV_AWS_366",
      reason: "the full configuration turns guests on to prove that the guest role exists and grants nothing",
    },
  ],
  existing: [],
  "sign-in": [
    {
      ruleId: "CKV_AWS_355",
      reason: "SMS codes go to phone numbers, which have no ARN: sns:Publish needs \"*\", and the SMS role denies publishing to topics",
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
  default: { CKV_AWS_73: "PASS", CKV_AWS_145: "FAIL", CKV_AWS_21: "FAIL", CKV_AWS_115: "FAIL", CKV_AWS_50: "PASS", CKV_AWS_66: "PASS", KICS_ec28bf61: "PASS", CUP_009: "FAIL" },
  full: { CKV_AWS_73: "PASS", CKV_AWS_145: "PASS", CKV_AWS_21: "PASS", CKV_AWS_115: "PASS", CKV_AWS_50: "PASS", CKV_AWS_66: "FAIL", KICS_ec28bf61: "PASS", CUP_009: "PASS" },
  // No bucket and no user pool of its own: the estate's are not in this configuration.
  existing: { CKV_AWS_73: "PASS", CKV_AWS_145: "PASS", CKV_AWS_21: "PASS", CKV_AWS_115: "FAIL", CKV_AWS_50: "PASS", CKV_AWS_66: "PASS", KICS_ec28bf61: "PASS", CUP_009: "PASS" },
  "sign-in": { CKV_AWS_73: "PASS", CKV_AWS_145: "FAIL", CKV_AWS_21: "FAIL", CKV_AWS_115: "FAIL", CKV_AWS_50: "PASS", CKV_AWS_66: "PASS", KICS_ec28bf61: "PASS", CUP_009: "FAIL" },
};

describe.each(Object.entries(plannedConfigs))("the rule pack over the %s configuration", (name, config) => {
  const results = () => runRules(synthesizedTerraform(config), { suppressions: SUPPRESSIONS[name] });

  test("runs every rule", () => {
    expect(results().map((result) => result.rule.id)).toEqual(allRules.map((rule) => rule.id));
  });

  test("passes every high-severity rule, apart from documented suppressions", () => {
    const high = results().filter((result) => result.rule.severity === "H");
    expect(high.filter((result) => result.status === "FAIL").map((r) => ({ rule: r.rule.id, findings: r.findings }))).toEqual([]);
  });

  test("uses each of its suppressions, none of them stale", () => {
    const suppressed = results().filter((result) => result.status === "SUPPRESSED").map((result) => result.rule.id);
    expect(suppressed).toEqual(SUPPRESSIONS[name].map((s) => s.ruleId));
  });

  test("gets the medium-severity results its options call for", () => {
    const medium = Object.fromEntries(results().filter((r) => r.rule.severity === "M").map((r) => [r.rule.id, r.status]));
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
