import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { readConfig, type MoverConfig } from "../../../functions/move-upload/config";
import { MoveError } from "../../../functions/move-upload/errors";
import { moveUpload } from "../../../functions/move-upload/move";
import { imageBytes } from "../support/images";
import { objectAt } from "../support/move-api";
import { CONDITIONAL_CONFLICT, startS3, testClient, type TestS3 } from "../support/s3-server";

// Scaled down: CopyObject's real limit is 5 GiB. Here anything over 64 KiB is copied in parts of 16 KiB.
const SMALL_COPY_LIMIT = 64 * 1024;

let s3: TestS3;
let config: MoverConfig;
const mover = () => testClient(s3.endpoint, "mover");

beforeAll(async () => {
  s3 = await startS3();
  config = {
    ...readConfig(s3.moverEnv({ MAX_UPLOAD_BYTES: String(1024 * 1024) })),
    copyObjectMaxBytes: SMALL_COPY_LIMIT,
    partCopyBytes: 16 * 1024,
    partCopyConcurrency: 3,
  };
});
afterAll(() => s3.close());
afterEach(() => s3.clearFaults());

const requestFor = (name: string, folder = "") => ({
  sub: "user-a",
  sourceKey: `tmp/user-a/${name}`,
  destinationKey: `images/user-a/${folder}${name}`,
});
const operationsSince = (mark: number) => s3.requests.slice(mark).map((r) => r.operation);

describe("moving an upload above CopyObject's limit", () => {
  test("copies it part by part with UploadPartCopy, then verifies and deletes the source", async () => {
    const bytes = imageBytes("image/jpeg", 100 * 1024, 5);
    await s3.put("tmp/user-a/big.jpg", bytes);
    const mark = s3.requests.length;

    const outcome = await moveUpload(mover(), config, requestFor("big.jpg"));
    const operations = operationsSince(mark);

    expect(outcome).toEqual({
      status: 201,
      key: "images/user-a/big.jpg",
      bytes: bytes.length,
      contentType: "image/jpeg",
    });
    expect((await objectAt(s3, "images/user-a/big.jpg"))?.bytes.equals(bytes)).toBe(true);
    expect((await objectAt(s3, "images/user-a/big.jpg"))?.contentType).toBe("image/jpeg");
    expect(await objectAt(s3, "tmp/user-a/big.jpg")).toBeUndefined();
    expect(operations.filter((op) => op === "UploadPartCopy")).toHaveLength(7);
    expect(operations.filter((op) => op !== "UploadPartCopy")).toEqual([
      "GetObject",
      "CreateMultipartUpload",
      "CompleteMultipartUpload",
      // The assembled object's ETag is in multipart form, so its size and provenance are checked.
      "HeadObject",
      "DeleteObject",
    ]);
  });

  test("copies a name with spaces, +, &, = and unicode through UploadPartCopy's CopySource", async () => {
    const name = "big a+b&c=d ünï 写真.png";
    const bytes = imageBytes("image/png", 70 * 1024, 6);
    await s3.put(`tmp/user-a/${name}`, bytes);

    await moveUpload(mover(), config, requestFor(name, "f/"));

    expect((await objectAt(s3, `images/user-a/f/${name}`))?.bytes.equals(bytes)).toBe(true);
  });

  test("aborts the multipart upload and keeps the source when a part fails, and a retry then completes", async () => {
    const bytes = imageBytes("image/png", 90 * 1024, 7);
    await s3.put("tmp/user-a/flaky.png", bytes);
    s3.injectFault({ operation: "UploadPartCopy", when: "before" });
    const mark = s3.requests.length;

    await expect(moveUpload(mover(), config, requestFor("flaky.png"))).rejects.toThrow();

    expect(operationsSince(mark)).toContain("AbortMultipartUpload");
    expect(await objectAt(s3, "images/user-a/flaky.png")).toBeUndefined();
    expect((await objectAt(s3, "tmp/user-a/flaky.png"))?.bytes.equals(bytes)).toBe(true);
    s3.clearFaults();
    expect((await moveUpload(mover(), config, requestFor("flaky.png"))).status).toBe(201);
    expect((await objectAt(s3, "images/user-a/flaky.png"))?.bytes.equals(bytes)).toBe(true);
  });

  test("refuses with 409 and aborts rather than complete over an existing image", async () => {
    await s3.put("images/user-a/occupied.png", imageBytes("image/png", 100, 1));
    await s3.put("tmp/user-a/occupied.png", imageBytes("image/png", 80 * 1024, 2));
    const mark = s3.requests.length;

    const error = await moveUpload(mover(), config, requestFor("occupied.png")).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MoveError);
    expect((error as MoveError).status).toBe(409);
    expect(operationsSince(mark)).toContain("AbortMultipartUpload");
    expect((await objectAt(s3, "images/user-a/occupied.png"))?.bytes.length).toBe(100);
  });
});

describe("a part-by-part copy under change and conflict", () => {
  test("answers 409 and copies nothing when the upload is replaced, at the same size, after its type check", async () => {
    const bytes = imageBytes("image/png", 80 * 1024, 10);
    // Same size as the checked image, so only the pinned ETag can tell the two apart.
    const html = Buffer.alloc(bytes.length, " ");
    Buffer.from("<html><script>alert(1)</script>").copy(html);
    await s3.put("tmp/user-a/swapped.png", bytes);
    s3.beforeNext("UploadPartCopy", () => s3.put("tmp/user-a/swapped.png", html));
    const mark = s3.requests.length;

    const error = await moveUpload(mover(), config, requestFor("swapped.png")).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MoveError);
    expect([(error as MoveError).status, (error as MoveError).code]).toEqual([409, "UploadChanged"]);
    expect(operationsSince(mark)).toContain("AbortMultipartUpload");
    expect(await objectAt(s3, "images/user-a/swapped.png")).toBeUndefined();
    expect((await objectAt(s3, "tmp/user-a/swapped.png"))?.bytes.equals(html)).toBe(true);
  });

  test("answers 200 when CompleteMultipartUpload conflicts after a concurrent request completed the same copy", async () => {
    const bytes = imageBytes("image/jpeg", 70 * 1024, 11);
    await s3.put("tmp/user-a/completed.jpg", bytes);
    s3.injectFault({ operation: "CompleteMultipartUpload", when: "after", times: 1, answer: CONDITIONAL_CONFLICT });

    const outcome = await moveUpload(mover(), config, requestFor("completed.jpg"));

    expect(outcome).toEqual({
      status: 200,
      key: "images/user-a/completed.jpg",
      bytes: bytes.length,
      contentType: "image/jpeg",
    });
    expect((await objectAt(s3, "images/user-a/completed.jpg"))?.bytes.equals(bytes)).toBe(true);
    expect(await objectAt(s3, "tmp/user-a/completed.jpg")).toBeUndefined();
  });

  test("answers 409 UploadChanged and aborts when CompleteMultipartUpload conflicts before completing, and a retry moves it", async () => {
    const bytes = imageBytes("image/gif", 70 * 1024, 12);
    await s3.put("tmp/user-a/conflict.gif", bytes);
    s3.injectFault({ operation: "CompleteMultipartUpload", when: "before", times: 1, answer: CONDITIONAL_CONFLICT });
    const mark = s3.requests.length;

    const error = await moveUpload(mover(), config, requestFor("conflict.gif")).catch((e: unknown) => e);

    expect([(error as MoveError).status, (error as MoveError).code]).toEqual([409, "UploadChanged"]);
    expect(operationsSince(mark)).toContain("AbortMultipartUpload");
    expect((await objectAt(s3, "tmp/user-a/conflict.gif"))?.bytes.equals(bytes)).toBe(true);
    expect((await moveUpload(mover(), config, requestFor("conflict.gif"))).status).toBe(201);
  });
});

describe("moving an upload that was itself uploaded in parts", () => {
  test("verifies the copy by size and provenance, since its ETag cannot match the source's", async () => {
    const bytes = imageBytes("image/heic", 40 * 1024, 8);
    await s3.putInParts("tmp/user-a/parts.heic", bytes, 16 * 1024);
    const sourceEtag = (await s3.etags()).get("tmp/user-a/parts.heic");
    const mark = s3.requests.length;

    const outcome = await moveUpload(mover(), config, requestFor("parts.heic"));

    expect(outcome.status).toBe(201);
    expect(operationsSince(mark)).toEqual(["GetObject", "CopyObject", "HeadObject", "DeleteObject"]);
    expect(sourceEtag).toMatch(/-3"$/);
    expect((await s3.etags()).get("images/user-a/parts.heic")).not.toBe(sourceEtag);
    expect((await objectAt(s3, "images/user-a/parts.heic"))?.bytes.equals(bytes)).toBe(true);
  });

  test("answers 200 when repeated, recognising its own earlier copy by provenance", async () => {
    const bytes = imageBytes("image/heic", 40 * 1024, 9);
    await s3.putInParts("tmp/user-a/repeat.heic", bytes, 16 * 1024);
    s3.injectFault({ operation: "DeleteObject", when: "before" });
    await expect(moveUpload(mover(), config, requestFor("repeat.heic"))).rejects.toThrow();
    s3.clearFaults();

    const outcome = await moveUpload(mover(), config, requestFor("repeat.heic"));

    expect(outcome.status).toBe(200);
    expect(await s3.keys("tmp/user-a/repeat")).toEqual([]);
    expect((await objectAt(s3, "images/user-a/repeat.heic"))?.bytes.equals(bytes)).toBe(true);
  });
});

describe("moveUpload's answers", () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: MoveError) => ({ status: error.status, code: error.code, message: error.message }),
    );

  test("copies an upload of exactly CopyObject's limit with one CopyObject", async () => {
    await s3.put("tmp/user-a/at-limit.png", imageBytes("image/png", SMALL_COPY_LIMIT, 13));
    const mark = s3.requests.length;

    await moveUpload(mover(), config, requestFor("at-limit.png"));

    expect(operationsSince(mark)).toEqual(["GetObject", "CopyObject", "DeleteObject"]);
  });

  test("refuses to delete the upload when the copy it verifies is not made from it", async () => {
    const bytes = imageBytes("image/png", 80 * 1024, 14);
    await s3.put("tmp/user-a/verified.png", bytes);
    s3.beforeNext("HeadObject", () => s3.put("images/user-a/verified.png", Buffer.from("another image")));

    await expect(moveUpload(mover(), config, requestFor("verified.png"))).rejects.toThrow(
      "the copied image does not match its upload",
    );

    expect((await objectAt(s3, "tmp/user-a/verified.png"))?.bytes.equals(bytes)).toBe(true);
  });

  test("explains each refusal to the caller", async () => {
    await s3.put("tmp/user-a/large.png", imageBytes("image/png", 2000, 15));
    await s3.put("tmp/user-a/page.png", Buffer.from("<html></html>"));
    await s3.put("tmp/user-a/taken.png", imageBytes("image/png", 500, 16));
    await s3.put("images/user-a/taken.png", imageBytes("image/png", 400, 17));

    expect(await refusal(moveUpload(mover(), { ...config, maxUploadBytes: 1000 }, requestFor("large.png")))).toEqual({
      status: 413,
      code: "UploadTooLarge",
      message: "The upload is larger than 1000 bytes.",
    });
    expect(await refusal(moveUpload(mover(), config, requestFor("page.png")))).toEqual({
      status: 415,
      code: "NotAnImage",
      message: "The upload is not a JPEG, PNG, GIF, WebP, AVIF or HEIC image.",
    });
    expect(await refusal(moveUpload(mover(), config, requestFor("never-uploaded.png")))).toEqual({
      status: 404,
      code: "NoSuchUpload",
      message: "There is no upload at that key.",
    });
    expect(await refusal(moveUpload(mover(), config, requestFor("taken.png")))).toEqual({
      status: 409,
      code: "DestinationExists",
      message: "An image with that name already exists in that folder.",
    });
  });

  test("answers 404 NoSuchUpload when the upload vanishes before its copy, and 409 UploadChanged when it changes", async () => {
    await s3.put("tmp/user-a/vanishing.png", imageBytes("image/png", 900, 18));
    s3.beforeNext("CopyObject", async () => {
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: "tmp/user-a/vanishing.png" }));
    });
    expect(await refusal(moveUpload(mover(), config, requestFor("vanishing.png")))).toEqual({
      status: 404,
      code: "NoSuchUpload",
      message: "There is no upload at that key.",
    });

    await s3.put("tmp/user-a/changing.png", imageBytes("image/png", 900, 19));
    s3.beforeNext("CopyObject", () => s3.put("tmp/user-a/changing.png", imageBytes("image/png", 900, 20)));
    expect(await refusal(moveUpload(mover(), config, requestFor("changing.png")))).toEqual({
      status: 409,
      code: "UploadChanged",
      message: "The upload changed while it was being moved; try again.",
    });
  });
});

describe("a part-by-part copy that fails", () => {
  test("starts no further part once one has failed", async () => {
    await s3.put("tmp/user-a/stopped.png", imageBytes("image/png", 112 * 1024, 21));
    // A 409 is not retried by the SDK: each failed part is one request.
    s3.injectFault({ operation: "UploadPartCopy", when: "before", answer: CONDITIONAL_CONFLICT });
    const mark = s3.requests.length;

    await expect(moveUpload(mover(), config, requestFor("stopped.png"))).rejects.toBeInstanceOf(MoveError);

    // Seven parts of 16 KiB, three at a time: the three first fail, and the four others never start.
    expect(operationsSince(mark).filter((operation) => operation === "UploadPartCopy")).toHaveLength(
      config.partCopyConcurrency,
    );
  });
});
