import { randomBytes } from "node:crypto";
import S3rver from "@20minutes/s3rver";
import { decide, type Decision } from "./iam/simulate";
import { actLikeS3 } from "./s3/act";
import { KeyedLock } from "./s3/keyed-lock";
import { classify, decodeCopySourceLikeS3, type KoaContext } from "./s3/s3-semantics";
import { s3RequestOf, type S3Request } from "./s3-actions";
import type { RoleUse } from "./iam/access-model";
import { ADMIN, type Session, type SessionStore } from "./sessions";
import { parseSignature, SignatureError, verifySignature } from "./sigv4";
import type { CorsRule, StackFacts } from "./stack-facts";

/** One request the IAM gate decided on. */
export interface GateDecision {
  readonly operation: string;
  readonly role?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly decision: Decision | "Unsigned" | "BadSignature" | "NotMapped";
  readonly status: number;
}

/** The stack's bucket: an S3-compatible server behind the IAM gate. */
export interface LocalBucket {
  readonly endpoint: string;
  readonly name: string;
  /** Every decision of the gate, latest last (kept for the last 1,000 requests). */
  readonly decisions: GateDecision[];
  close(): Promise<void>;
}

/** Options of {@link startBucket}. */
export interface BucketOptions {
  /** Folder of the objects. */
  readonly directory: string;
  readonly port?: number;
  /** Called with each decision, e.g. to log refusals. */
  readonly onDecision?: (decision: GateDecision) => void;
}

/**
 * Starts @20minutes/s3rver on 127.0.0.1 with the synthesized bucket and its CORS rules, behind a gate that answers as
 * S3 does for an account whose only policies are the synthesized ones: each request's SigV4 signature is checked with
 * the secret of the session the sandbox issued, the request is mapped to its IAM actions and resources, and the
 * session's role policies and the bucket policy decide, evaluated by iam-simulate. Allowed requests then run with S3's
 * conditional-request semantics.
 */
export async function startBucket(
  facts: StackFacts,
  sessions: SessionStore,
  options: BucketOptions,
): Promise<LocalBucket> {
  decodeCopySourceLikeS3();
  const bucket = facts.bucket.name;
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: bucket, configs: facts.bucket.cors.length > 0 ? [corsXml(facts.bucket.cors)] : [] }],
  });
  const decisions: GateDecision[] = [];
  const record = (decision: GateDecision) => {
    decisions.push(decision);
    if (decisions.length > 1000) decisions.splice(0, decisions.length - 1000);
    options.onDecision?.(decision);
  };
  const locks = new KeyedLock();

  const front = async (ctx: KoaContext & GateContext, next: () => Promise<void>) => {
    const origin = ctx.headers.origin;
    if (ctx.method === "OPTIONS") return next();
    // S3 adds CORS headers to every answer to an allowed origin, refusals included.
    if (typeof origin === "string") {
      for (const [name, value] of Object.entries(corsHeadersFor(facts.bucket.cors, origin, ctx.method)))
        ctx.set(name, value);
    }
    const request = ctx.req.url ?? "/";
    const s3Request = s3RequestOf(ctx.method, request, ctx.headers, bucket);
    const operation = s3Request?.operation ?? "Unknown";
    let session: Session;
    try {
      session = authenticate(ctx, sessions, facts.region);
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      const unsigned = ctx.headers.authorization === undefined && !/(^|&)X-Amz-Algorithm=/i.test(ctx.querystring);
      record({ operation, decision: unsigned ? "Unsigned" : "BadSignature", status: error.status });
      return deny(ctx, error.status, error.code, error.message);
    }
    if (!s3Request) {
      record({ operation, role: session.role, decision: "NotMapped", status: 501 });
      return deny(
        ctx,
        501,
        "NotImplemented",
        "The sandbox's IAM gate does not map this request to IAM actions, so it refuses it.",
      );
    }
    if (String(ctx.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-")) {
      // The server would store aws-chunked framing as the object's bytes; S3 decodes it.
      return deny(
        ctx,
        501,
        "NotImplemented",
        'The sandbox does not decode aws-chunked bodies: create the S3 client with requestChecksumCalculation: "WHEN_REQUIRED".',
      );
    }
    const acl = ctx.headers["x-amz-acl"];
    if (facts.bucket.ownershipEnforced && acl !== undefined && acl !== "bucket-owner-full-control") {
      return deny(ctx, 400, "AccessControlListNotSupported", "The bucket does not allow ACLs");
    }
    const refusal =
      session.role === ADMIN ? undefined : authorize(facts, session.role, session, s3Request, ctx, record);
    if (refusal) return deny(ctx, 403, "AccessDenied", refusal);
    // The server checks signatures with its own fixed key: the gate has checked this one, so it passes it on unsigned.
    stripAuthentication(ctx);
    const { operation: s3Operation, key } = classify(ctx, bucket);
    if (s3Operation === "Other" || s3Operation === "ListObjects") return next();
    return actLikeS3(locks, ctx, next, s3Operation, bucket, key);
  };
  (server as unknown as { middleware: unknown[] }).middleware.unshift(front);
  const address = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    name: bucket,
    decisions,
    close: () => server.close(),
  };
}

/** The part of Koa's context the gate uses beyond the S3 semantics'. */
interface GateContext {
  req: { url?: string };
  querystring: string;
  set(name: string, value: string): void;
}

/** The issued session that signed the request; throws S3's refusal when there is none or the signature is wrong. */
function authenticate(ctx: KoaContext & GateContext, sessions: SessionStore, region: string): Session {
  const raw = { method: ctx.method, url: ctx.req.url ?? "/", headers: ctx.headers };
  const signed = parseSignature(raw);
  if (!signed)
    throw new SignatureError(403, "AccessDenied", "Anonymous access is denied: the bucket blocks public access.");
  const session = sessions.get(signed.accessKeyId);
  if (!session)
    throw new SignatureError(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
    );
  if (signed.securityToken !== session.sessionToken)
    throw new SignatureError(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
  if (session.expiration.getTime() <= Date.now())
    throw new SignatureError(400, "ExpiredToken", "The provided token has expired.");
  verifySignature(raw, signed, session.secretAccessKey, region);
  return session;
}

/** Evaluates every authorization the request needs; the refusal message of the first that is not allowed. */
function authorize(
  facts: StackFacts,
  roleUse: RoleUse,
  session: Session,
  request: S3Request,
  ctx: KoaContext & GateContext,
  record: (decision: GateDecision) => void,
): string | undefined {
  const now = new Date();
  const signedWith = ctx.headers.authorization ? "REST-HEADER" : "REST-QUERY-STRING";
  const role = facts.access.roles[roleUse];
  for (const { action, resource, context } of request.authorizations) {
    const decision = decide(facts.access, {
      principal: { role: roleUse, sessionName: session.sessionName, tags: session.tags },
      action,
      resource,
      context: {
        ...context,
        // The sandbox serves plain HTTP on the loopback interface and stands in for S3's TLS endpoint.
        "aws:SecureTransport": "true",
        "aws:SourceIp": "127.0.0.1",
        "aws:CurrentTime": now.toISOString(),
        "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
        "aws:PrincipalType": "AssumedRole",
        "s3:authType": signedWith,
        "s3:signatureversion": "AWS4-HMAC-SHA256",
      },
    });
    record({
      operation: request.operation,
      role: session.role,
      action,
      resource,
      decision,
      status: decision === "Allowed" ? 200 : 403,
    });
    if (decision !== "Allowed") {
      const principal = `arn:aws:sts::${facts.access.values.account}:assumed-role/${role?.name ?? session.role}/${session.sessionName}`;
      const because =
        decision === "ExplicitlyDenied"
          ? "with an explicit deny in a resource-based or identity-based policy"
          : `because no identity-based policy allows the ${action} action`;
      return `User: ${principal} is not authorized to perform: ${action} on resource: "${resource}" ${because}`;
    }
  }
  return undefined;
}

function deny(ctx: KoaContext, status: number, code: string, message: string): void {
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId><HostId>sandbox</HostId></Error>`;
}

function stripAuthentication(ctx: KoaContext & GateContext): void {
  delete ctx.headers.authorization;
  delete ctx.headers["x-amz-security-token"];
  if (/(^|&)X-Amz-/i.test(ctx.querystring)) {
    ctx.querystring = ctx.querystring
      .split("&")
      .filter((pair) => !/^X-Amz-/i.test(pair))
      .join("&");
  }
}

/** The CORS headers S3 adds to a response to `origin` for `method`, by the first matching rule. */
export function corsHeadersFor(rules: readonly CorsRule[], origin: string, method: string): Record<string, string> {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    ).test(origin);
  const rule = rules.find(
    (candidate) => candidate.allowedMethods.includes(method) && candidate.allowedOrigins.some(matches),
  );
  if (!rule) return {};
  return {
    "Access-Control-Allow-Origin": rule.allowedOrigins.includes("*") ? "*" : origin,
    ...(rule.exposeHeaders.length > 0 ? { "Access-Control-Expose-Headers": rule.exposeHeaders.join(", ") } : {}),
    ...(rule.maxAgeSeconds !== undefined ? { "Access-Control-Max-Age": String(rule.maxAgeSeconds) } : {}),
    Vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
  };
}

/** The bucket's CORS rules as the CORSConfiguration document S3 (and the server) reads. */
export function corsXml(rules: readonly CorsRule[]): string {
  const list = (tag: string, values: readonly string[]) =>
    values.map((value) => `<${tag}>${escapeXml(value)}</${tag}>`).join("");
  const body = rules
    .map(
      (rule) =>
        `<CORSRule>${list("AllowedOrigin", rule.allowedOrigins)}${list("AllowedMethod", rule.allowedMethods)}` +
        `${list("AllowedHeader", rule.allowedHeaders)}${list("ExposeHeader", rule.exposeHeaders)}` +
        `${rule.maxAgeSeconds !== undefined ? `<MaxAgeSeconds>${rule.maxAgeSeconds}</MaxAgeSeconds>` : ""}</CORSRule>`,
    )
    .join("");
  return `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</CORSConfiguration>`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );
}
