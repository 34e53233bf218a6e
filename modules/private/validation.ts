import { Token } from "cdktf";

/**
 * Synth-time checks shared by the constructs. Each one skips values that are unresolved tokens,
 * because those are only known to Terraform at plan time.
 */

/** Throws unless `value` is a whole number within `[min, max]`. */
export function requireIntegerInRange(owner: string, prop: string, value: number, min: number, max: number, unit = ""): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const suffix = unit ? ` ${unit}` : "";
    throw new Error(`${owner}: ${prop} must be a whole number from ${min} to ${max}${suffix}, got ${value}`);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function requireOneOf<T extends string>(owner: string, prop: string, value: string, allowed: readonly T[]): asserts value is T {
  if (Token.isUnresolved(value)) return;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${owner}: ${prop} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got "${value}"`);
  }
}

/** Throws unless `value` is one of the numbers in `allowed`. */
export function requireAllowedNumber(owner: string, prop: string, value: number, allowed: readonly number[]): void {
  if (Token.isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new Error(`${owner}: ${prop} must be one of ${allowed.join(", ")}, got ${value}`);
  }
}

/** Throws unless `value` matches `pattern`; `expected` describes the allowed form in the message. */
export function requireMatch(owner: string, prop: string, value: string, pattern: RegExp, expected: string): void {
  if (Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new Error(`${owner}: ${prop} must be ${expected}, got "${value}"`);
  }
}

/**
 * Throws unless `prefix` is a usable S3 key prefix: relative, ending in `/`, without wildcards,
 * empty segments or `..`, which would widen or break the IAM resource patterns built from it.
 */
export function requireKeyPrefix(owner: string, prop: string, prefix: string): void {
  if (Token.isUnresolved(prefix)) return;
  const segments = prefix.slice(0, -1).split("/");
  const valid =
    prefix.length > 1 &&
    prefix.length <= 256 &&
    prefix.endsWith("/") &&
    /^[A-Za-z0-9!\-_.'()/]+$/.test(prefix) &&
    segments.every((segment) => segment !== "" && segment !== "." && segment !== "..");
  if (!valid) {
    throw new Error(
      `${owner}: ${prop} must be a relative key prefix ending in "/" made of letters, digits and !-_.'() ` +
        `with no empty, "." or ".." segments (e.g. "tmp/"), got "${prefix}"`,
    );
  }
}

/** Origins a browser may call from: https, or http on a loopback host for local development. */
const ORIGIN_PATTERN = /^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)$/;

/** Throws unless every entry is a plain origin (scheme, host, optional port; no path, no wildcard). */
export function requireOrigins(owner: string, prop: string, origins: readonly string[]): void {
  if (Token.isUnresolved(origins)) return;
  for (const origin of origins) {
    if (Token.isUnresolved(origin)) continue;
    if (!ORIGIN_PATTERN.test(origin)) {
      throw new Error(
        `${owner}: ${prop} entries must be origins like "https://app.example.com" or "http://localhost:5173" ` +
          `(https, or http on localhost; no path, no trailing slash, no "*"), got "${origin}"`,
      );
    }
  }
}

/** Redirect URLs Cognito accepts for a web client: https, or http on localhost. */
const REDIRECT_URL_PATTERN = /^(https:\/\/[^\s#]+|http:\/\/localhost(:\d{1,5})?(\/[^\s#]*)?)$/;

/** Throws unless every entry is a redirect URL Cognito accepts (https, or http://localhost; no fragment). */
export function requireRedirectUrls(owner: string, prop: string, urls: readonly string[]): void {
  if (Token.isUnresolved(urls)) return;
  for (const url of urls) {
    if (Token.isUnresolved(url)) continue;
    if (!REDIRECT_URL_PATTERN.test(url)) {
      throw new Error(
        `${owner}: ${prop} entries must be https URLs, or http://localhost URLs for development, without a fragment, got "${url}"`,
      );
    }
  }
}
