import { loadFreshBundledHandler } from "../support/bundle";
import { CLIENT_ID, MOBILE_CLIENT_ID, moveEvent, OTHER_CLIENT_ID, type MoveEventOptions } from "../support/events";
import { imageBytes, NOT_IMAGES, withFiller } from "../support/images";
import { bodyOf, errorCodeOf, objectAt } from "../support/move-api";
import { MAX_UPLOAD_BYTES, useBundledMover } from "../support/bundled-mover";

const mover = useBundledMover();

describe("the bundled mover, on refusals", () => {
  test.each([
    ["no body", null],
    ["a body that is not JSON", "{key: tmp/user-a/x.png}"],
    ["a truncated JSON body", '{"key": "tmp/user-a/x.png"'],
  ])("answers 400 MalformedJson for %s", async (_, body) => {
    const response = await mover.handler(moveEvent({ body }));

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("MalformedJson");
  });

  test.each([
    ["a JSON array", "[]"],
    ["a JSON string", '"tmp/user-a/x.png"'],
    ["JSON null", "null"],
  ])("answers 400 InvalidBody for %s", async (_, body) => {
    const response = await mover.handler(moveEvent({ body }));

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
    const response = await mover.move(body);

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
    const key = await mover.upload(imageBytes("image/png"));

    const response = await mover.move({ key, folder });

    expect(response.statusCode).toBe(400);
    expect(errorCodeOf(response)).toBe("InvalidFolder");
    expect(await objectAt(mover.s3, key)).toBeDefined();
  });

  test.each([
    ["no authorizer claims", null],
    ["an empty sub", ""],
    ["a sub with a slash", "user-a/../user-b"],
  ])("answers 401 for a request with %s", async (_, sub) => {
    const response = await mover.handler(moveEvent({ sub, body: { key: "tmp/user-a/x.png" } }));

    expect(response.statusCode).toBe(401);
    expect(errorCodeOf(response)).toBe("Unauthorized");
  });

  test.each<[string, MoveEventOptions]>([
    ["no aud", { aud: null }],
    ["an empty aud", { aud: "" }],
    ["an aud that is not a client id", { aud: "*" }],
    ["an aud that is a list", { aud: [CLIENT_ID] }],
    ["token_use access", { tokenUse: "access", aud: null }],
    ["token_use access and an allowed aud", { tokenUse: "access" }],
    ["no token_use", { tokenUse: null }],
  ])("answers 401 for a token with %s and moves nothing", async (_, token) => {
    const key = await mover.upload(imageBytes("image/png"));
    const mark = mover.s3.requests.length;

    const response = await mover.move({ key }, token);

    expect(response.statusCode).toBe(401);
    expect(errorCodeOf(response)).toBe("Unauthorized");
    expect(mover.s3.requests.slice(mark)).toEqual([]);
    expect(await objectAt(mover.s3, key)).toBeDefined();
  });

  test("serves the listed app clients and answers 403 ClientNotAllowed to another client of the pool, moving nothing", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => mover.upload(imageBytes("image/png"))));
    const marks: number[] = [];

    const statuses = [];
    for (const [i, aud] of [CLIENT_ID, MOBILE_CLIENT_ID, OTHER_CLIENT_ID].entries()) {
      marks.push(mover.s3.requests.length);
      const response = await mover.move({ key: keys[i] }, { aud });
      statuses.push([response.statusCode, errorCodeOf(response)]);
    }

    expect(statuses).toEqual([
      [201, undefined],
      [201, undefined],
      [403, "ClientNotAllowed"],
    ]);
    expect(mover.s3.requests.slice(marks[2])).toEqual([]);
    expect(await objectAt(mover.s3, keys[2])).toBeDefined();
    expect(await mover.s3.keys("images/")).not.toContainEqual(expect.stringContaining(keys[2].split("/")[2]));
  });

  test.each([
    ["another user's upload", "tmp/user-b/x.png"],
    ["an upload of a user whose id starts with the caller's", "tmp/user-ab/x.png"],
    ["an already moved image", "images/user-a/x.png"],
    ["a key outside both prefixes", "public/index.html"],
  ])("answers 403 for %s and leaves it alone", async (_, key) => {
    await mover.s3.put(key, imageBytes("image/png"));

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(403);
    expect(errorCodeOf(response)).toBe("NotYourUpload");
    expect(await objectAt(mover.s3, key)).toBeDefined();
  });

  test("answers 404 when there is no upload at the key", async () => {
    const response = await mover.move({ key: "tmp/user-a/never-uploaded.png" });

    expect(response.statusCode).toBe(404);
    expect(errorCodeOf(response)).toBe("NoSuchUpload");
  });

  test("answers 409 rather than overwrite a different image already at the destination, keeping both", async () => {
    const existing = imageBytes("image/png", 1000, 1);
    await mover.s3.put("images/user-a/taken.png", existing, "image/png");
    const key = await mover.upload(imageBytes("image/png", 1000, 2), { name: "taken.png" });

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(409);
    expect(errorCodeOf(response)).toBe("DestinationExists");
    expect((await objectAt(mover.s3, "images/user-a/taken.png"))?.bytes.equals(existing)).toBe(true);
    expect(await objectAt(mover.s3, key)).toBeDefined();
  });

  test("answers 413 for an upload one byte over MAX_UPLOAD_BYTES and leaves it in place", async () => {
    const key = await mover.upload(imageBytes("image/png", MAX_UPLOAD_BYTES + 1));

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(413);
    expect(errorCodeOf(response)).toBe("UploadTooLarge");
    expect(await objectAt(mover.s3, key)).toBeDefined();
  });

  test.each(Object.keys(NOT_IMAGES))(
    "answers 415 for %s uploaded as image/png, and leaves it in place",
    async (what) => {
      const key = await mover.upload(withFiller(NOT_IMAGES[what], 600), { contentType: "image/png" });

      const response = await mover.move({ key });

      expect(response.statusCode).toBe(415);
      expect(errorCodeOf(response)).toBe("NotAnImage");
      expect(await objectAt(mover.s3, key)).toBeDefined();
      expect(await mover.s3.keys("images/")).not.toContainEqual(expect.stringContaining(key.split("/")[2]));
    },
  );

  test("answers 415 for an empty upload", async () => {
    const key = await mover.upload(Buffer.alloc(0));

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(415);
  });

  test("answers 500 without internal detail when S3 fails, and logs the cause", async () => {
    const key = await mover.upload(imageBytes("image/png"));
    mover.s3.injectFault({ operation: "GetObject", when: "before" });

    const response = await mover.move({ key });

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({
      error: { code: "InternalError", message: "The image could not be moved; try again." },
    });
    expect(mover.logs.lines()).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        status: 500,
        error: expect.objectContaining({ name: "InternalError" }),
      }),
    );
  });
});

describe("the bundled mover, misconfigured", () => {
  test.each([
    ["missing", undefined],
    ["empty", ""],
  ])(
    "refuses every request with 500 when ALLOWED_CLIENT_IDS is %s, moves nothing, and logs the setting",
    async (_, value) => {
      const allowed = process.env.ALLOWED_CLIENT_IDS;
      if (value === undefined) delete process.env.ALLOWED_CLIENT_IDS;
      else process.env.ALLOWED_CLIENT_IDS = value;
      try {
        const misconfigured = loadFreshBundledHandler();
        const key = await mover.upload(imageBytes("image/png"));

        const response = await misconfigured(moveEvent({ body: { key } }));

        expect(response.statusCode).toBe(500);
        expect(errorCodeOf(response)).toBe("InternalError");
        expect(response.body).not.toContain("ALLOWED_CLIENT_IDS");
        expect(await objectAt(mover.s3, key)).toBeDefined();
        expect(mover.logs.lines()).toEqual([
          expect.objectContaining({
            level: "ERROR",
            error: expect.objectContaining({ message: expect.stringContaining("ALLOWED_CLIENT_IDS") }),
          }),
        ]);
      } finally {
        process.env.ALLOWED_CLIENT_IDS = allowed;
      }
    },
  );

  test("answers 500 without detail when BUCKET_NAME is missing, and logs which setting is wrong", async () => {
    const bucket = process.env.BUCKET_NAME;
    delete process.env.BUCKET_NAME;
    try {
      const misconfigured = loadFreshBundledHandler();

      const response = await misconfigured(moveEvent({ body: { key: "tmp/user-a/x.png" } }));

      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain("BUCKET_NAME");
      expect(mover.logs.lines()).toEqual([
        expect.objectContaining({
          level: "ERROR",
          error: expect.objectContaining({ message: expect.stringContaining("BUCKET_NAME") }),
        }),
      ]);
    } finally {
      process.env.BUCKET_NAME = bucket;
    }
  });
});
