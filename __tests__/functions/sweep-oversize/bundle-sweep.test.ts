import { HeadObjectCommand } from "@aws-sdk/client-s3";
import type { Context, EventBridgeEvent } from "aws-lambda";
import { loadFunction } from "../support/bundle";
import { captureLogs } from "../support/logs";
import { startS3, type TestS3 } from "../support/s3-server";

type SweepEvent = EventBridgeEvent<"Object Created", Record<string, unknown>>;
type SweepHandler = (event: SweepEvent, context?: Context) => Promise<{ outcome: string }>;

const MAX_UPLOAD_BYTES = 64 * 1024;
let s3: TestS3;
let handler: SweepHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  s3 = await startS3();
  Object.assign(process.env, s3.moverEnv({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), UPLOAD_PREFIX: "tmp/" }));
  handler = loadFunction<{ handler: SweepHandler }>("sweep-oversize").handler;
  // The SDK's first request writes a one-off Node version warning, which is not a log line of the function.
  const warmUp = captureLogs();
  const missing = {
    bucket: { name: s3.bucket },
    object: { key: "tmp/warm-up", size: MAX_UPLOAD_BYTES + 1, etag: "0" },
  };
  await handler({ id: "warm-up", detail: missing } as unknown as SweepEvent).finally(() => warmUp.restore());
});
afterAll(() => s3.close());
beforeEach(() => {
  logs = captureLogs();
  s3.clearFaults();
});
afterEach(() => logs.restore());

/**
 * The event S3 sends to EventBridge for a new object, as an EventBridge rule delivers it to the function (no
 * EventBridge runs here: the test builds the documented envelope from the object S3 stored). The ETag comes
 * without quotes and the key as stored, as in S3's EventBridge events.
 */
async function objectCreated(key: string, bucket = s3.bucket): Promise<SweepEvent> {
  const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
  return {
    version: "0",
    id: `event-${key}`,
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "111122223333",
    time: new Date().toISOString(),
    region: "us-east-1",
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: "0",
      bucket: { name: bucket },
      object: { key, size: head.ContentLength, etag: head.ETag?.replace(/"/g, ""), sequencer: "0065A1B2C3D4E5F601" },
      "request-id": "REQUEST0000000001",
      requester: "111122223333",
      reason: "PutObject",
    },
  };
}

describe("the bundled sweeper", () => {
  test("deletes an upload over the cap at once and logs it with the key and size; the time it took is measured", async () => {
    const key = "tmp/user-a/huge.bin";
    const started = process.hrtime.bigint();
    await s3.put(key, Buffer.alloc(MAX_UPLOAD_BYTES + 1, 7));
    const result = await handler(await objectCreated(key));
    const remaining = await s3.keys("tmp/");
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

    expect(result).toEqual({ outcome: "deleted" });
    expect(remaining).toEqual([]);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "oversize upload deleted",
        key,
        bytes: MAX_UPLOAD_BYTES + 1,
        max_upload_bytes: MAX_UPLOAD_BYTES,
      }),
    );
    logs.restore();
    console.log(`oversize upload to deletion, local S3 server, event handed over at once: ${elapsedMs.toFixed(1)} ms`);
  });

  test("leaves an upload at the cap, or under it, alone, and sends S3 no request", async () => {
    await s3.put("tmp/user-a/at-cap.png", Buffer.alloc(MAX_UPLOAD_BYTES, 1));
    await s3.put("tmp/user-a/small.png", Buffer.alloc(10, 1));
    const before = s3.requests.length;

    expect(await handler(await objectCreated("tmp/user-a/at-cap.png"))).toEqual({ outcome: "kept" });
    expect(await handler(await objectCreated("tmp/user-a/small.png"))).toEqual({ outcome: "kept" });

    expect(await s3.keys("tmp/user-a/")).toEqual(["tmp/user-a/at-cap.png", "tmp/user-a/small.png"]);
    expect(s3.requests.length).toBe(before);
  });

  test("keeps a small upload that replaced the oversize one before the event arrived (the delete is conditional)", async () => {
    const key = "tmp/user-a/replaced.png";
    await s3.put(key, Buffer.alloc(MAX_UPLOAD_BYTES * 2, 3));
    const event = await objectCreated(key);
    await s3.put(key, Buffer.alloc(100, 4));

    expect(await handler(event)).toEqual({ outcome: "replaced" });
    expect(await s3.keys("tmp/user-a/replaced")).toEqual([key]);
  });

  test("touches nothing outside the upload prefix or of another bucket, even when it is large", async () => {
    await s3.put("images/user-a/big.png", Buffer.alloc(MAX_UPLOAD_BYTES * 2, 5));
    const image = await objectCreated("images/user-a/big.png");
    await s3.put("tmp/user-a/other-bucket.png", Buffer.alloc(MAX_UPLOAD_BYTES * 2, 5));
    const foreign = await objectCreated("tmp/user-a/other-bucket.png", "another-bucket");

    expect(await handler(image)).toEqual({ outcome: "ignored" });
    expect(await handler(foreign)).toEqual({ outcome: "ignored" });
    expect(await s3.keys("images/user-a/big")).toEqual(["images/user-a/big.png"]);
    expect(await s3.keys("tmp/user-a/other-bucket")).toEqual(["tmp/user-a/other-bucket.png"]);
  });

  test("a failing delete fails the invocation (so Lambda retries the event), is logged at ERROR, and a retry deletes", async () => {
    const key = "tmp/user-a/retried.bin";
    await s3.put(key, Buffer.alloc(MAX_UPLOAD_BYTES + 10, 9));
    const event = await objectCreated(key);
    s3.injectFault({ operation: "DeleteObject", when: "before" });

    await expect(handler(event)).rejects.toMatchObject({ name: "InternalError" });
    expect(await s3.keys("tmp/user-a/retried")).toEqual([key]);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: "ERROR", message: "oversize upload not deleted", key }),
    );

    s3.clearFaults();
    expect(await handler(event)).toEqual({ outcome: "deleted" });
    expect(await s3.keys("tmp/user-a/retried")).toEqual([]);
  });

  test("a delete that acted but whose answer was lost is retried harmlessly: the object is gone", async () => {
    const key = "tmp/user-a/lost-answer.bin";
    await s3.put(key, Buffer.alloc(MAX_UPLOAD_BYTES + 10, 9));
    const event = await objectCreated(key);
    s3.injectFault({ operation: "DeleteObject", when: "after", times: 1 });

    // The SDK retries the 500 itself; the object is already gone then.
    const result = await handler(event);

    expect(["deleted", "gone"]).toContain(result.outcome);
    expect(await s3.keys("tmp/user-a/lost-answer")).toEqual([]);
  });
});
