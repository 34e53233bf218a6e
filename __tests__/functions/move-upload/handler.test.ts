import { loadBundledHandler, type MoveHandler } from "../support/bundle";
import { lambdaContext, moveEvent } from "../support/events";
import { ACCEPTED_TYPES, imageBytes, NOT_IMAGES, withFiller } from "../support/images";
import { captureLogs } from "../support/logs";
import { bodyOf, errorCodeOf, objectAt } from "../support/move-api";
import { startS3, type TestS3 } from "../support/s3-server";

const MAX_UPLOAD_BYTES = 64 * 1024;
const APP_ORIGIN = "https://app.example.com";

let s3: TestS3;
let handler: MoveHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  s3 = await startS3();
  handler = loadBundledHandler(
    s3.moverEnv({
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      ALLOWED_ORIGINS: `${APP_ORIGIN}, https://admin.example.com`,
    }),
  );
});
afterAll(() => s3.close());
beforeEach(() => {
  logs = captureLogs();
  s3.clearFaults();
});
afterEach(() => logs.restore());

let uploadNumber = 0;
/** Uploads a fresh file for `sub` under a unique name (or `name`) and returns its key. */
async function upload(bytes: Buffer, { sub = "user-a", name = `photo-${++uploadNumber}.bin`, contentType = "image/png" } = {}) {
  const key = `tmp/${sub}/${name}`;
  await s3.put(key, bytes, contentType);
  return key;
}

const move = (body: unknown, options: Parameters<typeof moveEvent>[0] = {}) =>
  handler(moveEvent({ body: body as object, ...options }), lambdaContext());

describe("the bundled mover, on a successful move", () => {
  test("moves an upload into the caller's images folder and answers 201 with its key, size and sniffed type", async () => {
    const bytes = imageBytes("image/png", 5000, 1);
    const key = await upload(bytes, { name: "holiday.png", contentType: "application/octet-stream" });

    const response = await move({ key });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ key: "images/user-a/holiday.png", bytes: 5000, contentType: "image/png" });
    const moved = await objectAt(s3, "images/user-a/holiday.png");
    expect(moved?.bytes.equals(bytes)).toBe(true);
    expect(moved?.contentType).toBe("image/png");
    expect(await objectAt(s3, key)).toBeUndefined();
  });

  test("places the image in the requested folder under the caller's images", async () => {
    const key = await upload(imageBytes("image/jpeg"), { name: "beach.jpg" });

    const response = await move({ key, folder: "trips/2024" });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).key).toBe("images/user-a/trips/2024/beach.jpg");
    expect(await s3.keys("images/user-a/trips/")).toEqual(["images/user-a/trips/2024/beach.jpg"]);
  });

  test.each(ACCEPTED_TYPES)("accepts a %s upload and stores it with that content type", async (type) => {
    const key = await upload(imageBytes(type, 2048, 3), { contentType: "text/plain" });

    const response = await move({ key });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).contentType).toBe(type);
    expect((await objectAt(s3, bodyOf(response).key as string))?.contentType).toBe(type);
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
    const key = await upload(bytes, { name });

    const response = await move({ key, folder: "ünïcode folder" });

    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).key).toBe(`images/user-a/ünïcode folder/${name}`);
    expect((await objectAt(s3, `images/user-a/ünïcode folder/${name}`))?.bytes.equals(bytes)).toBe(true);
    expect(await objectAt(s3, key)).toBeUndefined();
  });

  test("answers 200 with the same body when the move was already done", async () => {
    const key = await upload(imageBytes("image/gif", 1500), { name: "again.gif" });
    const first = await move({ key, folder: "f" });

    const second = await move({ key, folder: "f" });

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
  });

  test("reads a base64-encoded body as API Gateway may deliver it", async () => {
    const key = await upload(imageBytes("image/webp"), { name: "b64.webp" });

    const response = await handler(moveEvent({ body: { key }, base64: true }));

    expect(response.statusCode).toBe(201);
  });

  test("moves an upload of exactly MAX_UPLOAD_BYTES", async () => {
    const key = await upload(imageBytes("image/png", MAX_UPLOAD_BYTES), { name: "limit.png" });

    expect((await move({ key })).statusCode).toBe(201);
  });
});

describe("the bundled mover, on S3 traffic", () => {
  test("makes exactly three S3 requests for a move: a ranged GET, a conditional copy and a conditional delete", async () => {
    const key = await upload(imageBytes("image/png", 40_000), { name: "three.png" });
    const before = s3.requests.length;

    await move({ key });

    const requests = s3.requests.slice(before);
    expect(requests.map((r) => r.operation)).toEqual(["GetObject", "CopyObject", "DeleteObject"]);
    expect(requests[0]).toMatchObject({ key, range: "bytes=0-63" });
  });

  test("writes nothing and deletes nothing for a refused request", async () => {
    const key = await upload(Buffer.from("plain text, not an image"), { name: "notes.png" });
    const before = s3.requests.length;

    await move({ key });

    expect(s3.requests.slice(before).map((r) => r.operation)).toEqual(["GetObject"]);
  });

  test("records which upload an image came from, so a repeated move can recognise its own copy", async () => {
    const key = await upload(imageBytes("image/avif"), { name: "provenance.avif" });

    const response = await move({ key });

    const moved = await objectAt(s3, bodyOf(response).key as string);
    expect(moved?.metadata["source-etag"]).toMatch(/^"[0-9a-f]{32}"$/);
  });
});

describe("the bundled mover, on refusals", () => {
  test.each([
    ["no body", null],
    ["a body that is not JSON", "{key: tmp/user-a/x.png}"],
    ["a truncated JSON body", '{"key": "tmp/user-a/x.png"'],
  ])("answers 400 MalformedJson for %s", async (_, body) => {
    const response = await handler(moveEvent({ body }));

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("MalformedJson");
  });

  test.each([
    ["a JSON array", "[]"],
    ["a JSON string", '"tmp/user-a/x.png"'],
    ["JSON null", "null"],
  ])("answers 400 InvalidBody for %s", async (_, body) => {
    const response = await handler(moveEvent({ body }));

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("InvalidBody");
  });

  test.each([
    ["no key", {}],
    ["an empty key", { key: "" }],
    ["a numeric key", { key: 42 }],
    ["a parent-folder step", { key: "tmp/user-a/../user-b/x.png" }],
    ["a parent-folder step at the end", { key: "tmp/user-a/.." }],
    ["a current-folder step", { key: "tmp/user-a/./x.png" }],
    ["a double slash", { key: "tmp/user-a//x.png" }],
    ["a leading slash", { key: "/tmp/user-a/x.png" }],
    ["backslashes", { key: "tmp\\user-a\\x.png" }],
    ["a NUL character", { key: "tmp/user-a/x\u0000.png" }],
    ["a newline", { key: "tmp/user-a/x\n.png" }],
    ["a right-to-left override", { key: "tmp/user-a/x\u202egnp.exe" }],
    ["a percent-encoded slash", { key: "tmp/user-a/..%2Fuser-b%2Fx.png" }],
    ["a percent-encoded backslash", { key: "tmp/user-a/x%5c.png" }],
    ["percent-encoded dots", { key: "tmp/user-a/%2e%2e" }],
    ["a double-encoded slash", { key: "tmp/user-a/x%252F.png" }],
    ["a lone surrogate", { key: "tmp/user-a/x\ud800.png" }],
    ["a nested folder under the upload prefix", { key: "tmp/user-a/sub/x.png" }],
    ["no file name", { key: "tmp/user-a/" }],
    ["a blank file name", { key: "tmp/user-a/   " }],
    ["more than 1024 bytes", { key: `tmp/user-a/${"é".repeat(600)}.png` }],
  ])("answers 400 InvalidKey for a key with %s", async (_, body) => {
    const response = await move(body);

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("InvalidKey");
  });

  test.each([
    ["an empty folder", ""],
    ["a numeric folder", 7],
    ["a parent-folder step", "../../user-b"],
    ["a leading slash", "/abs"],
    ["a trailing slash", "a/"],
    ["a double slash", "a//b"],
    ["a backslash", "a\\b"],
    ["a percent-encoded slash", "a%2Fb"],
    ["a control character", "a\u0007b"],
    ["seventeen levels", Array.from({ length: 17 }, (_, i) => `d${i}`).join("/")],
    ["a destination beyond 1024 bytes", "f".repeat(1010)],
  ])("answers 400 InvalidFolder for %s", async (_, folder) => {
    const key = await upload(imageBytes("image/png"));

    const response = await move({ key, folder });

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("InvalidFolder");
    expect(await objectAt(s3, key)).toBeDefined();
  });

  test.each([
    ["no authorizer claims", null],
    ["an empty sub", ""],
    ["a sub with a slash", "user-a/../user-b"],
  ])("answers 401 for a request with %s", async (_, sub) => {
    const response = await handler(moveEvent({ sub, body: { key: "tmp/user-a/x.png" } }));

    expect(response.statusCode).toBe(401);
    expect(errorCodeOf(response)).toBe("Unauthorized");
  });

  test.each([
    ["another user's upload", "tmp/user-b/x.png"],
    ["an upload of a user whose id starts with the caller's", "tmp/user-ab/x.png"],
    ["an already moved image", "images/user-a/x.png"],
    ["a key outside both prefixes", "public/index.html"],
  ])("answers 403 for %s and leaves it alone", async (_, key) => {
    await s3.put(key, imageBytes("image/png"));

    const response = await move({ key });

    expect(response.statusCode).toBe(403);
    expect(errorCodeOf(response)).toBe("NotYourUpload");
    expect(await objectAt(s3, key)).toBeDefined();
  });

  test("answers 404 when there is no upload at the key", async () => {
    const response = await move({ key: "tmp/user-a/never-uploaded.png" });

    expect(response.statusCode).toBe(404);
    expect(errorCodeOf(response)).toBe("NoSuchUpload");
  });

  test("answers 409 rather than overwrite a different image already at the destination, keeping both", async () => {
    const existing = imageBytes("image/png", 1000, 1);
    await s3.put("images/user-a/taken.png", existing, "image/png");
    const key = await upload(imageBytes("image/png", 1000, 2), { name: "taken.png" });

    const response = await move({ key });

    expect(response.statusCode).toBe(409);
    expect(errorCodeOf(response)).toBe("DestinationExists");
    expect((await objectAt(s3, "images/user-a/taken.png"))?.bytes.equals(existing)).toBe(true);
    expect(await objectAt(s3, key)).toBeDefined();
  });

  test("answers 413 for an upload one byte over MAX_UPLOAD_BYTES and leaves it in place", async () => {
    const key = await upload(imageBytes("image/png", MAX_UPLOAD_BYTES + 1));

    const response = await move({ key });

    expect(response.statusCode).toBe(413);
    expect(errorCodeOf(response)).toBe("UploadTooLarge");
    expect(await objectAt(s3, key)).toBeDefined();
  });

  test.each(Object.keys(NOT_IMAGES))("answers 415 for %s uploaded as image/png, and leaves it in place", async (what) => {
    const key = await upload(withFiller(NOT_IMAGES[what], 600), { contentType: "image/png" });

    const response = await move({ key });

    expect(response.statusCode).toBe(415);
    expect(errorCodeOf(response)).toBe("NotAnImage");
    expect(await objectAt(s3, key)).toBeDefined();
    expect(await s3.keys("images/")).not.toContainEqual(expect.stringContaining(key.split("/")[2]));
  });

  test("answers 415 for an empty upload", async () => {
    const key = await upload(Buffer.alloc(0));

    const response = await move({ key });

    expect(response.statusCode).toBe(415);
  });

  test("answers 500 without internal detail when S3 fails, and logs the cause", async () => {
    const key = await upload(imageBytes("image/png"));
    s3.injectFault({ operation: "GetObject", when: "before" });

    const response = await move({ key });

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({
      error: { code: "InternalError", message: "The image could not be moved; try again." },
    });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: "ERROR", status: 500, error: expect.objectContaining({ name: "InternalError" }) }),
    );
  });
});

describe("the bundled mover, on CORS", () => {
  test("echoes an allowed origin", async () => {
    const response = await handler(moveEvent({ body: {}, origin: "https://admin.example.com" }));

    expect(response.headers?.["Access-Control-Allow-Origin"]).toBe("https://admin.example.com");
    expect(response.headers?.Vary).toBe("Origin");
  });

  test("echoes an allowed origin on a success too", async () => {
    const key = await upload(imageBytes("image/png"));

    const response = await move({ key }, { origin: APP_ORIGIN });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.["Access-Control-Allow-Origin"]).toBe(APP_ORIGIN);
  });

  test.each([
    ["an origin that is not listed", "https://evil.example.com"],
    ["a listed origin's sibling", "https://app.example.com.evil.net"],
    ["the null origin", "null"],
  ])("sends no allow-origin header for %s", async (_, origin) => {
    const response = await handler(moveEvent({ body: {}, origin }));

    expect(response.headers?.["Access-Control-Allow-Origin"]).toBeUndefined();
  });
});

describe("the bundled mover, on logs", () => {
  test("writes one JSON line per request with the request ids and the outcome", async () => {
    const key = await upload(imageBytes("image/png"), { name: "logged.png" });

    await handler(moveEvent({ body: { key } }), lambdaContext("lambda-request-42"));

    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        service: "move-upload",
        function_request_id: "lambda-request-42",
        api_request_id: expect.stringMatching(/^api-request-\d+$/),
        outcome: "moved",
        status: 201,
        key: "images/user-a/logged.png",
      }),
    ]);
  });

  test("logs a refusal with its code", async () => {
    await move({ key: "tmp/user-b/x.png" });

    expect(logs.lines()).toEqual([expect.objectContaining({ outcome: "refused", status: 403, code: "NotYourUpload" })]);
  });

  test("never logs the caller's token or credentials", async () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLWEifQ.c2lnbmF0dXJl";
    const key = await upload(imageBytes("image/png"));
    s3.injectFault({ operation: "CopyObject", when: "before" });

    await move({ key }, { headers: { Authorization: token } });
    await move({ key: "tmp/user-a/../x" }, { headers: { Authorization: `Bearer ${token}` } });

    expect(logs.lines()).toHaveLength(2);
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain("S3RVER");
    expect(logs.text()).not.toMatch(/authorization|secret|password/i);
  });
});
