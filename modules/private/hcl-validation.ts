import { Limit } from "./limits";
import { describeValues } from "./validation";

/** One `validation` block of a Terraform variable. */
export interface HclValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

/** An HCL quoted string holding `text` literally (no interpolation). */
export function hclString(text: string): string {
  const escaped = text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
  return `"${escaped}"`;
}

/**
 * The `validation` blocks of variable `name` that refuse what `limit` refuses, with the same
 * words as the constructs' messages. With `list`, every entry of a list variable is checked.
 */
export function hclValidations(name: string, limit: Limit, options: { list?: boolean } = {}): HclValidation[] {
  const subject = options.list ? `${name} entries` : name;
  const checkOf = (test: (value: string) => string) =>
    options.list ? `\${alltrue([for value in var.${name} : ${test("value")}])}` : `\${${test(`var.${name}`)}}`;
  switch (limit.kind) {
    case "range":
      return [{
        condition: checkOf((v) => `${v} >= ${limit.min} && ${v} <= ${limit.max} && floor(${v}) == ${v}`),
        errorMessage: `${subject} must be a whole number from ${limit.min} to ${limit.max}${limit.unit ? ` ${limit.unit}` : ""}.`,
      }];
    case "oneOf":
      return [{
        condition: checkOf((v) => `contains([${limit.values.map((value) => (typeof value === "string" ? hclString(value) : value)).join(", ")}], ${v})`),
        errorMessage: `${subject} must be one of ${describeValues(limit)}.`,
      }];
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
        ...(form.length > 0 ? [{ condition: checkOf((v) => form.map((test) => test(v)).join(" && ")), errorMessage: mustBe }] : []),
        ...forbidden,
      ];
    }
  }
}
