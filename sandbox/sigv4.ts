import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** What a request's Signature Version 4 says about itself. */
export interface SignedRequest {
  readonly accessKeyId: string;
  readonly scope: { readonly date: string; readonly region: string; readonly service: string };
  readonly signedHeaders: string[];
  readonly signature: string;
  /** `x-amz-date`, `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
  readonly authType: "REST-HEADER" | "REST-QUERY-STRING";
  /** Seconds a presigned URL stays valid. */
  readonly expiresSeconds?: number;
  readonly securityToken?: string;
  readonly payloadHash: string;
}

/** A refusal as S3 words it. */
export class SignatureError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The raw parts of an HTTP request that a signature covers. */
export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as sent (`req.url`). */
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** Reads the signature of `request` (Authorization header or presigned query); undefined when it is anonymous. */
export function parseSignature(request: RawRequest): SignedRequest | undefined {
  const header = headerValue(request.headers, "authorization");
  const query = queryPairs(request.url);
  const queryValue = (name: string) => query.find(([key]) => key === name)?.[1];
  if (header !== undefined) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
    if (!match)
      throw new SignatureError(
        400,
        "AuthorizationHeaderMalformed",
        "The authorization header is malformed; only AWS4-HMAC-SHA256 is accepted.",
      );
    const amzDate = headerValue(request.headers, "x-amz-date");
    if (!amzDate)
      throw new SignatureError(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
    const payloadHash = headerValue(request.headers, "x-amz-content-sha256");
    if (!payloadHash)
      throw new SignatureError(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    return {
      ...credentialOf(match[1]),
      signedHeaders: match[2].split(";"),
      signature: match[3],
      amzDate,
      authType: "REST-HEADER",
      securityToken: headerValue(request.headers, "x-amz-security-token"),
      payloadHash,
    };
  }
  if (queryValue("X-Amz-Algorithm") !== undefined) {
    if (queryValue("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256")
      throw new SignatureError(
        400,
        "AuthorizationQueryParametersError",
        'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
      );
    const [credential, signedHeaders, signature, amzDate, expires] = [
      "X-Amz-Credential",
      "X-Amz-SignedHeaders",
      "X-Amz-Signature",
      "X-Amz-Date",
      "X-Amz-Expires",
    ].map(queryValue);
    if (!credential || !signedHeaders || !signature || !amzDate || !expires) {
      throw new SignatureError(
        400,
        "AuthorizationQueryParametersError",
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
      );
    }
    return {
      ...credentialOf(credential),
      signedHeaders: signedHeaders.split(";"),
      signature,
      amzDate,
      authType: "REST-QUERY-STRING",
      expiresSeconds: Number(expires),
      securityToken: queryValue("X-Amz-Security-Token"),
      payloadHash: "UNSIGNED-PAYLOAD",
    };
  }
  return undefined;
}

/** Checks `signed` against `secretAccessKey` as S3 does: the scope, the clock, then the signature itself. */
export function verifySignature(
  request: RawRequest,
  signed: SignedRequest,
  secretAccessKey: string,
  region: string,
  now = new Date(),
): void {
  const { scope } = signed;
  if (scope.service !== "s3" || scope.region !== region) {
    throw new SignatureError(
      400,
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the region '${scope.region}' is wrong; expecting '${region}'`,
    );
  }
  const time = parseAmzDate(signed.amzDate);
  if (time === undefined || signed.amzDate.slice(0, 8) !== scope.date) {
    throw new SignatureError(403, "AccessDenied", "The request's date does not match its credential scope.");
  }
  if (signed.authType === "REST-HEADER" && Math.abs(now.getTime() - time) > 15 * 60 * 1000) {
    throw new SignatureError(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
    );
  }
  if (signed.authType === "REST-QUERY-STRING") {
    const seconds = signed.expiresSeconds ?? NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604800)
      throw new SignatureError(
        400,
        "AuthorizationQueryParametersError",
        "X-Amz-Expires must be between 1 and 604800 seconds",
      );
    if (now.getTime() > time + seconds * 1000) throw new SignatureError(403, "AccessDenied", "Request has expired");
  }
  if (!signed.signedHeaders.includes("host"))
    throw new SignatureError(403, "AccessDenied", "The host header must be signed.");

  const canonical = canonicalRequest(request, signed);
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    signed.amzDate,
    `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    sha256Hex(canonical),
  ].join("\n");
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, scope.date);
  for (const part of [scope.region, scope.service, "aws4_request"]) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const provided = Buffer.from(signed.signature);
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) {
    throw new SignatureError(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
}

/** The canonical request of SigV4 for S3: the path as sent (S3 does not normalize it), sorted query, signed headers. */
export function canonicalRequest(request: RawRequest, signed: SignedRequest): string {
  const path = request.url.split("?")[0] || "/";
  const query = queryPairs(request.url)
    .filter(([key]) => signed.authType !== "REST-QUERY-STRING" || key !== "X-Amz-Signature")
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const headers = signed.signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  return [request.method, path, query, headers, signed.signedHeaders.join(";"), signed.payloadHash].join("\n");
}

function credentialOf(credential: string) {
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split("/");
  if (!accessKeyId || !date || !region || !service || terminator !== "aws4_request" || rest.length > 0) {
    throw new SignatureError(
      400,
      "AuthorizationHeaderMalformed",
      'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  return { accessKeyId, scope: { date, region, service } };
}

function headerValue(headers: RawRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Decoded query parameters in the order sent; a key without `=` has the empty value. */
function queryPairs(url: string): Array<[string, string]> {
  const index = url.indexOf("?");
  if (index < 0) return [];
  return url
    .slice(index + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, "%20"));
      return at < 0 ? [decode(pair), ""] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : undefined;
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text, "utf8").digest();
