#!/usr/bin/env node
import { readFileSync } from "node:fs";
import {
  isBlocking,
  parseSuppression,
  RuleResult,
  runRules,
  Suppression,
  TerraformJson,
  unusedSuppressions,
} from "./index";

/** Exit codes: 0 nothing blocking, 1 a blocking failure, 2 the command could not run. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const USAGE = `Usage: check-security [--strict] [--suppress RULE_ID[@ADDRESS]=REASON]... <cdk.tf.json>...

Runs the security rule pack over synthesized Terraform JSON files and prints, for each file, a table
of rule x result and every finding with its resource address.

  --suppress RULE_ID=REASON           accept every finding of a rule (the reason is required)
  --suppress RULE_ID@ADDRESS=REASON   accept the finding of one resource, e.g.
                                      CKV_AWS_366@aws_cognito_identity_pool.pool="guests see a public demo"
  --strict                            fail on medium-severity (M) findings too
  --help                              print this help

Exit status: 0 when no high-severity (H) rule fails (M failures are printed as warnings),
1 when an H rule fails (or any rule with --strict), 2 when the arguments or a file are invalid.`;

/** Where the command writes and reads; replaced in tests. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly readFile: (path: string) => string;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFileSync(path, "utf8"),
};

interface Arguments {
  readonly paths: string[];
  readonly suppressions: Suppression[];
  readonly strict: boolean;
  readonly help: boolean;
}

/** Runs the command; returns its exit status. */
export function main(argv: readonly string[], io: CliIo = processIo): number {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    io.err(`check-security: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.help) {
    io.out(USAGE);
    return EXIT.ok;
  }

  const allResults: RuleResult[] = [];
  let blocking = 0;
  for (const path of args.paths) {
    let results: RuleResult[];
    try {
      results = runRules(readTerraform(path, io), { suppressions: args.suppressions });
    } catch (error) {
      io.err(`check-security: ${(error as Error).message}`);
      return EXIT.usage;
    }
    printReport(path, results, args.strict, io);
    allResults.push(...results);
    blocking += results.filter((result) => isBlocking(result, args.strict)).length;
  }
  for (const stale of unusedSuppressions(allResults, args.suppressions)) {
    io.err(
      `warning: the suppression ${stale.ruleId}${stale.address ? `@${stale.address}` : ""} matched no finding; remove it`,
    );
  }
  io.out(
    blocking > 0
      ? `Security check FAILED: ${blocking} ${args.strict ? "" : "high-severity "}rule failure(s).`
      : "Security check passed.",
  );
  return blocking > 0 ? EXIT.failed : EXIT.ok;
}

function parseArguments(argv: readonly string[]): Arguments {
  const paths: string[] = [];
  const suppressions: Suppression[] = [];
  let strict = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--strict") strict = true;
    else if (arg === "--suppress") {
      if (i + 1 >= argv.length) throw new Error("--suppress needs RULE_ID=REASON");
      suppressions.push(parseSuppression(argv[++i]));
    } else if (arg.startsWith("--suppress=")) suppressions.push(parseSuppression(arg.slice("--suppress=".length)));
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (!help && paths.length === 0) throw new Error("give at least one cdk.tf.json (run the synth first)");
  return { paths, suppressions, strict, help };
}

function readTerraform(path: string, io: CliIo): TerraformJson {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message} (has the stack been synthesized?)`);
  }
  try {
    const tf = JSON.parse(text) as unknown;
    if (typeof tf !== "object" || tf === null || Array.isArray(tf)) throw new Error("not a JSON object");
    const resources = (tf as TerraformJson).resource;
    // A file without resources would pass every rule: it is almost certainly not the synthesized stack.
    if (typeof resources !== "object" || resources === null || Object.keys(resources).length === 0)
      throw new Error("it has no resources");
    return tf as TerraformJson;
  } catch (error) {
    throw new Error(`${path} is not Terraform JSON of a stack: ${(error as Error).message}`);
  }
}

function printReport(path: string, results: readonly RuleResult[], strict: boolean, io: CliIo): void {
  const idWidth = Math.max(4, ...results.map((r) => r.rule.id.length));
  const row = (id: string, severity: string, result: string, count: string, title: string) =>
    `  ${id.padEnd(idWidth)}  ${severity.padEnd(3)}  ${result.padEnd(10)}  ${count.padStart(8)}  ${title}`;
  io.out(path);
  io.out(row("RULE", "SEV", "RESULT", "FINDINGS", "TITLE"));
  for (const { rule, status, findings, suppressed } of results) {
    io.out(row(rule.id, rule.severity, status, String(findings.length + suppressed.length), rule.title));
  }

  const listed = results.filter((r) => r.findings.length > 0 || r.suppressed.length > 0);
  if (listed.length > 0) {
    io.out("");
    io.out("  Findings:");
    for (const { rule, findings, suppressed } of listed) {
      const label = rule.severity === "H" || strict ? "FAIL" : "WARN";
      for (const finding of findings) {
        io.out(`    ${label} ${rule.id} (${rule.severity}) ${finding.address}`);
        io.out(`         ${finding.message}`);
      }
      for (const finding of suppressed) {
        io.out(`    SUPPRESSED ${rule.id} (${rule.severity}) ${finding.address}`);
        io.out(`         ${finding.message}`);
        io.out(`         reason: ${finding.reason}`);
      }
    }
  }

  const count = (predicate: (r: RuleResult) => boolean) => results.filter(predicate).length;
  io.out("");
  io.out(
    `  ${results.length} rules: ${count((r) => r.status === "PASS")} passed, ` +
      `${count((r) => r.status === "FAIL" && r.rule.severity === "H")} failed (H), ` +
      `${count((r) => r.status === "FAIL" && r.rule.severity === "M")} ${strict ? "failed" : "warnings"} (M), ` +
      `${count((r) => r.status === "SUPPRESSED")} suppressed`,
  );
  io.out("");
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
