import { readFileSync } from "node:fs";
import { allRules } from "../../modules/rules";
import { CliIo, EXIT, main } from "../../modules/rules/check-security";
import { allConfigs } from "../support/configs";
import { synthesizeToDisk } from "./support/synthesized";

/** Runs the command against in-memory files; returns its exit status and output. */
function run(args: string[], files: Record<string, unknown> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readFile: (path) => {
      if (!(path in files)) throw new Error("ENOENT: no such file");
      const content = files[path];
      return typeof content === "string" ? content : JSON.stringify(content);
    },
  };
  const status = main(args, io);
  return { status, out: out.join("\n"), err: err.join("\n") };
}

const guestsOn = {
  resource: {
    aws_cognito_identity_pool: { pool: { identity_pool_name: "p", allow_unauthenticated_identities: true } },
  },
};
const compliant = {
  resource: {
    aws_cognito_identity_pool: { pool: { identity_pool_name: "p", allow_unauthenticated_identities: false } },
  },
};
const shortLogs = { resource: { aws_cloudwatch_log_group: { logs: { name: "l", retention_in_days: 7 } } } };

describe("check-security", () => {
  test("prints a table of every rule for the default synth and exits 0", () => {
    const synth = synthesizeToDisk(allConfigs.default);
    try {
      const out: string[] = [];
      const status = main([synth.path], {
        out: (line) => out.push(line),
        err: () => undefined,
        readFile: (p) => readFileSync(p, "utf8"),
      });
      const text = out.join("\n");
      expect(status).toBe(EXIT.ok);
      expect(text).toMatch(/RULE\s+SEV\s+RESULT\s+FINDINGS\s+TITLE/);
      for (const rule of allRules)
        expect(text).toMatch(new RegExp(`^  ${rule.id}\\s+${rule.severity}\\s+(PASS|FAIL)\\s`, "m"));
      expect(text).toContain("0 failed (H)");
      expect(text).toContain("Security check passed.");
    } finally {
      synth.cleanup();
    }
  });

  test("exits 1 on a failed high-severity rule and lists the finding with its address", () => {
    const { status, out } = run(["stack.json"], { "stack.json": guestsOn });
    expect(status).toBe(EXIT.failed);
    expect(out).toMatch(/^ {2}CKV_AWS_366\s+H\s+FAIL\s+1\s/m);
    expect(out).toContain("FAIL CKV_AWS_366 (H) aws_cognito_identity_pool.pool");
    expect(out).toContain("Security check FAILED");
  });

  test("prints a failed medium-severity rule as a warning and exits 0", () => {
    const { status, out } = run(["stack.json"], { "stack.json": shortLogs });
    expect(status).toBe(EXIT.ok);
    expect(out).toContain("WARN CKV_AWS_66 (M) aws_cloudwatch_log_group.logs");
    expect(out).toContain("1 warnings (M)");
  });

  test("exits 1 on a failed medium-severity rule with --strict", () => {
    expect(run(["--strict", "stack.json"], { "stack.json": shortLogs }).status).toBe(EXIT.failed);
  });

  test("accepts a suppression with its reason, prints both, and exits 0", () => {
    const { status, out } = run(["--suppress", "CKV_AWS_366=a public demo with no data", "stack.json"], {
      "stack.json": guestsOn,
    });
    expect(status).toBe(EXIT.ok);
    expect(out).toMatch(/^ {2}CKV_AWS_366\s+H\s+SUPPRESSED\s+1\s/m);
    expect(out).toContain("reason: a public demo with no data");
  });

  test("accepts a suppression of one resource in the --suppress=... form", () => {
    const { status } = run(["--suppress=CKV_AWS_366@aws_cognito_identity_pool.pool=a public demo", "stack.json"], {
      "stack.json": guestsOn,
    });
    expect(status).toBe(EXIT.ok);
  });

  test("warns about a suppression that matched nothing", () => {
    const { status, err } = run(["--suppress", "CUP_004=old", "stack.json"], { "stack.json": compliant });
    expect(status).toBe(EXIT.ok);
    expect(err).toContain("the suppression CUP_004 matched no finding");
  });

  test("checks several files, one table each, and fails when any of them fails", () => {
    const { status, out } = run(["a.json", "b.json"], { "a.json": compliant, "b.json": guestsOn });
    expect(status).toBe(EXIT.failed);
    expect(out.match(/RULE\s+SEV/g)).toHaveLength(2);
  });

  test.each([
    ["no file", [], /at least one cdk.tf.json/],
    ["a suppression without a reason", ["--suppress", "CKV_AWS_366", "stack.json"], /reason is required/],
    ["an unknown option", ["--fast", "stack.json"], /unknown option --fast/],
    ["a missing file", ["missing.json"], /cannot read missing.json/],
    ["a file that is not JSON", ["bad.json"], /bad.json is not Terraform JSON of a stack/],
    [
      "a JSON file without resources",
      ["empty.json"],
      /empty.json is not Terraform JSON of a stack: it has no resources/,
    ],
    [
      "a suppression of an unknown rule",
      ["--suppress", "CKV_AWS_999=typo", "stack.json"],
      /unknown rule "CKV_AWS_999"/,
    ],
  ])("exits 2 with a message on %s", (_name, args, message) => {
    const { status, err } = run(args as string[], {
      "stack.json": compliant,
      "bad.json": "{not json",
      "empty.json": { output: {} },
    });
    expect(status).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  test("prints its usage with --help", () => {
    const { status, out } = run(["--help"]);
    expect(status).toBe(EXIT.ok);
    expect(out).toContain("Usage: check-security");
  });
});
