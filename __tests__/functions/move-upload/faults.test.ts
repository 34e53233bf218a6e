import { loadBundledHandler, type MoveHandler } from "../support/bundle";
import { moveEvent } from "../support/events";
import { imageBytes } from "../support/images";
import { captureLogs } from "../support/logs";
import { bodyOf, errorCodeOf, objectAt } from "../support/move-api";
import { CONDITIONAL_CONFLICT, startS3, type S3Operation, type TestS3 } from "../support/s3-server";

let s3: TestS3;
let handler: MoveHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  s3 = await startS3();
  handler = loadBundledHandler(s3.moverEnv());
});
afterAll(() => s3.close());
beforeEach(() => (logs = captureLogs()));
afterEach(() => {
  s3.clearFaults();
  logs.restore();
});

const move = (key: string, folder = "f") => handler(moveEvent({ body: { key, folder } }));
const sorted = (etags: Map<string, string>) => [...etags.values()].sort();

/** Uploads a unique image and returns what the bucket must look like once it has moved. */
async function arrange(name: string) {
  const bytes = imageBytes("image/png", 3000, name.length);
  const key = `tmp/user-a/${name}`;
  await s3.put(key, bytes);
  const before = await s3.etags();
  return { bytes, key, destination: `images/user-a/f/${name}`, before };
}

/** Asserts the upload was moved exactly once: the image whole at its destination, the source gone, nothing else. */
async function expectMovedOnce({ bytes, key, destination, before }: Awaited<ReturnType<typeof arrange>>) {
  const after = await s3.etags();
  expect((await objectAt(s3, destination))?.bytes.equals(bytes)).toBe(true);
  expect(after.has(key)).toBe(false);
  expect([...after.keys()].sort()).toEqual(
    [...before.keys()]
      .filter((k) => k !== key)
      .concat(destination)
      .sort(),
  );
  expect(sorted(after)).toEqual(sorted(before));
}

/** Asserts that the bytes are whole in the source or at the destination, and nothing else changed. */
async function expectNothingLost({ bytes, key, destination, before }: Awaited<ReturnType<typeof arrange>>) {
  const source = await objectAt(s3, key);
  const moved = await objectAt(s3, destination);
  expect(Boolean(source?.bytes.equals(bytes)) || Boolean(moved?.bytes.equals(bytes))).toBe(true);
  const others = (keys: Iterable<string>) => [...keys].filter((k) => k !== key && k !== destination).sort();
  expect(others((await s3.etags()).keys())).toEqual(others(before.keys()));
}

// Each request of a move fails, persistently (so the SDK's retries fail too), before or after the server acted.
describe.each<[S3Operation, "before" | "after", number, number]>([
  ["GetObject", "before", 500, 201],
  ["GetObject", "after", 500, 201],
  ["CopyObject", "before", 500, 201],
  ["CopyObject", "after", 500, 200],
  ["DeleteObject", "before", 500, 200],
  ["DeleteObject", "after", 500, 200],
])("when every %s fails %s acting", (operation, when, firstStatus, retryStatus) => {
  test(`the first move answers ${firstStatus}, nothing is lost, and a retry answers ${retryStatus} with one image`, async () => {
    const arranged = await arrange(`${operation}-${when}.png`);
    s3.injectFault({ operation, when });

    const first = await move(arranged.key);
    await expectNothingLost(arranged);
    s3.clearFaults();
    const retry = await move(arranged.key);
    const again = await move(arranged.key);

    expect(first.statusCode).toBe(firstStatus);
    expect(retry.statusCode).toBe(retryStatus);
    expect(again.statusCode).toBe(200);
    expect(bodyOf(retry)).toEqual({ key: arranged.destination, bytes: 3000, contentType: "image/png" });
    await expectMovedOnce(arranged);
  });
});

// One failure only: the SDK retries the request, and the mover makes sense of a retry that finds the work done.
describe.each<[S3Operation, "before" | "after", number]>([
  ["GetObject", "before", 201],
  ["GetObject", "after", 201],
  ["CopyObject", "before", 201],
  ["CopyObject", "after", 200],
  ["DeleteObject", "before", 201],
  ["DeleteObject", "after", 201],
])("when one %s fails %s acting", (operation, when, status) => {
  test(`the move still answers ${status} with one image`, async () => {
    const arranged = await arrange(`once-${operation}-${when}.png`);
    s3.injectFault({ operation, when, times: 1 });

    const response = await move(arranged.key);

    expect(response.statusCode).toBe(status);
    await expectMovedOnce(arranged);
  });
});

describe("a move under S3 faults", () => {
  test("converges when the delete fails, then the retry's destination check fails, then a retry runs clean", async () => {
    const arranged = await arrange("head-fails.png");
    s3.injectFault({ operation: "DeleteObject", when: "before" });
    const first = await move(arranged.key);
    s3.clearFaults();
    s3.injectFault({ operation: "HeadObject", when: "before" });

    const second = await move(arranged.key);
    await expectNothingLost(arranged);
    s3.clearFaults();
    const third = await move(arranged.key);

    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([500, 500, 200]);
    await expectMovedOnce(arranged);
  });

  test("answers 409 and copies nothing when the upload is replaced between the type check and the copy", async () => {
    const arranged = await arrange("replaced-before-copy.png");
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    s3.beforeNext("CopyObject", () => s3.put(arranged.key, html, "image/png"));

    const response = await move(arranged.key);

    expect(response.statusCode).toBe(409);
    expect(errorCodeOf(response)).toBe("UploadChanged");
    expect(await objectAt(s3, arranged.destination)).toBeUndefined();
    expect((await objectAt(s3, arranged.key))?.bytes.equals(html)).toBe(true);
  });

  test("keeps a newer upload that replaced the source after the copy, and still delivers the checked image", async () => {
    const arranged = await arrange("replaced-before-delete.png");
    const newer = imageBytes("image/gif", 900, 42);
    s3.beforeNext("DeleteObject", () => s3.put(arranged.key, newer, "image/gif"));

    const response = await move(arranged.key);

    expect(response.statusCode).toBe(201);
    expect((await objectAt(s3, arranged.destination))?.bytes.equals(arranged.bytes)).toBe(true);
    expect((await objectAt(s3, arranged.key))?.bytes.equals(newer)).toBe(true);
  });

  test("answers 404 when the upload expires between the type check and the copy", async () => {
    const arranged = await arrange("expired.png");
    s3.beforeNext("CopyObject", async () => {
      await s3.client.send(
        new (await import("@aws-sdk/client-s3")).DeleteObjectCommand({ Bucket: s3.bucket, Key: arranged.key }),
      );
    });

    const response = await move(arranged.key);

    expect(response.statusCode).toBe(404);
    expect(await objectAt(s3, arranged.destination)).toBeUndefined();
  });
});

// S3 answers a conditional CopyObject that raced another request on the same key with 409 ConditionalRequestConflict.
describe("a move whose conditional copy meets S3's 409 ConditionalRequestConflict", () => {
  test("answers 200 with the image when the conflicting request wrote the same copy, and removes the upload", async () => {
    const arranged = await arrange("conflict-after-copy.png");
    s3.injectFault({ operation: "CopyObject", when: "after", times: 1, answer: CONDITIONAL_CONFLICT });

    const response = await move(arranged.key);

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ key: arranged.destination, bytes: 3000, contentType: "image/png" });
    await expectMovedOnce(arranged);
  });

  test("answers 409 UploadChanged and keeps the upload when the copy conflicted before writing, and a retry moves it", async () => {
    const arranged = await arrange("conflict-before-copy.png");
    s3.injectFault({ operation: "CopyObject", when: "before", times: 1, answer: CONDITIONAL_CONFLICT });

    const first = await move(arranged.key);
    await expectNothingLost(arranged);
    const retry = await move(arranged.key);

    expect([first.statusCode, errorCodeOf(first)]).toEqual([409, "UploadChanged"]);
    expect(retry.statusCode).toBe(201);
    await expectMovedOnce(arranged);
  });
});
