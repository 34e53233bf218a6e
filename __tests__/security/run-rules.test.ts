import { allRules, isBlocking, parseSuppression, Rule, runRules, unusedSuppressions } from "../../modules/rules";

const guestsOn = {
  resource: {
    aws_cognito_identity_pool: {
      public: { identity_pool_name: "public", allow_unauthenticated_identities: true },
      demo: { identity_pool_name: "demo", allow_unauthenticated_identities: true },
    },
  },
};
const guestRule = (results: ReturnType<typeof runRules>) => results.find((r) => r.rule.id === "CKV_AWS_366")!;

describe("runRules", () => {
  test("reports a rule with findings as FAIL, with each finding's resource address", () => {
    const result = guestRule(runRules(guestsOn));
    expect(result.status).toBe("FAIL");
    expect(result.findings.map((f) => f.address)).toEqual([
      "aws_cognito_identity_pool.public",
      "aws_cognito_identity_pool.demo",
    ]);
  });

  test("reports a rule without findings as PASS", () => {
    expect(runRules({}).every((result) => result.status === "PASS")).toBe(true);
  });

  test("suppresses every finding of a rule when the suppression names no resource, and keeps the reason", () => {
    const result = guestRule(
      runRules(guestsOn, { suppressions: [{ ruleId: "CKV_AWS_366", reason: "public demo pools" }] }),
    );
    expect(result.status).toBe("SUPPRESSED");
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => f.reason)).toEqual(["public demo pools", "public demo pools"]);
  });

  test("suppresses one resource only when the suppression names its address", () => {
    const result = guestRule(
      runRules(guestsOn, {
        suppressions: [
          {
            ruleId: "CKV_AWS_366",
            address: "aws_cognito_identity_pool.demo",
            reason: "the demo pool is public by design",
          },
        ],
      }),
    );
    expect(result.status).toBe("FAIL");
    expect(result.findings.map((f) => f.address)).toEqual(["aws_cognito_identity_pool.public"]);
    expect(result.suppressed.map((f) => f.address)).toEqual(["aws_cognito_identity_pool.demo"]);
  });

  test("accepts a rule's alias in a suppression", () => {
    const tf = { resource: { aws_cloudwatch_log_group: { short: { name: "short", retention_in_days: 7 } } } };
    const result = runRules(tf, { suppressions: [{ ruleId: "CKV_AWS_338", reason: "debug logs of a sandbox" }] }).find(
      (r) => r.rule.id === "CKV_AWS_66",
    );
    expect(result?.status).toBe("SUPPRESSED");
  });

  test("refuses a suppression without a reason", () => {
    expect(() => runRules(guestsOn, { suppressions: [{ ruleId: "CKV_AWS_366", reason: "  " }] })).toThrow(/no reason/);
  });

  test("refuses a suppression of a rule that does not exist", () => {
    expect(() => runRules(guestsOn, { suppressions: [{ ruleId: "CKV_AWS_999", reason: "typo" }] })).toThrow(
      /unknown rule "CKV_AWS_999"/,
    );
  });

  test("names the suppressions that matched nothing", () => {
    const suppressions = [
      { ruleId: "CKV_AWS_366", reason: "public demo pools" },
      { ruleId: "CUP_004", reason: "left over from an old configuration" },
    ];
    expect(unusedSuppressions(runRules(guestsOn, { suppressions }), suppressions)).toEqual([suppressions[1]]);
  });

  test("runs only the rules it is given", () => {
    const only: Rule[] = [allRules[0]];
    expect(runRules(guestsOn, { rules: only }).map((r) => r.rule.id)).toEqual([allRules[0].id]);
  });

  test("blocks on a failed high-severity rule, and on a medium one only when strict", () => {
    const results = runRules({
      resource: {
        ...guestsOn.resource,
        aws_lambda_function: { f: { function_name: "f", tracing_config: { mode: "Active" } } },
      },
    });
    const high = results.find((r) => r.rule.id === "CKV_AWS_366")!;
    const medium = results.find((r) => r.rule.id === "CKV_AWS_115")!;
    expect([isBlocking(high), isBlocking(medium), isBlocking(medium, true)]).toEqual([true, false, true]);
  });
});

describe("parseSuppression", () => {
  test("reads RULE_ID=reason", () => {
    expect(parseSuppression("CKV_AWS_366=guests see a public demo")).toEqual({
      ruleId: "CKV_AWS_366",
      reason: "guests see a public demo",
    });
  });

  test("reads RULE_ID@address=reason, with = signs in the reason", () => {
    expect(
      parseSuppression(
        "CUP_005@aws_s3_bucket_cors_configuration.uploads_bucket_cors_66BFF4E1=origin=* for a public gallery",
      ),
    ).toEqual({
      ruleId: "CUP_005",
      address: "aws_s3_bucket_cors_configuration.uploads_bucket_cors_66BFF4E1",
      reason: "origin=* for a public gallery",
    });
  });

  test.each(["CKV_AWS_366", "CKV_AWS_366=", "CKV_AWS_366=   ", "=reason"])(
    "rejects %j, which has no rule or no reason",
    (text) => {
      expect(() => parseSuppression(text)).toThrow(/reason is required/);
    },
  );
});

describe("suppressions at their edges", () => {
  test("counts a suppression naming an address as used only when that address was suppressed", () => {
    const suppressions = [
      { ruleId: "CKV_AWS_366", address: "aws_cognito_identity_pool.demo", reason: "the demo pool is public by design" },
      { ruleId: "CKV_AWS_366", address: "aws_cognito_identity_pool.gone", reason: "a pool removed since" },
    ];
    expect(unusedSuppressions(runRules(guestsOn, { suppressions }), suppressions)).toEqual([suppressions[1]]);
  });

  test("reads a suppression with whitespace around it and after the = sign", () => {
    expect(parseSuppression("  CKV_AWS_366@aws_cognito_identity_pool.demo=  a public demo \n")).toEqual({
      ruleId: "CKV_AWS_366",
      address: "aws_cognito_identity_pool.demo",
      reason: "a public demo",
    });
  });

  test.each(["CKV AWS_366=reason", "-CKV_AWS_366=reason"])("rejects %j, whose rule id is not one word", (text) => {
    expect(() => parseSuppression(text)).toThrow(/reason is required/);
  });

  test("names the known rules when a suppression names an unknown one", () => {
    expect(() =>
      runRules(guestsOn, {
        rules: allRules.slice(0, 2),
        suppressions: [{ ruleId: "CKV_AWS_999", reason: "typo" }],
      }),
    ).toThrow(`known rules: ${allRules[0].id}, ${allRules[1].id}`);
  });
});
