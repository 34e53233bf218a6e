import { Fn, Token } from "cdktf";

/** Comma-separated origins, also when the list is only known to Terraform (a module variable). */
export function joinOrigins(origins: string[]): string {
  return Token.isUnresolved(origins) ? Fn.join(",", origins) : origins.join(",");
}

/** Whether `origins` is known at synth to hold exactly one origin. */
export function isSingleOrigin(origins: string[]): boolean {
  return !Token.isUnresolved(origins) && origins.length === 1;
}

/** A mapping-template condition true when `$origin` is one of `origins`. */
export function originCondition(origins: string[]): string {
  return Token.isUnresolved(origins)
    ? Fn.join(" || ", Token.asList(Fn.formatlist(Fn.rawString('$origin == "%s"'), [origins])))
    : origins.map((origin) => `$origin == "${origin}"`).join(" || ");
}
