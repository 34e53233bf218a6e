import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Rule, TerraformJson } from "../../../modules/rules";

export const RULES_DIR = join(__dirname, "..", "..", "..", "modules", "rules");
export const FIXTURES_DIR = join(__dirname, "..", "fixtures");

/** A hand-written configuration, and the addresses a rule must report for it. */
export interface FixtureCase {
  readonly name: string;
  readonly tf: TerraformJson;
  readonly findings?: string[];
}

export interface RuleFixture {
  readonly compliant: FixtureCase[];
  readonly noncompliant: FixtureCase[];
}

/** File stems of the rule files (one rule each): everything in modules/rules but the index, types, CLI and helpers. */
export function ruleFileStems(): string[] {
  const infrastructure = new Set(["index", "types", "check-security"]);
  return readdirSync(RULES_DIR)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.replace(/\.ts$/, ""))
    .filter((stem) => !infrastructure.has(stem));
}

/** `CKV2_AWS_6` → `ckv2-aws-6-`: the start of the rule's file name. */
export const fileStemPrefix = (rule: Rule) => `${rule.id.toLowerCase().replace(/_/g, "-")}-`;

/** The one rule file stem that belongs to `rule`. */
export function stemOf(rule: Rule, stems = ruleFileStems()): string {
  const matches = stems.filter((stem) => stem.startsWith(fileStemPrefix(rule)));
  if (matches.length !== 1) throw new Error(`expected one file for ${rule.id}, found ${matches.join(", ") || "none"}`);
  return matches[0];
}

export function fixtureStems(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.replace(/\.json$/, ""));
}

export function loadFixture(stem: string): RuleFixture {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${stem}.json`), "utf8")) as RuleFixture;
}
