import { Token } from "cdktf";

/**
 * Synth-time checks of the sign-in constructs, beside the shared ones in validation.ts. Each skips
 * unresolved tokens, which only Terraform knows.
 */

/** Schemes a redirect URL must never use, even in a native app. */
const FORBIDDEN_SCHEMES = ["javascript", "data", "file", "vbscript", "blob", "about"];

/**
 * Throws unless every entry is a redirect URL a native app may receive: a custom scheme
 * (`com.example.photos://callback`), https (universal or app links), or http://localhost.
 */
export function requireNativeRedirectUrls(owner: string, prop: string, urls: readonly string[]): void {
  for (const url of urls) {
    if (Token.isUnresolved(url)) continue;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\/[^\s#]+$/.exec(url)?.[1];
    const valid =
      scheme !== undefined &&
      !FORBIDDEN_SCHEMES.includes(scheme) &&
      (scheme !== "http" || /^http:\/\/localhost(:\d{1,5})?(\/|$)/.test(url));
    if (!valid) {
      throw new Error(
        `${owner}: ${prop} entries must be custom-scheme URLs like "com.example.photos://callback", https URLs, ` +
          `or http://localhost URLs, without a fragment, got "${url}"`,
      );
    }
  }
}

/** Throws when `values` repeats an entry (compared without regard to case when `ignoreCase`). */
export function requireUnique(owner: string, prop: string, values: readonly string[], ignoreCase = false): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (Token.isUnresolved(value)) continue;
    const key = ignoreCase ? value.toLowerCase() : value;
    if (seen.has(key)) throw new Error(`${owner}: ${prop} must be unique, "${value}" appears more than once`);
    seen.add(key);
  }
}

/** Throws unless `value` is an ARN of `service` whose resource part matches `resource`. */
export function requireArn(owner: string, prop: string, value: string, service: string, resource: RegExp, example: string, region?: string): void {
  if (Token.isUnresolved(value)) return;
  const match = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(value);
  if (!match || match[1] !== service || !resource.test(match[4]) || (region !== undefined && match[2] !== region)) {
    throw new Error(`${owner}: ${prop} must be an ARN like "${example}", got "${value}"`);
  }
}

/** Throws unless `value` is a lowercase DNS name of two or more labels (e.g. `auth.example.com`). */
export function requireHostname(owner: string, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  if (value.length > 253 || !new RegExp(`^${label}(?:\\.${label})+$`).test(value)) {
    throw new Error(`${owner}: ${prop} must be a lowercase domain name like "auth.example.com", got "${value}"`);
  }
}
