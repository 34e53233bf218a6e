import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CONDITIONAL_CONFLICT, startS3, testClient, type TestS3 } from "./s3-server";

// The test server stands in for S3 in every mover test: what it refuses to fake matters as much as what it fakes.
let s3: TestS3;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3();
  client = testClient(s3.endpoint, "mover");
});
beforeEach(async () => {
  await s3.put("tmp/u/source.png", "source bytes");
  await s3.put("images/u/taken.png", "taken");
});
afterAll(async () => {
  client.destroy();
  await s3.close();
});
afterEach(() => s3.clearFaults());

const Bucket = "uploads";
const SOURCE = "uploads/tmp/u/source.png";
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: error.name,
      status: error.$metadata?.httpStatusCode,
    }),
  );
const sourceEtag = async () =>
  (await client.send(new HeadObjectCommand({ Bucket, Key: "tmp/u/source.png" }))).ETag as string;

describe("the test S3 server, on conditions", () => {
  test.each<[string, () => Promise<unknown>]>([
    [
      "If-Match on PutObject",
      () => client.send(new PutObjectCommand({ Bucket, Key: "images/u/new.png", Body: "x", IfMatch: '"abc"' })),
    ],
    [
      "If-None-Match with an ETag on PutObject",
      () => client.send(new PutObjectCommand({ Bucket, Key: "images/u/new.png", Body: "x", IfNoneMatch: '"abc"' })),
    ],
    [
      "If-Match on GetObject",
      () => client.send(new GetObjectCommand({ Bucket, Key: "tmp/u/source.png", IfMatch: '"abc"' })),
    ],
    [
      "If-None-Match on HeadObject",
      () => client.send(new HeadObjectCommand({ Bucket, Key: "tmp/u/source.png", IfNoneMatch: '"abc"' })),
    ],
    [
      "If-Modified-Since on GetObject",
      () => client.send(new GetObjectCommand({ Bucket, Key: "tmp/u/source.png", IfModifiedSince: new Date() })),
    ],
    [
      "x-amz-copy-source-if-none-match on CopyObject",
      () =>
        client.send(
          new CopyObjectCommand({
            Bucket,
            Key: "images/u/copy.png",
            CopySource: SOURCE,
            CopySourceIfNoneMatch: '"abc"',
          }),
        ),
    ],
    [
      "x-amz-copy-source-if-unmodified-since on CopyObject",
      () =>
        client.send(
          new CopyObjectCommand({
            Bucket,
            Key: "images/u/copy.png",
            CopySource: SOURCE,
            CopySourceIfUnmodifiedSince: new Date(0),
          }),
        ),
    ],
    [
      "If-Match on CopyObject",
      () =>
        client.send(new CopyObjectCommand({ Bucket, Key: "images/u/taken.png", CopySource: SOURCE, IfMatch: '"abc"' })),
    ],
  ])("answers 501 NotImplemented to %s, a condition it does not evaluate, and changes nothing", async (name, send) => {
    const before = await s3.etags();

    // A HEAD answer has no body to name the error by.
    expect(await failureOf(send())).toEqual({
      name: name.includes("HeadObject") ? "Unknown" : "NotImplemented",
      status: 501,
    });
    expect(await s3.etags()).toEqual(before);
  });

  test("answers 501 to x-amz-copy-source-if-modified-since on UploadPartCopy", async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: "images/u/parts.png" }));
    const copy = client.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: "images/u/parts.png",
        UploadId,
        PartNumber: 1,
        CopySource: SOURCE,
        CopySourceIfModifiedSince: new Date(0),
      }),
    );
    expect(await failureOf(copy)).toEqual({ name: "NotImplemented", status: 501 });
  });

  test("evaluates the conditions the mover sends, as S3 does", async () => {
    const copy = (Key: string, CopySourceIfMatch: string, IfNoneMatch?: string) =>
      client.send(new CopyObjectCommand({ Bucket, Key, CopySource: SOURCE, CopySourceIfMatch, IfNoneMatch }));
    const etag = await sourceEtag();

    expect(await failureOf(copy("images/u/a.png", '"0123456789abcdef0123456789abcdef"'))).toEqual({
      name: "PreconditionFailed",
      status: 412,
    });
    expect(await failureOf(copy("images/u/taken.png", etag, "*"))).toEqual({ name: "PreconditionFailed", status: 412 });
    expect(await failureOf(copy("images/u/a.png", etag, "*"))).toBeUndefined();
    const removal = (IfMatch: string) =>
      client.send(new DeleteObjectCommand({ Bucket, Key: "images/u/a.png", IfMatch }));
    expect(await failureOf(removal('"0123456789abcdef0123456789abcdef"'))).toEqual({
      name: "PreconditionFailed",
      status: 412,
    });
    expect(await failureOf(removal(etag))).toBeUndefined();
  });

  test("injects S3's 409 ConditionalRequestConflict, before or after the request acted", async () => {
    const etag = await sourceEtag();
    const copy = (Key: string) =>
      client.send(
        new CopyObjectCommand({ Bucket, Key, CopySource: SOURCE, CopySourceIfMatch: etag, IfNoneMatch: "*" }),
      );

    s3.injectFault({ operation: "CopyObject", when: "before", times: 1, answer: CONDITIONAL_CONFLICT });
    expect(await failureOf(copy("images/u/before.png"))).toEqual({ name: "ConditionalRequestConflict", status: 409 });
    expect(await s3.keys("images/u/before")).toEqual([]);

    s3.injectFault({ operation: "CopyObject", when: "after", times: 1, answer: CONDITIONAL_CONFLICT });
    expect(await failureOf(copy("images/u/after.png"))).toEqual({ name: "ConditionalRequestConflict", status: 409 });
    expect(await s3.keys("images/u/after")).toEqual(["images/u/after.png"]);
  });

  test("injects a 409 on CompleteMultipartUpload", async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: "images/u/big.png" }));
    const part = await client.send(
      new UploadPartCopyCommand({ Bucket, Key: "images/u/big.png", UploadId, PartNumber: 1, CopySource: SOURCE }),
    );
    s3.injectFault({ operation: "CompleteMultipartUpload", when: "before", answer: CONDITIONAL_CONFLICT });

    const complete = client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: "images/u/big.png",
        UploadId,
        IfNoneMatch: "*",
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] },
      }),
    );

    expect(await failureOf(complete)).toEqual({ name: "ConditionalRequestConflict", status: 409 });
  });
});

describe("the test S3 server, on object tags", () => {
  const tagsOf = async (Key: string) =>
    (await s3.client.send(new GetObjectTaggingCommand({ Bucket, Key }))).TagSet?.map(({ Key: k, Value }) => [k, Value]);
  const tag = (Key: string, value: string) =>
    s3.client.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key,
        Tagging: { TagSet: [{ Key: "GuardDutyMalwareScanStatus", Value: value }] },
      }),
    );

  test("keeps an object's tags, and tells tag requests apart from object requests", async () => {
    await tag("tmp/u/source.png", "NO_THREATS_FOUND");
    const requests = s3.requests.length;

    await client.send(new GetObjectTaggingCommand({ Bucket, Key: "tmp/u/source.png" }));

    expect(await tagsOf("tmp/u/source.png")).toEqual([["GuardDutyMalwareScanStatus", "NO_THREATS_FOUND"]]);
    expect(s3.requests.slice(requests).map((r) => r.operation)).toEqual(["GetObjectTagging"]);
  });

  test("drops the tags with the object they belong to: an overwrite or a delete leaves none for the next object", async () => {
    await tag("tmp/u/source.png", "NO_THREATS_FOUND");
    await s3.put("tmp/u/source.png", "other bytes, not scanned yet");
    expect(await tagsOf("tmp/u/source.png")).toEqual([]);

    await tag("tmp/u/source.png", "THREATS_FOUND");
    await client.send(new DeleteObjectCommand({ Bucket, Key: "tmp/u/source.png" }));
    await s3.put("tmp/u/source.png", "a new upload");
    expect(await tagsOf("tmp/u/source.png")).toEqual([]);
  });
});
