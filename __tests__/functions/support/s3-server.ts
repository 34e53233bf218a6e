import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
// The 4.x line checks SigV4 and has UploadPartCopy; its CLI bin is missing, so it runs in-process.
import S3rver from "@20minutes/s3rver";
import { KeyedLock } from "./keyed-lock";

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
  | "Other";

export interface RecordedRequest {
  readonly operation: S3Operation;
  readonly key: string;
  /** The Range header of a GET, if any. */
  readonly range?: string;
}

/** A failure armed for one operation: before it acts, or after it acted but before the client hears of it. */
export interface Fault {
  readonly operation: S3Operation;
  readonly when: "before" | "after";
  /** How many requests fail; the SDK's own retries count too. @default Infinity */
  readonly times?: number;
}

export interface TestS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** A client for arranging and inspecting the bucket (not the one under test). */
  readonly client: S3Client;
  /** Every object request the server received, in order. */
  readonly requests: RecordedRequest[];
  /** Arms a failure; `clearFaults` disarms all. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Environment under which the mover talks to this server. */
  moverEnv(extra?: Record<string, string>): Record<string, string>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** Uploads in parts of `partBytes`, as browsers do for large files; the ETag takes S3's multipart form. */
  putInParts(key: string, body: Buffer, partBytes: number): Promise<void>;
  /** Every key in the bucket, sorted. */
  keys(prefix?: string): Promise<string[]>;
  /** Every object in the bucket as key → ETag. */
  etags(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const REGION = "us-east-1";

/** A client for `endpoint` that copes with the test server's quirks; `extra` adds or overrides options. */
export function testClient(endpoint: string): S3Client {
  const client = new S3Client({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  // The server signs bucket-level paths without their trailing slash, so such requests fail SigV4 unless stripped.
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: "build", name: "stripBucketTrailingSlash" },
  );
  return client;
}

/**
 * Starts an S3-compatible server on 127.0.0.1 at an ephemeral port, with one bucket, in a temporary folder that
 * `close` removes. A front middleware records requests, injects faults, and supplies what the server lacks but S3
 * does (see `s3Semantics`), so the mover is tested against S3's behaviour rather than the server's gaps.
 */
export async function startS3(bucket = "uploads"): Promise<TestS3> {
  decodeCopySourceLikeS3();
  const directory = await mkdtemp(join(tmpdir(), "move-upload-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const requests: RecordedRequest[] = [];
  const faults: Array<{ operation: S3Operation; when: "before" | "after"; left: number }> = [];
  const locks = new KeyedLock();

  const front = async (ctx: KoaContext, next: () => Promise<void>) => {
    const { operation, key } = classify(ctx, bucket);
    if (operation === "Other") return next();
    const range = ctx.headers.range;
    requests.push(typeof range === "string" ? { operation, key, range } : { operation, key });
    const fault = faults.find((f) => f.operation === operation && f.left > 0);
    if (fault) fault.left -= 1;
    if (fault?.when === "before") return fail(ctx, 500, "InternalError", "Injected failure before acting.");
    await locks.run(keysTouched(ctx, operation, key), async () => {
      if (await s3Semantics(ctx, operation, bucket, key)) await next();
    });
    if (operation === "CompleteMultipartUpload" && ctx.status === 200) await giveMultipartEtag(ctx, bucket, key);
    if (fault?.when === "after") {
      if (ctx.body && typeof (ctx.body as { destroy?: () => void }).destroy === "function") {
        (ctx.body as { destroy: () => void }).destroy();
      }
      fail(ctx, 500, "InternalError", "Injected failure after acting.");
    }
  };
  (server as unknown as { middleware: unknown[] }).middleware.unshift(front);
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = testClient(endpoint);

  return {
    endpoint,
    bucket,
    client,
    requests,
    injectFault: ({ operation, when, times = Infinity }) => faults.push({ operation, when, left: times }),
    clearFaults: () => void faults.splice(0),
    moverEnv: (extra = {}) => ({
      BUCKET_NAME: bucket,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_S3: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      ...extra,
    }),
    put: async (key, body, contentType = "application/octet-stream") => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    putInParts: async (key, body, partBytes) => {
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      const Parts = [];
      for (let start = 0, PartNumber = 1; start < body.length; start += partBytes, PartNumber++) {
        const part = body.subarray(start, start + partBytes);
        const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: part }));
        Parts.push({ ETag, PartNumber });
      }
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts } }));
    },
    keys: async (prefix = "") => [...(await list(client, bucket, prefix)).keys()].sort(),
    etags: () => list(client, bucket, ""),
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Makes the server's copy handlers read x-amz-copy-source as S3 does (one full percent-decoding) by handing them
 * the form their decodeURI turns back into the key. Done in the handlers because the header is signed.
 */
function decodeCopySourceLikeS3(): void {
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

/** The slice of Koa's context this middleware uses. */
interface KoaContext {
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
  };
}

async function list(client: S3Client, bucket: string, prefix: string): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) objects.set(unescapeTwiceEscaped(object.Key ?? ""), object.ETag ?? "");
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/**
 * S3 gives an object assembled from parts the ETag md5(part md5s)-N, which differs from its content's MD5 and from
 * the ETag of any copy made with CopyObject; the server gives a plain MD5. Stored the way the server keeps ETags.
 */
async function giveMultipartEtag(ctx: KoaContext, bucket: string, key: string) {
  const request = ctx.request.body as { CompleteMultipartUpload?: { Part?: unknown } } | undefined;
  const parts = ([] as Array<{ ETag: string }>).concat((request?.CompleteMultipartUpload?.Part ?? []) as never);
  const digests = parts.map((part) => Buffer.from(part.ETag.replace(/"/g, ""), "hex"));
  const etag = `${createHash("md5").update(Buffer.concat(digests)).digest("hex")}-${parts.length}`;
  await writeFile(ctx.store.getResourcePath(bucket, key, "object.md5"), etag);
  if (typeof ctx.body === "string") ctx.body = ctx.body.replace(/<ETag>[^<]*<\/ETag>/, `<ETag>"${etag}"</ETag>`);
}

/** The server XML-escapes listed keys twice (`&` arrives as `&amp;amp;`), so one escape survives the SDK's parse. */
const unescapeTwiceEscaped = (key: string) =>
  key.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name] ?? "");

function classify(ctx: KoaContext, bucket: string): RecordedRequest {
  const prefix = `/${bucket}/`;
  if (!ctx.path.startsWith(prefix)) return { operation: ctx.method === "GET" ? "ListObjects" : "Other", key: "" };
  const key = decodeURIComponent(ctx.path.slice(prefix.length));
  const copy = "x-amz-copy-source" in ctx.headers;
  const q = ctx.query;
  const operation: S3Operation =
    ctx.method === "GET" ? "GetObject"
    : ctx.method === "HEAD" ? "HeadObject"
    : ctx.method === "PUT" && "partNumber" in q ? (copy ? "UploadPartCopy" : "UploadPart")
    : ctx.method === "PUT" ? (copy ? "CopyObject" : "PutObject")
    : ctx.method === "POST" && "uploads" in q ? "CreateMultipartUpload"
    : ctx.method === "POST" && "uploadId" in q ? "CompleteMultipartUpload"
    : ctx.method === "DELETE" && "uploadId" in q ? "AbortMultipartUpload"
    : ctx.method === "DELETE" ? "DeleteObject"
    : "Other";
  return { operation, key };
}

/** Keys whose state an operation reads or writes, so that it acts atomically on them, as S3 does. */
function keysTouched(ctx: KoaContext, operation: S3Operation, key: string): string[] {
  if (operation === "GetObject" || operation === "HeadObject" || operation === "UploadPart") return [];
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
 *   CompleteMultipartUpload) and If-Match (DeleteObject); they are evaluated here, under the key lock.
 */
async function s3Semantics(ctx: KoaContext, operation: S3Operation, bucket: string, key: string): Promise<boolean> {
  const header = (name: string) => {
    const value = ctx.headers[name];
    return typeof value === "string" ? value : undefined;
  };
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
  const writesObject = operation === "CopyObject" || operation === "PutObject" || operation === "CompleteMultipartUpload";
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

function fail(ctx: KoaContext, status: number, code: string, message: string): false {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return false;
}
