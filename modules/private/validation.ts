import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { ValidationError } from "../errors";
import { AllowedValuesLimit, Limit, PatternLimit, RangeLimit } from "./limits";

/**
 * Synth-time checks of props against the limits in limits.ts, shared by the constructs and the
 * configuration schema. The `require*` functions skip unresolved tokens, which only Terraform
 * knows (the generated module's validation blocks check those), and throw a {@link ValidationError}
 * naming `scope`'s path and the prop.
 */

/** Where a check runs: a construct (its path is named) or a name of its own for code outside one. */
export type Where = IConstruct | string;

const compiled = new Map<string, RegExp>();
const regExp = (source: string) => compiled.get(source) ?? compiled.set(source, new RegExp(source)).get(source)!;
const shown = (value: unknown) => (typeof value === "string" ? `"${value}"` : String(value));

/** Whether `value` is allowed by `limit`. */
export function satisfies(limit: Limit, value: unknown): boolean {
  return violationOf(limit, value) === undefined;
}

/** What is wrong with `value` ("must be …, got …"), or undefined when `limit` allows it. */
export function violationOf(limit: Limit, value: unknown): string | undefined {
  switch (limit.kind) {
    case "pattern":
      return patternViolation(limit, value);
    case "range":
      if (typeof value === "number" && Number.isInteger(value) && value >= limit.min && value <= limit.max)
        return undefined;
      return `must be a whole number from ${limit.min} to ${limit.max}${limit.unit ? ` ${limit.unit}` : ""}, got ${shown(value)}`;
    case "oneOf":
      if ((limit.values as readonly unknown[]).includes(value)) return undefined;
      return `must be one of ${describeValues(limit)}, got ${shown(value)}`;
  }
}

/** What is wrong with the length of a list (`limit` counts its entries, e.g. 1–100 "scopes"), or undefined. */
export function countViolationOf(limit: RangeLimit, count: number): string | undefined {
  return violationOf(limit, count)
    ? `must list ${limit.min} to ${limit.max}${limit.unit ? ` ${limit.unit}` : ""}, got ${count}`
    : undefined;
}

/** The allowed values as messages list them, e.g. `"web", "mobile"` or `CloudWatch's retention values: 1, 3, …`. */
export function describeValues(limit: AllowedValuesLimit): string {
  const list = limit.values.map(shown).join(", ");
  return limit.name ? `${limit.name}: ${list}` : list;
}

function patternViolation(limit: PatternLimit, value: unknown): string | undefined {
  const mustBe = `must be ${limit.description}, got ${shown(value)}`;
  if (typeof value !== "string") return mustBe;
  if (limit.pattern !== undefined && !regExp(limit.pattern).test(value)) return mustBe;
  if (value.length < (limit.minLength ?? 0) || value.length > (limit.maxLength ?? Infinity)) return mustBe;
  for (const form of limit.forbidden ?? []) {
    if (regExp(form.pattern).test(value) && !(form.unless !== undefined && regExp(form.unless).test(value))) {
      return form.rule ? `must not ${form.rule}, got ${shown(value)}` : mustBe;
    }
  }
  return undefined;
}

/** Throws a {@link ValidationError} for `prop` at `where`. */
export function fail(where: Where, prop: string, problem: string): never {
  throw new ValidationError(where, prop, problem);
}

/** Throws unless `value` is within `limit`. */
export function requireLimit(where: Where, prop: string, value: unknown, limit: Limit): void {
  if (Token.isUnresolved(value)) return;
  const problem = violationOf(limit, value);
  if (problem) fail(where, prop, problem);
}

/** Throws unless every entry of `values` is within `limit` ("<prop> entries must be …"). */
export function requireEach(where: Where, prop: string, values: readonly unknown[], limit: Limit): void {
  if (Token.isUnresolved(values)) return;
  for (const value of values) {
    if (Token.isUnresolved(value)) continue;
    const problem = violationOf(limit, value);
    if (problem) fail(where, `${prop} entries`, problem);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function requireOneOf<T extends string>(
  where: Where,
  prop: string,
  value: string,
  allowed: readonly T[],
): asserts value is T {
  requireLimit(where, prop, value, { kind: "oneOf", values: allowed });
}

/** Throws when `values` repeats an entry (compared without regard to case when `ignoreCase`). */
export function requireUnique(where: Where, prop: string, values: readonly string[], ignoreCase = false): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (Token.isUnresolved(value)) continue;
    const key = ignoreCase ? value.toLowerCase() : value;
    if (seen.has(key)) fail(where, prop, `must be unique, "${value}" appears more than once`);
    seen.add(key);
  }
}
