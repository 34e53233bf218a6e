import { Fn, Token } from "cdktf";

/**
 * `name` with every match of `disallowed` (a regular expression source, e.g. `[^\w-]+`) replaced by
 * "-", cut to `maxLength` characters. A name Terraform only knows at plan time (a variable, a
 * reference) is changed by Terraform itself, so its token text never ends up in a resource name.
 */
export function nameWithout(name: string, disallowed: string, maxLength?: number): string {
  if (!Token.isUnresolved(name)) {
    const replaced = name.replace(new RegExp(disallowed, "g"), "-");
    return maxLength === undefined ? replaced : replaced.slice(0, maxLength);
  }
  // Terraform reads the pattern from an HCL string, where a backslash is escaped.
  const replaced = Fn.replace(name, `/${disallowed.replace(/\\/g, "\\\\")}/`, "-");
  return maxLength === undefined ? replaced : Fn.substr(replaced, 0, maxLength);
}
