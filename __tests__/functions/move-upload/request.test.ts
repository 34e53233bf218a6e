import fc from "fast-check";
import { readConfig } from "../../../functions/move-upload/config";
import { MoveError } from "../../../functions/move-upload/errors";
import { parseMoveRequest } from "../../../functions/move-upload/request";
import { moveEvent } from "../support/events";

const config = readConfig({ BUCKET_NAME: "uploads" });
const parse = (body: unknown, sub: string | null = "user-a") => parseMoveRequest(moveEvent({ sub, body: body as object }), config);
const statusOf = (run: () => unknown) => {
  try {
    run();
    return 200;
  } catch (error) {
    if (error instanceof MoveError) return error.status;
    throw error;
  }
};

describe("parseMoveRequest", () => {
  test("maps tmp/<sub>/<name> to images/<sub>/<name>", () => {
    expect(parse({ key: "tmp/user-a/cat.png" })).toEqual({
      sub: "user-a",
      sourceKey: "tmp/user-a/cat.png",
      destinationKey: "images/user-a/cat.png",
    });
  });

  test("puts the image under the folder when one is given", () => {
    expect(parse({ key: "tmp/user-a/cat.png", folder: "pets/2024" }).destinationKey).toBe("images/user-a/pets/2024/cat.png");
  });

  test("treats a null folder as no folder", () => {
    expect(parse({ key: "tmp/user-a/cat.png", folder: null }).destinationKey).toBe("images/user-a/cat.png");
  });

  test("uses the configured prefixes", () => {
    const custom = readConfig({ BUCKET_NAME: "b", UPLOAD_PREFIX: "incoming/", IMAGE_PREFIX: "library/" });
    const request = parseMoveRequest(moveEvent({ body: { key: "incoming/user-a/x.png" } }), custom);
    expect(request.destinationKey).toBe("library/user-a/x.png");
  });

  test("checks the caller before reading the body", () => {
    expect(statusOf(() => parse("not json", null))).toBe(401);
  });

  test("ignores members it does not know, such as a forged sub", () => {
    expect(parse({ key: "tmp/user-a/x.png", sub: "user-b" }).sub).toBe("user-a");
  });

  test("does not read a key hidden in a __proto__ member", () => {
    expect(statusOf(() => parse('{"__proto__": {"key": "tmp/user-a/x.png"}}'))).toBe(400);
  });

  test("refuses a body over 8192 characters", () => {
    expect(statusOf(() => parse({ key: "tmp/user-a/x.png", padding: "x".repeat(8200) }))).toBe(400);
  });

  const hostileFragment = fc.constantFrom(
    "..", ".", "", "/", "//", "\\", "%2F", "%2f", "%5C", "%2e%2e", "%252F", "\u0000", "\n", "\u202e", "\ud800",
    "tmp", "images", "user-a", "user-b", "user-ab", " ", "é", "写真", "🏖", "+", "&", "=", "a.png", "%", "?", "#",
  );
  const hostileString = fc.oneof(
    fc.array(hostileFragment, { maxLength: 8 }).map((parts) => parts.join("")),
    fc.array(hostileFragment, { maxLength: 6 }).map((parts) => `tmp/user-a/${parts.join("")}`),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
  );
  const body = fc.oneof(
    fc.record({ key: hostileString, folder: fc.option(hostileString, { nil: undefined }) }),
    fc.record({ key: fc.jsonValue(), folder: fc.jsonValue() }),
    fc.jsonValue(),
    fc.string(),
  );

  test("either refuses a hostile request with 400, 401 or 403, or maps it into the caller's own images folder", () => {
    fc.assert(
      fc.property(fc.constantFrom("user-a", "user-b"), body, (sub, input) => {
        let request;
        try {
          request = parseMoveRequest(moveEvent({ sub, body: typeof input === "string" ? input : (input as object) }), config);
        } catch (error) {
          expect(error).toBeInstanceOf(MoveError);
          expect([400, 401, 403]).toContain((error as MoveError).status);
          return;
        }
        expect(request.sourceKey.startsWith(`tmp/${sub}/`)).toBe(true);
        expect(request.destinationKey.startsWith(`images/${sub}/`)).toBe(true);
        const segments = request.destinationKey.split("/");
        expect(segments.every((segment) => segment !== "" && segment !== "." && segment !== "..")).toBe(true);
        expect(request.destinationKey).not.toMatch(/[\\\u0000-\u001f]|%2f|%5c/i);
        expect(segments.at(-1)).toBe(request.sourceKey.split("/").at(-1));
        expect(Buffer.byteLength(request.destinationKey)).toBeLessThanOrEqual(1024);
      }),
      { numRuns: 3000 },
    );
  });
});
