import { mkdtemp, rm } from "node:fs/promises";
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
import { KeyedLock } from "../../../sandbox/s3/keyed-lock";
import { CLIENT_ID, MOBILE_CLIENT_ID } from "./events";
import { actLikeS3 } from "../../../sandbox/s3/act";
import {
  classify,
  decodeCopySourceLikeS3,
  fail,
  type KoaContext,
  type S3Operation,
} from "../../../sandbox/s3/s3-semantics";

export type { S3Operation };

export interface RecordedRequest {
  readonly operation: S3Operation;
  readonly key: string;
  /** The Range header of a GET, if any. */
  readonly range?: string;
  /** The status the server answered with. */
  status?: number;
}

/** A failure armed for one operation: before it acts, or after it acted but before the client hears of it. */
export interface Fault {
  readonly operation: S3Operation;
  readonly when: "before" | "after";
  /** How many requests fail; the SDK's own retries count too. @default Infinity */
  readonly times?: number;
  /**
   * What S3 answers. S3 documents 409 ConditionalRequestConflict for a conditional write (CopyObject,
   * CompleteMultipartUpload, PutObject) that raced another request on the same key. @default 500 InternalError
   */
  readonly answer?: { readonly status: number; readonly code: string };
}

const INTERNAL_ERROR = { status: 500, code: "InternalError" };
/** S3's answer to a conditional write that conflicted with a concurrent request on the key. */
export const CONDITIONAL_CONFLICT = { status: 409, code: "ConditionalRequestConflict" };

export interface TestS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** A client for arranging and inspecting the bucket, invisible to the request log, faults and hooks. */
  readonly client: S3Client;
  /** Every object request the server received from anything but the inspecting client, in order. */
  readonly requests: RecordedRequest[];
  /** Arms a failure; `clearFaults` disarms all. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Runs `action` once, just before the next `operation` reaches the server (to change state mid-move). */
  beforeNext(operation: S3Operation, action: () => Promise<void>): void;
  /** Environment under which the mover talks to this server and serves the test app clients. */
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

/** Requests from an inspecting client carry this header: they are neither recorded, faulted nor hooked. */
const INSPECTOR_HEADER = "x-test-inspector";

/**
 * A client for `endpoint` that copes with the test server's quirks. An "inspector" arranges and checks the bucket
 * outside what is under test; a "mover" is seen by the server's request log, faults and hooks.
 */
export function testClient(endpoint: string, role: "inspector" | "mover"): S3Client {
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
      if (role === "inspector") (args.request as { headers: Record<string, string> }).headers[INSPECTOR_HEADER] = "1";
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
  const faults: Array<{
    operation: S3Operation;
    when: "before" | "after";
    left: number;
    answer: { status: number; code: string };
  }> = [];
  const locks = new KeyedLock();
  const hooks: Array<{ operation: S3Operation; action: () => Promise<void> }> = [];

  const front = async (ctx: KoaContext, next: () => Promise<void>) => {
    const { operation, key } = classify(ctx, bucket);
    if (operation === "Other") return next();
    if (ctx.headers[INSPECTOR_HEADER]) {
      await act(ctx, next, operation, key);
      return;
    }
    const range = ctx.headers.range;
    const recorded: RecordedRequest = typeof range === "string" ? { operation, key, range } : { operation, key };
    requests.push(recorded);
    try {
      await faultedAndHooked(ctx, next, operation, key);
      recorded.status = ctx.status;
    } catch (error) {
      recorded.status = (error as { status?: number }).status ?? 500;
      throw error;
    }
  };
  /** Runs the request as S3 would: atomically on the keys it touches, with the semantics the server lacks. */
  const act = (ctx: KoaContext, next: () => Promise<void>, operation: S3Operation, key: string) =>
    actLikeS3(locks, ctx, next, operation, bucket, key);
  const faultedAndHooked = async (ctx: KoaContext, next: () => Promise<void>, operation: S3Operation, key: string) => {
    const fault = faults.find((f) => f.operation === operation && f.left > 0);
    if (fault) fault.left -= 1;
    if (fault?.when === "before") {
      fail(ctx, fault.answer.status, fault.answer.code, "Injected failure before acting.");
      return;
    }
    const hook = hooks.findIndex((h) => h.operation === operation);
    if (hook >= 0) await hooks.splice(hook, 1)[0].action();
    await act(ctx, next, operation, key);
    if (fault?.when === "after") {
      if (ctx.body && typeof (ctx.body as { destroy?: () => void }).destroy === "function") {
        (ctx.body as { destroy: () => void }).destroy();
      }
      fail(ctx, fault.answer.status, fault.answer.code, "Injected failure after acting.");
    }
  };
  (server as unknown as { middleware: unknown[] }).middleware.unshift(front);
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = testClient(endpoint, "inspector");

  return {
    endpoint,
    bucket,
    client,
    requests,
    injectFault: ({ operation, when, times = Infinity, answer = INTERNAL_ERROR }) =>
      faults.push({ operation, when, left: times, answer }),
    clearFaults: () => void faults.splice(0),
    beforeNext: (operation, action) => void hooks.push({ operation, action }),
    moverEnv: (extra = {}) => ({
      BUCKET_NAME: bucket,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_S3: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      ALLOWED_CLIENT_IDS: `${CLIENT_ID},${MOBILE_CLIENT_ID}`,
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
        const { ETag } = await client.send(
          new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: part }),
        );
        Parts.push({ ETag, PartNumber });
      }
      await client.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts } }),
      );
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

/** The server XML-escapes listed keys twice (`&` arrives as `&amp;amp;`), so one escape survives the SDK's parse. */
const unescapeTwiceEscaped = (key: string) =>
  key.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name] ?? "",
  );
