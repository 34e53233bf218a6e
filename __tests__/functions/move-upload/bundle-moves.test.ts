import { moveEvent } from "../support/events";
import { ACCEPTED_TYPES, imageBytes } from "../support/images";
import { bodyOf, objectAt } from "../support/move-api";
import { MAX_UPLOAD_BYTES, useBundledMover } from "../support/bundled-mover";

const mover = useBundledMover();

describe("the bundled mover, on a successful move", () => {
  test("moves an upload into the caller's images folder and answers 201 with its key, size and sniffed type", async () => {
    const bytes = imageBytes("image/png", 5000, 1);
    const key = await mover.upload(bytes, { name: "holiday.png", contentType: "application/octet-stream" });

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ key: "images/user-a/holiday.png", bytes: 5000, contentType: "image/png" });
    const moved = await objectAt(mover.s3, "images/user-a/holiday.png");
    expect(moved?.bytes.equals(bytes)).toBe(true);
    expect(moved?.contentType).toBe("image/png");
    expect(await objectAt(mover.s3, key)).toBeUndefined();
  });

  test("places the image in the requested folder under the caller's images", async () => {
    const key = await mover.upload(imageBytes("image/jpeg"), { name: "beach.jpg" });

    const response = await mover.move({ key, folder: "trips/2024" });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).key).toBe("images/user-a/trips/2024/beach.jpg");
    expect(await mover.s3.keys("images/user-a/trips/")).toEqual(["images/user-a/trips/2024/beach.jpg"]);
  });

  test.each(ACCEPTED_TYPES)("accepts a %s upload and stores it with that content type", async (type) => {
    const key = await mover.upload(imageBytes(type, 2048, 3), { contentType: "text/plain" });

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).contentType).toBe(type);
    expect((await objectAt(mover.s3, bodyOf(response).key as string))?.contentType).toBe(type);
  });

  test.each([
    ["a space", "my photo.png"],
    ["a plus sign", "a+b.png"],
    ["an ampersand and an equals sign", "q&a=1.png"],
    ["accented letters", "café crème.png"],
    ["CJK characters", "写真.png"],
    ["an emoji", "🏖️ beach.png"],
    ["characters S3 calls special", "it's (1) ~ $!*,;:@.png"],
  ])("moves an upload whose name holds %s, keeping the name", async (_, name) => {
    const bytes = imageBytes("image/png", 3000, name.length);
    const key = await mover.upload(bytes, { name });

    const response = await mover.move({ key, folder: "ünïcode folder" });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).key).toBe(`images/user-a/ünïcode folder/${name}`);
    expect((await objectAt(mover.s3, `images/user-a/ünïcode folder/${name}`))?.bytes.equals(bytes)).toBe(true);
    expect(await objectAt(mover.s3, key)).toBeUndefined();
  });

  test("answers 200 with the same body when the move was already done", async () => {
    const key = await mover.upload(imageBytes("image/gif", 1500), { name: "again.gif" });
    const first = await mover.move({ key, folder: "f" });

    const second = await mover.move({ key, folder: "f" });

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
  });

  test("reads a base64-encoded body as API Gateway may deliver it", async () => {
    const key = await mover.upload(imageBytes("image/webp"), { name: "b64.webp" });

    const response = await mover.handler(moveEvent({ body: { key }, base64: true }));

    expect(response.statusCode).toBe(201);
  });

  test("moves an upload of exactly MAX_UPLOAD_BYTES", async () => {
    const key = await mover.upload(imageBytes("image/png", MAX_UPLOAD_BYTES), { name: "limit.png" });

    expect((await mover.move({ key })).statusCode).toBe(201);
  });
});

describe("the bundled mover, on S3 traffic", () => {
  test("makes exactly three S3 requests for a move: a ranged GET, a conditional copy and a conditional delete", async () => {
    const key = await mover.upload(imageBytes("image/png", 40_000), { name: "three.png" });
    const before = mover.s3.requests.length;

    await mover.move({ key });

    const requests = mover.s3.requests.slice(before);
    expect(requests.map((r) => r.operation)).toEqual(["GetObject", "CopyObject", "DeleteObject"]);
    expect(requests[0]).toMatchObject({ key, range: "bytes=0-63" });
  });

  test("writes nothing and deletes nothing for a refused request", async () => {
    const key = await mover.upload(Buffer.from("plain text, not an image"), { name: "notes.png" });
    const before = mover.s3.requests.length;

    await mover.move({ key });

    expect(mover.s3.requests.slice(before).map((r) => r.operation)).toEqual(["GetObject"]);
  });

  test("records which upload an image came from, so a repeated move can recognise its own copy", async () => {
    const key = await mover.upload(imageBytes("image/avif"), { name: "provenance.avif" });

    const response = await mover.move({ key });

    const moved = await objectAt(mover.s3, bodyOf(response).key as string);
    expect(moved?.metadata["source-etag"]).toMatch(/^"[0-9a-f]{32}"$/);
  });
});
