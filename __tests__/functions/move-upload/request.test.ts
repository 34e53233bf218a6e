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

describe("parseMoveRequest at its limits", () => {
  /** The refusal of a request, with its message. */
  const messageOf = (body: unknown, sub: string | null = "user-a") => {
    try {
      parse(body, sub);
      return undefined;
    } catch (error) {
      return (error as MoveError).message;
    }
  };

  test("takes a body of exactly 8192 characters and refuses 8193", () => {
    const body = (length: number) =>
      JSON.stringify({ key: "tmp/user-a/x.png", pad: "" }).replace('"pad":""', `"pad":"${"p".repeat(length - 35)}"`);
    expect(body(8192)).toHaveLength(8192);
    expect(statusOf(() => parse(body(8192)))).toBe(200);
    expect(refusalOf(() => parse(body(8193)))).toEqual({ status: 400, code: "BodyTooLarge" });
  });

  test("takes a folder 16 levels deep and refuses 17, however long one level is", () => {
    const levels = (n: number) => Array.from({ length: n }, (_, i) => `level-${i}`).join("/");
    expect(statusOf(() => parse({ key: "tmp/user-a/x.png", folder: levels(16) }))).toBe(200);
    expect(refusalOf(() => parse({ key: "tmp/user-a/x.png", folder: levels(17) }))).toEqual({
      status: 400,
      code: "InvalidFolder",
    });
    expect(
      statusOf(() => parse({ key: "tmp/user-a/x.png", folder: "a-folder-name-of-more-than-sixteen-characters" })),
    ).toBe(200);
  });

  test("takes a destination key of exactly 1024 bytes and refuses 1025", () => {
    const folderFor = (destinationBytes: number) =>
      "f".repeat(destinationBytes - "images/user-a/".length - "/x.png".length);
    expect(statusOf(() => parse({ key: "tmp/user-a/x.png", folder: folderFor(1024) }))).toBe(200);
    expect(refusalOf(() => parse({ key: "tmp/user-a/x.png", folder: folderFor(1025) }))).toEqual({
      status: 400,
      code: "InvalidFolder",
    });
  });

  test("takes a key or folder of exactly 1024 bytes before refusing it for its size", () => {
    expect(messageOf({ key: "tmp/user-a/x.png", folder: "f".repeat(1024) })).toBe(
      "The destination key would be longer than 1024 bytes.",
    );
    expect(messageOf({ key: "tmp/user-a/x.png", folder: "f".repeat(1025) })).toBe(
      "The folder must be at most 1024 bytes.",
    );
  });

  test("refuses a folder with a . or .. level", () => {
    for (const folder of ["a/./b", "a/../b", ".", "a/."]) {
      expect(refusalOf(() => parse({ key: "tmp/user-a/x.png", folder }))).toEqual({
        status: 400,
        code: "InvalidFolder",
      });
    }
  });

  test("refuses a sub claim that is not a string, even one that reads as a valid sub", () => {
    expect(
      refusalOf(() =>
        parseMoveRequest(moveEvent({ sub: 12345 as unknown as string, body: { key: "tmp/12345/x.png" } }), config),
      ),
    ).toEqual({ status: 401, code: "Unauthorized" });
  });

  test("explains each refusal to the caller", () => {
    expect(messageOf({})).toBe('The body must have a "key" string naming the upload.');
    expect(messageOf({ key: "tmp/user-b/x.png" })).toBe("Only uploads under tmp/user-a/ can be moved by this user.");
    expect(messageOf({ key: "tmp/user-a/a/b.png" })).toBe(
      "The key must be tmp/user-a/<name>, with a file name and no further folders.",
    );
    expect(messageOf("{")).toBe("The body must be JSON.");
    expect(messageOf("[]")).toBe('The body must be a JSON object such as {"key": "tmp/<sub>/<name>"}.');
    expect(messageOf({ key: "tmp/user-a/x.png", folder: "" })).toBe(
      'The "folder" must be a non-empty string such as "trips/2024".',
    );
    expect(messageOf({ key: "tmp/user-a/x.png", folder: "a\\b" })).toBe(
      "The folder contains a control character, a backslash or an encoded separator.",
    );
    expect(messageOf({ key: "tmp/user-a/a%2Fb.png" })).toBe(
      "The key contains a control character, a backslash or an encoded separator.",
    );
    expect(messageOf({ key: "tmp/user-a/x.png", folder: "a//b" })).toBe(
      'The folder must be "/"-separated names, none empty, blank, "." or "..".',
    );
    expect(messageOf({ key: "tmp/user-a/x.png" }, null)).toBe("The request carries no valid user identity.");
    expect(messageOf("x".repeat(8193))).toBe("The body must be at most 8192 characters.");
    expect(messageOf({ key: `tmp/user-a/${"k".repeat(1024)}` })).toBe("The key must be at most 1024 bytes.");
  });

  test("explains the refusal of a folder too deep and of a token issued to another app client", () => {
    const levels = Array.from({ length: 17 }, (_, i) => `level-${i}`).join("/");
    expect(messageOf({ key: "tmp/user-a/x.png", folder: levels })).toBe("The folder may be at most 16 levels deep.");
    expect(() =>
      parseMoveRequest(moveEvent({ aud: OTHER_CLIENT_ID, body: { key: "tmp/user-a/x.png" } }), config),
    ).toThrow("This API does not serve the app client the token was issued to.");
  });
});
