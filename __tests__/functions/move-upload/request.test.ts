import fc from "fast-check";
import { readConfig } from "../../../functions/move-upload/config";
import { MoveError } from "../../../functions/move-upload/errors";
import { parseMoveRequest } from "../../../functions/move-upload/request";
import { CLIENT_ID, MOBILE_CLIENT_ID, moveEvent, OTHER_CLIENT_ID, type MoveEventOptions } from "../support/events";

const config = readConfig({ BUCKET_NAME: "uploads", ALLOWED_CLIENT_IDS: `${CLIENT_ID},${MOBILE_CLIENT_ID}` });
const parse = (body: unknown, sub: string | null = "user-a") =>
  parseMoveRequest(moveEvent({ sub, body: body as object }), config);
/** The status and code a request is refused with, or 200 and no code when it is accepted. */
const refusalOf = (run: () => unknown) => {
  try {
    run();
    return { status: 200 };
  } catch (error) {
    if (error instanceof MoveError) return { status: error.status, code: error.code };
    throw error;
  }
};
const statusOf = (run: () => unknown) => refusalOf(run).status;
const parseAs = (token: MoveEventOptions, body: unknown = { key: "tmp/user-a/x.png" }) =>
  refusalOf(() => parseMoveRequest(moveEvent({ ...token, body: body as object }), config));

describe("parseMoveRequest", () => {
  test("maps tmp/<sub>/<name> to images/<sub>/<name>", () => {
    expect(parse({ key: "tmp/user-a/cat.png" })).toEqual({
      sub: "user-a",
      sourceKey: "tmp/user-a/cat.png",
      destinationKey: "images/user-a/cat.png",
    });
  });

  test("puts the image under the folder when one is given", () => {
    expect(parse({ key: "tmp/user-a/cat.png", folder: "pets/2024" }).destinationKey).toBe(
      "images/user-a/pets/2024/cat.png",
    );
  });

  test("treats a null folder as no folder", () => {
    expect(parse({ key: "tmp/user-a/cat.png", folder: null }).destinationKey).toBe("images/user-a/cat.png");
  });

  test("uses the configured prefixes", () => {
    const custom = readConfig({
      BUCKET_NAME: "b",
      ALLOWED_CLIENT_IDS: CLIENT_ID,
      UPLOAD_PREFIX: "incoming/",
      IMAGE_PREFIX: "library/",
    });
    const request = parseMoveRequest(moveEvent({ body: { key: "incoming/user-a/x.png" } }), custom);
    expect(request.destinationKey).toBe("library/user-a/x.png");
  });

  test("checks the caller before reading the body", () => {
    expect(statusOf(() => parse("not json", null))).toBe(401);
  });

  test("serves id tokens of the listed app clients and answers 403 ClientNotAllowed for another client of the pool", () => {
    expect([CLIENT_ID, MOBILE_CLIENT_ID, OTHER_CLIENT_ID].map((aud) => parseAs({ aud }))).toEqual([
      { status: 200 },
      { status: 200 },
      { status: 403, code: "ClientNotAllowed" },
    ]);
  });

  test("checks the app client before the body and before the ownership of the key", () => {
    expect(parseAs({ aud: OTHER_CLIENT_ID }, "not json")).toEqual({ status: 403, code: "ClientNotAllowed" });
    expect(parseAs({ aud: OTHER_CLIENT_ID }, { key: "tmp/user-b/x.png" })).toEqual({
      status: 403,
      code: "ClientNotAllowed",
    });
  });

  test.each<[string, MoveEventOptions]>([
    ["no aud", { aud: null }],
    ["an empty aud", { aud: "" }],
    ["an aud that is a list", { aud: [CLIENT_ID] }],
    ["an aud that is a number", { aud: 42 }],
    ["an aud with characters no client id has", { aud: `${CLIENT_ID},${OTHER_CLIENT_ID}` }],
    ["an aud over 128 characters", { aud: CLIENT_ID.repeat(6) }],
    ["an access token (client_id, no aud)", { tokenUse: "access", aud: null }],
    ["an access token that also names an allowed aud", { tokenUse: "access" }],
    ["no token_use", { tokenUse: null }],
    ["a token_use of another case", { tokenUse: "ID" }],
  ])("answers 401 Unauthorized for a token with %s, before reading the body", (_, token) => {
    expect(parseAs(token, "not json")).toEqual({ status: 401, code: "Unauthorized" });
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
    "..",
    ".",
    "",
    "/",
    "//",
    "\\",
    "%2F",
    "%2f",
    "%5C",
    "%2e%2e",
    "%252F",
    "\u0000",
    "\n",
    "\u202e",
    "\ud800",
    "tmp",
    "images",
    "user-a",
    "user-b",
    "user-ab",
    " ",
    "é",
    "写真",
    "🏖",
    "+",
    "&",
    "=",
    "a.png",
    "%",
    "?",
    "#",
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

  const aud = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<unknown>(CLIENT_ID, MOBILE_CLIENT_ID) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(OTHER_CLIENT_ID, null, "", `${CLIENT_ID} `, [CLIENT_ID]) },
  );

  test("either refuses a hostile request with 400, 401 or 403, or maps it into the caller's own images folder", () => {
    fc.assert(
      fc.property(fc.constantFrom("user-a", "user-b"), aud, body, (sub, client, input) => {
        let request: ReturnType<typeof parseMoveRequest> | undefined;
        try {
          request = parseMoveRequest(
            moveEvent({ sub, aud: client, body: typeof input === "string" ? input : (input as object) }),
            config,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(MoveError);
          expect([400, 401, 403]).toContain((error as MoveError).status);
          return;
        }
        expect([CLIENT_ID, MOBILE_CLIENT_ID]).toContain(client);
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
