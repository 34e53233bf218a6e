// What @20minutes/s3rver 4.0 does differently from S3, and the middleware pieces that make it answer as S3 does.
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";

/** Operations as S3 names them, told apart by method, query and copy header. */
export type S3Operation =
  | "GetObject"
  | "HeadObject"
  | "PutObject"
  | "CopyObject"
  | "DeleteObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "UploadPartCopy"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListObjects"
  | "GetObjectTagging"
  | "PutObjectTagging"
  | "Other";

/** The slice of Koa's context this middleware uses. */
export interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  request: { body?: unknown };
  type: string;
  store: {
    getMetadata(bucket: string, key: string): Promise<{ etag: string; "content-length": number | string }>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    getResourcePath(bucket: string, key: string, resource: string): string;
    deleteSubresource(bucket: string, key: string, resourceType: string): Promise<void>;
  };
}

/** The S3 operation a request to `bucket` makes, and the object key it names. */
export function classify(ctx: KoaContext, bucket: string): { operation: S3Operation; key: string } {
  const prefix = `/${bucket}/`;
  if (!ctx.path.startsWith(prefix)) return { operation: ctx.method === "GET" ? "ListObjects" : "Other", key: "" };
  const key = decodeURIComponent(ctx.path.slice(prefix.length));
  const copy = "x-amz-copy-source" in ctx.headers;
  const q = ctx.query;
  const operation: S3Operation =
    "tagging" in q && (ctx.method === "GET" || ctx.method === "PUT")
      ? ctx.method === "GET"
        ? "GetObjectTagging"
        : "PutObjectTagging"
      : ctx.method === "GET"
        ? "GetObject"
        : ctx.method === "HEAD"
          ? "HeadObject"
          : ctx.method === "PUT" && "partNumber" in q
            ? copy
              ? "UploadPartCopy"
              : "UploadPart"
            : ctx.method === "PUT"
              ? copy
                ? "CopyObject"
                : "PutObject"
              : ctx.method === "POST" && "uploads" in q
                ? "CreateMultipartUpload"
                : ctx.method === "POST" && "uploadId" in q
                  ? "CompleteMultipartUpload"
                  : ctx.method === "DELETE" && "uploadId" in q
                    ? "AbortMultipartUpload"
                    : ctx.method === "DELETE"
                      ? "DeleteObject"
                      : "Other";
  return { operation, key };
}

/** Keys whose state an operation reads or writes, so that it acts atomically on them, as S3 does. */
export function keysTouched(ctx: KoaContext, operation: S3Operation, key: string): string[] {
  if (
    operation === "GetObject" ||
    operation === "HeadObject" ||
    operation === "UploadPart" ||
    operation === "GetObjectTagging"
  )
    return [];
  const source = copySourceKey(ctx);
  return source === undefined ? [key] : [key, source];
}

/** CopySource must be percent-encoded (S3 decodes it once); a raw space, `+`, `&` or non-ASCII byte means it was not. */
const ENCODED_COPY_SOURCE = /^[A-Za-z0-9\-_.!~*'()%/]+$/;

function copySourceKey(ctx: KoaContext): string | undefined {
  const header = ctx.headers["x-amz-copy-source"];
  if (typeof header !== "string" || !ENCODED_COPY_SOURCE.test(header)) return undefined;
  const [, ...key] = decodeURIComponent(header.replace(/^\//, "")).split("/");
  return key.join("/");
}

/**
 * Supplies S3 behaviour that @20minutes/s3rver 4.0 lacks, answering as S3 would; returns false when it answered.
 * - It decodes x-amz-copy-source with decodeURI, which leaves %2B, %26, %3D... encoded, so keys with `+`, `&` or
 *   `=` are not found. The header is checked for S3's encoding here and re-encoded for the server after its
 *   signature check (see `decodeCopySourceLikeS3`).
 * - It gives multipart objects a plain MD5 ETag (see `giveMultipartEtag`).
 * - A ranged GET of an empty object announces one byte and sends none, so the client hangs; S3 answers 416.
 * - It ignores x-amz-copy-source-if-match (CopyObject, UploadPartCopy), If-None-Match (CopyObject, PutObject,
 *   CompleteMultipartUpload) and If-Match (DeleteObject); they are evaluated here, under the key lock. Any other
 *   condition is answered 501 (see `EVALUATED_CONDITIONS`), so code that relies on one cannot pass unchecked.
 */
export async function s3Semantics(
  ctx: KoaContext,
  operation: S3Operation,
  bucket: string,
  key: string,
): Promise<boolean> {
  const header = (name: string) => {
    const value = ctx.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const unevaluated = unevaluatedCondition(operation, header);
  if (unevaluated !== undefined) {
    return fail(ctx, 501, "NotImplemented", `The test server does not evaluate ${unevaluated} on ${operation}.`);
  }
  const etagOf = async (objectKey: string) =>
    (await ctx.store.existsObject(bucket, objectKey))
      ? (await ctx.store.getMetadata(bucket, objectKey)).etag.replace(/"/g, "")
      : undefined;
  if (operation === "GetObject" && header("range") !== undefined && (await ctx.store.existsObject(bucket, key))) {
    const { "content-length": size } = await ctx.store.getMetadata(bucket, key);
    if (Number(size) === 0) return fail(ctx, 416, "InvalidRange", "The requested range is not satisfiable");
  }
  const copySource = header("x-amz-copy-source");
  if (copySource !== undefined) {
    if (!ENCODED_COPY_SOURCE.test(copySource)) {
      return fail(ctx, 400, "InvalidArgument", "x-amz-copy-source must be URL-encoded.");
    }
    const ifMatch = header("x-amz-copy-source-if-match");
    const sourceEtag = await etagOf(copySourceKey(ctx) ?? "");
    if (ifMatch !== undefined && sourceEtag !== undefined && sourceEtag !== ifMatch.replace(/"/g, "")) {
      return fail(ctx, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }
  }
  const writesObject =
    operation === "CopyObject" || operation === "PutObject" || operation === "CompleteMultipartUpload";
  if (writesObject && header("if-none-match") === "*" && (await ctx.store.existsObject(bucket, key))) {
    return fail(ctx, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
  }
  const ifMatch = header("if-match");
  if (operation === "DeleteObject" && ifMatch !== undefined) {
    const etag = await etagOf(key);
    if (etag === undefined) return fail(ctx, 404, "NoSuchKey", "The specified key does not exist.");
    if (ifMatch !== "*" && etag !== ifMatch.replace(/"/g, "")) {
      return fail(ctx, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }
  }
  return true;
}

/** Conditional request headers S3 knows, for objects and for copy sources. */
export const CONDITIONAL_HEADERS = [
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "x-amz-copy-source-if-match",
  "x-amz-copy-source-if-none-match",
  "x-amz-copy-source-if-modified-since",
  "x-amz-copy-source-if-unmodified-since",
] as const;

/** The conditions `s3Semantics` evaluates as S3 does, by operation; a value test where only some values are handled. */
const EVALUATED_CONDITIONS: Partial<
  Record<S3Operation, Partial<Record<(typeof CONDITIONAL_HEADERS)[number], (value: string) => boolean>>>
> = {
  CopyObject: { "x-amz-copy-source-if-match": () => true, "if-none-match": (value) => value === "*" },
  UploadPartCopy: { "x-amz-copy-source-if-match": () => true },
  PutObject: { "if-none-match": (value) => value === "*" },
  CompleteMultipartUpload: { "if-none-match": (value) => value === "*" },
  DeleteObject: { "if-match": () => true },
};

/**
 * The first conditional header of the request that this middleware does not evaluate. The server behind it ignores
 * every condition, so forwarding one would let the request succeed whether or not the condition holds.
 */
export function unevaluatedCondition(
  operation: S3Operation,
  header: (name: string) => string | undefined,
): string | undefined {
  return CONDITIONAL_HEADERS.find((name) => {
    const value = header(name);
    if (value === undefined) return false;
    const evaluates = EVALUATED_CONDITIONS[operation]?.[name];
    return evaluates === undefined || !evaluates(value);
  });
}

/** Answers as S3 does, with an XML error, and ends the request there. */
export function fail(ctx: KoaContext, status: number, code: string, message: string): false {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return false;
}

/**
 * Makes the server's copy handlers read x-amz-copy-source as S3 does (one full percent-decoding) by handing them
 * the form their decodeURI turns back into the key. Done in the handlers because the header is signed.
 */
export function decodeCopySourceLikeS3(): void {
  const controller = require("@20minutes/s3rver/lib/controllers/object") as Record<string, unknown>;
  for (const name of ["putObjectCopy", "uploadPartCopy"]) {
    const original = controller[name] as ((ctx: KoaContext) => Promise<void>) & { decodesLikeS3?: true };
    if (original.decodesLikeS3) continue;
    const patched = Object.assign(
      (ctx: KoaContext) => {
        const header = ctx.headers["x-amz-copy-source"];
        if (typeof header === "string") ctx.headers["x-amz-copy-source"] = encodeURI(decodeURIComponent(header));
        return original(ctx);
      },
      { decodesLikeS3: true as const },
    );
    controller[name] = patched;
  }
}

/**
 * S3 gives an object assembled from parts the ETag md5(part md5s)-N, which differs from its content's MD5 and from
 * the ETag of any copy made with CopyObject; the server gives a plain MD5. Stored the way the server keeps ETags.
 */
export async function giveMultipartEtag(ctx: KoaContext, bucket: string, key: string) {
  const request = ctx.request.body as { CompleteMultipartUpload?: { Part?: unknown } } | undefined;
  const parts = ([] as Array<{ ETag: string }>).concat((request?.CompleteMultipartUpload?.Part ?? []) as never);
  const digests = parts.map((part) => Buffer.from(part.ETag.replace(/"/g, ""), "hex"));
  const etag = `${createHash("md5").update(Buffer.concat(digests)).digest("hex")}-${parts.length}`;
  await writeFile(ctx.store.getResourcePath(bucket, key, "object.md5"), etag);
  if (typeof ctx.body === "string") ctx.body = ctx.body.replace(/<ETag>[^<]*<\/ETag>/, `<ETag>"${etag}"</ETag>`);
}

/**
 * Tags belong to one object in S3: a new object under the key (PUT, copy, completed multipart upload) starts with
 * none (the mover sends no x-amz-tagging), and a deleted object's tags go with it. @20minutes/s3rver keeps them in a
 * file beside the key that outlives both, so they are dropped here once the write or delete succeeded, under the
 * key's lock. (S3 copies the source's tags on CopyObject by default; the server does not, and nothing here relies on
 * a copied tag.)
 */
export async function dropReplacedTags(ctx: KoaContext, operation: S3Operation, bucket: string, key: string) {
  const replaces =
    operation === "PutObject" ||
    operation === "CopyObject" ||
    operation === "CompleteMultipartUpload" ||
    operation === "DeleteObject";
  if (replaces && ctx.status >= 200 && ctx.status < 300) await ctx.store.deleteSubresource(bucket, key, "tagging");
}
