import fc from "fast-check";
import { loadBundledHandler, type MoveHandler } from "../support/bundle";
import { CLIENT_ID, MOBILE_CLIENT_ID, moveEvent, OTHER_CLIENT_ID } from "../support/events";
import { ACCEPTED_TYPES, imageBytes, NOT_IMAGES, withFiller } from "../support/images";
import { captureLogs } from "../support/logs";
import { bodyOf, errorCodeOf } from "../support/move-api";
import { startS3, type TestS3 } from "../support/s3-server";

const MAX_UPLOAD_BYTES = 8 * 1024;
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const USERS = ["user-a", "user-b"] as const;
const NAMES = ["cat.png", "my photo.jpg", "a+b=c&d.gif", "café.webp", "写真.avif", "🏖️.heic", "x", ".hidden", "..png"];

let s3: TestS3;
let handler: MoveHandler;
let logs: ReturnType<typeof captureLogs>;
const seeded: string[] = [];

beforeAll(async () => {
  s3 = await startS3();
  handler = loadBundledHandler(s3.moverEnv({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) }));
  // Per user: images of each type under several names, non-images, oversized files, and taken destinations.
  const uploads: Array<[string, Buffer]> = [];
  USERS.forEach((sub, u) => {
    NAMES.forEach((name, n) => {
      for (let copy = 0; copy < 4; copy++) {
        const type = ACCEPTED_TYPES[(n + copy) % ACCEPTED_TYPES.length];
        uploads.push([`tmp/${sub}/${copy}-${name}`, imageBytes(type, 600 + n * 50 + copy, u * 100 + n * 10 + copy)]);
      }
    });
    Object.values(NOT_IMAGES).forEach((bytes, i) => {
      uploads.push([`tmp/${sub}/not-image-${i}.png`, withFiller(bytes, 300 + i, i)]);
    });
    for (let i = 0; i < 6; i++)
      uploads.push([`tmp/${sub}/huge-${i}.png`, imageBytes("image/png", MAX_UPLOAD_BYTES + 1 + i, u)]);
    NAMES.forEach((name, n) => {
      uploads.push([`images/${sub}/0-${name}`, imageBytes("image/png", 100 + n, 90 + u)]);
    });
  });
  await Promise.all(uploads.map(([key, bytes]) => s3.put(key, bytes)));
  seeded.push(...uploads.map(([key]) => key));
});
afterAll(() => s3.close());
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

/** Requests built from the seeded keys, hostile fragments and arbitrary JSON. */
function hostileRequests() {
  const fragment = fc.constantFrom(
    "..",
    ".",
    "/",
    "//",
    "\\",
    "%2F",
    "%2e%2e",
    "%5C",
    "%252F",
    "\u0000",
    "\r\n",
    "\u202e",
    "\ud800",
    " ",
    "tmp/",
    "images/",
    "user-a",
    "user-b",
    "user-a/",
    "user-b/",
    "*",
    "?",
    "#",
    "é",
    "🏖️",
    "+&=",
    "cat.png",
  );
  const hostile = fc.array(fragment, { minLength: 1, maxLength: 7 }).map((parts) => parts.join(""));
  const key = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...seeded) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...USERS).chain((sub) => fc.constantFrom(...NAMES).map((n) => `tmp/${sub}/${n}`)),
    },
    { weight: 2, arbitrary: hostile },
    { weight: 1, arbitrary: hostile.map((h) => `tmp/user-a/${h}`) },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
  const folder = fc.option(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("a", "a/b", "ünï", "0-cat.png", "") },
      { weight: 1, arbitrary: hostile },
      { weight: 1, arbitrary: fc.jsonValue() },
    ),
    { nil: undefined, freq: 2 },
  );
  const body = fc.oneof(
    { weight: 8, arbitrary: fc.record({ key, folder }, { requiredKeys: ["key"] }) },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  );
  const sub = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom<string | null>(...USERS) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "", "user-a/../user-b", "*") },
  );
  // Mostly id tokens of the served clients; some of another client of the pool, some malformed or access tokens.
  const token = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom({ aud: CLIENT_ID, tokenUse: "id" }, { aud: MOBILE_CLIENT_ID, tokenUse: "id" }),
    },
    { weight: 1, arbitrary: fc.constant({ aud: OTHER_CLIENT_ID, tokenUse: "id" }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<{ aud: unknown; tokenUse: string | null }>(
        { aud: null, tokenUse: "id" },
        { aud: "", tokenUse: "id" },
        { aud: "*", tokenUse: "id" },
        { aud: [CLIENT_ID], tokenUse: "id" },
        { aud: null, tokenUse: "access" },
        { aud: CLIENT_ID, tokenUse: "access" },
        { aud: CLIENT_ID, tokenUse: null },
      ),
    },
  );
  const caller = fc.record({ sub, token });
  return { caller, body };
}

describe("the bundled mover under hostile requests from two users and several app clients", () => {
  test("never answers 5xx, serves only the listed clients, keeps each moved file's name, never writes outside the caller's images, and conserves every object", async () => {
    const initial = await s3.etags();
    const seen: Record<number, number> = {};
    const refusals = new Set<unknown>();
    const { caller, body } = hostileRequests();

    await fc.assert(
      fc.asyncProperty(caller, body, async ({ sub, token }, input) => {
        const mark = s3.requests.length;
        const response = await handler(
          moveEvent({ sub, ...token, body: typeof input === "string" ? input : (input as object) }),
        );
        // Every write the mover makes goes through the server's request log.
        const writes = s3.requests
          .slice(mark)
          .filter((r) => r.operation !== "GetObject" && r.operation !== "HeadObject" && r.status! < 300)
          .map(({ operation, key }) => ({ operation, key }));
        seen[response.statusCode] = (seen[response.statusCode] ?? 0) + 1;
        refusals.add(errorCodeOf(response));

        expect([200, 201, 400, 401, 403, 404, 409, 413, 415]).toContain(response.statusCode);
        const served = token.tokenUse === "id" && (token.aud === CLIENT_ID || token.aud === MOBILE_CLIENT_ID);
        if (!served) expect([401, 403]).toContain(response.statusCode);
        if (token.aud === OTHER_CLIENT_ID && (sub === "user-a" || sub === "user-b")) {
          expect([response.statusCode, errorCodeOf(response)]).toEqual([403, "ClientNotAllowed"]);
        }
        if (response.statusCode === 201) {
          const { key: source, folder } = input as { key: string; folder?: string };
          // The image keeps the upload's file name, in the caller's images, under the folder asked for.
          const name = source.slice(`tmp/${sub}/`.length);
          expect(bodyOf(response).key).toBe(
            `images/${sub}/${folder === undefined || folder === null ? "" : `${folder}/`}${name}`,
          );
          expect(writes).toEqual([
            { operation: "CopyObject", key: bodyOf(response).key },
            { operation: "DeleteObject", key: source },
          ]);
          expect(writes[0].key.startsWith(`images/${sub}/`)).toBe(true);
          expect(source.startsWith(`tmp/${sub}/`)).toBe(true);
        } else {
          expect(writes).toEqual([]);
        }
      }),
      // Seeded, so that every run sends the same requests and reaches the outcomes checked below; FUZZ_SEED explores others.
      { numRuns: 520, endOnFailure: true, seed: FUZZ_SEED },
    );

    const final = await s3.etags();
    expect(final.size).toBe(initial.size);
    expect([...final.values()].sort()).toEqual([...initial.values()].sort());
    const created = [...final.keys()].filter((k) => !initial.has(k));
    expect(created.filter((k) => !/^images\/user-[ab]\//.test(k))).toEqual([]);
    // The run reached every S3 outcome, not only the request checks.
    expect(seen).toEqual(
      expect.objectContaining({
        200: expect.any(Number),
        201: expect.any(Number),
        400: expect.any(Number),
        401: expect.any(Number),
        403: expect.any(Number),
        404: expect.any(Number),
        409: expect.any(Number),
        413: expect.any(Number),
        415: expect.any(Number),
      }),
    );
    expect([...refusals]).toEqual(expect.arrayContaining(["Unauthorized", "ClientNotAllowed", "NotYourUpload"]));
  }, 120_000);
});
