import { Limit } from "./limits";
import { describeValues } from "./validation";

/** One `validation` block of a Terraform variable. */
export interface HclValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

/** An HCL quoted string holding `text` literally (no interpolation). */
export function hclString(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\$\{/g, "$${")
    .replace(/%\{/g, "%%{");
  return `"${escaped}"`;
}

/** Where the value a validation checks is, within a Terraform variable. */
export interface HclValueOptions {
  /** Expression of the checked value. @default `var.<name>` */
  readonly value?: string;
  /** The value is a list: each entry is checked ("<name> entries must …"). @default false */
  readonly list?: boolean;
  /** A null value passes (an optional input or attribute). @default false */
  readonly nullable?: boolean;
  /** A map the value is read from once per entry, bound to `key` and `entry` (e.g. `value: "entry.client_id"`). @default - none */
  readonly entries?: string;
  /** An HCL condition under which nothing is checked, e.g. `var.existing_user_pool == null`. @default - none */
  readonly unless?: string;
}

/**
 * The `validation` blocks of variable `name` that refuse what `limit` refuses, with the same
 * words as the constructs' messages. With `list`, every entry of a list variable is checked; the
 * other options place the value within an optional input, an object or a map of objects.
 */
export function hclValidations(name: string, limit: Limit, options: HclValueOptions = {}): HclValidation[] {
  const subject = options.list ? `${name} entries` : name;
  const value = options.value ?? `var.${name}`;
  // Terraform's `||` evaluates both sides, so a null or absent value is skipped with a conditional.
  const checkOf = (test: (value: string) => string) => {
    let check = options.list ? `alltrue([for value in ${value} : ${test("value")}])` : test(value);
    if (options.nullable) check = `${value} == null ? true : ${check}`;
    if (options.unless) check = `${options.unless} ? true : ${check}`;
    if (options.entries) check = `alltrue([for key, entry in ${options.entries} : ${check}])`;
    return `\${${check}}`;
  };
  switch (limit.kind) {
    case "range":
      return [
        {
          condition: checkOf((v) => `${v} >= ${limit.min} && ${v} <= ${limit.max} && floor(${v}) == ${v}`),
          errorMessage: `${subject} must be a whole number from ${limit.min} to ${limit.max}${limit.unit ? ` ${limit.unit}` : ""}.`,
        },
      ];
    case "oneOf":
      return [
        {
          condition: checkOf(
            (v) =>
              `contains([${limit.values.map((value) => (typeof value === "string" ? hclString(value) : value)).join(", ")}], ${v})`,
          ),
          errorMessage: `${subject} must be one of ${describeValues(limit)}.`,
        },
      ];
    case "pattern": {
      const mustBe = `${subject} must be ${limit.description}.`;
      const form = [
        ...(limit.pattern !== undefined ? [(v: string) => `can(regex(${hclString(limit.pattern!)}, ${v}))`] : []),
        ...(limit.minLength !== undefined ? [(v: string) => `length(${v}) >= ${limit.minLength}`] : []),
        ...(limit.maxLength !== undefined ? [(v: string) => `length(${v}) <= ${limit.maxLength}`] : []),
      ];
      const forbidden = (limit.forbidden ?? []).map((forbid) => ({
        condition: checkOf((v) => {
          const absent = `length(regexall(${hclString(forbid.pattern)}, ${v})) == 0`;
          return forbid.unless !== undefined ? `(${absent} || can(regex(${hclString(forbid.unless)}, ${v})))` : absent;
        }),
        errorMessage: forbid.rule ? `${subject} must not ${forbid.rule}.` : mustBe,
      }));
      return [
        ...(form.length > 0
          ? [{ condition: checkOf((v) => form.map((test) => test(v)).join(" && ")), errorMessage: mustBe }]
          : []),
        ...forbidden,
      ];
    }
  }
}
