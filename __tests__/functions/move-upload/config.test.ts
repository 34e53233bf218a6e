import { COPY_OBJECT_MAX_BYTES, readConfig } from "../../../functions/move-upload/config";
import { encodeCopySource } from "../../../functions/move-upload/objects";
import { partRanges } from "../../../functions/move-upload/part-copy";
import fc from "fast-check";
import { CLIENT_ID } from "../support/events";

/** The settings every deployment has: the bucket and the app clients the API serves. */
const BASE = { BUCKET_NAME: "b", ALLOWED_CLIENT_IDS: CLIENT_ID };

describe("readConfig", () => {
  test("defaults to tmp/, images/ and 20 MiB", () => {
    const config = readConfig({ ...BASE, BUCKET_NAME: "uploads" });
    expect(config).toMatchObject({
      bucket: "uploads",
      uploadPrefix: "tmp/",
      imagePrefix: "images/",
      maxUploadBytes: 20971520,
    });
    expect(config.copyObjectMaxBytes).toBe(5 * 1024 ** 3);
  });

  test("checks malware scan results only when MALWARE_SCANNING is exactly true, and refuses any other spelling", () => {
    expect(readConfig(BASE).malwareScanning).toBe(false);
    expect(readConfig({ ...BASE, MALWARE_SCANNING: "false" }).malwareScanning).toBe(false);
    expect(readConfig({ ...BASE, MALWARE_SCANNING: "true" }).malwareScanning).toBe(true);
    for (const value of ["yes", "TRUE", "1", "on"]) {
      expect(() => readConfig({ ...BASE, MALWARE_SCANNING: value })).toThrow(
        /MALWARE_SCANNING must be "true" or "false"/,
      );
    }
  });

  test("puts events on EVENT_BUS_NAME, and on no bus without it", () => {
    expect(readConfig(BASE).eventBus).toBeUndefined();
    expect(readConfig({ ...BASE, EVENT_BUS_NAME: " default " }).eventBus).toBe("default");
  });

  test("requires BUCKET_NAME", () => {
    expect(() => readConfig({ ALLOWED_CLIENT_IDS: CLIENT_ID })).toThrow(/BUCKET_NAME/);
  });

  test.each(["0", "-1", "1.5", "lots"])("refuses MAX_UPLOAD_BYTES=%s", (value) => {
    expect(() => readConfig({ ...BASE, MAX_UPLOAD_BYTES: value })).toThrow(/MAX_UPLOAD_BYTES/);
  });

  test.each(["tmp", "/tmp/", "../tmp/", "tmp//", "a/../"])("refuses UPLOAD_PREFIX=%s", (value) => {
    expect(() => readConfig({ ...BASE, UPLOAD_PREFIX: value })).toThrow(/UPLOAD_PREFIX/);
  });

  test("refuses prefixes that contain one another", () => {
    expect(() => readConfig({ ...BASE, UPLOAD_PREFIX: "u/", IMAGE_PREFIX: "u/images/" })).toThrow(/contain/);
  });

  test("reads a comma-separated origin list and never allows the wildcard", () => {
    const config = readConfig({ ...BASE, ALLOWED_ORIGINS: " https://a.example , *,https://b.example,," });
    expect([...config.allowedOrigins]).toEqual(["https://a.example", "https://b.example"]);
  });

  test("reads a comma-separated list of the app clients the API serves", () => {
    const config = readConfig({
      ...BASE,
      ALLOWED_CLIENT_IDS: " 4tq8example3webclient0abcd ,7mob1le2example3client4xyz,",
    });
    expect([...config.allowedClientIds]).toEqual(["4tq8example3webclient0abcd", "7mob1le2example3client4xyz"]);
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["only commas and blanks", " , ,"],
    ["the wildcard", "*"],
    ["a wildcard beside a client", `${CLIENT_ID},*`],
    ["an id with a hyphen", "web-client"],
    ["an id over 128 characters", "a".repeat(129)],
  ])("refuses ALLOWED_CLIENT_IDS that is %s, so no client is served by mistake", (_, value) => {
    expect(() => readConfig({ BUCKET_NAME: "b", ALLOWED_CLIENT_IDS: value })).toThrow(
      /ALLOWED_CLIENT_IDS must list the app client ids/,
    );
  });
});

describe("encodeCopySource", () => {
  test("percent-encodes each key segment and keeps the separators", () => {
    expect(encodeCopySource("uploads", "tmp/u 1/a b+c&d=e é?#%.png")).toBe(
      "uploads/tmp/u%201/a%20b%2Bc%26d%3De%20%C3%A9%3F%23%25.png",
    );
  });

  test("decodes back to the exact bucket and key", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", minLength: 1 }), { minLength: 1, maxLength: 4 }),
        (segments) => {
          const key = segments.map((s) => s.replace(/\//g, "_")).join("/");
          const encoded = encodeCopySource("uploads", key);
          expect(encoded).toMatch(/^[A-Za-z0-9\-_.!~*'()%/]+$/);
          expect(decodeURIComponent(encoded)).toBe(`uploads/${key}`);
        },
      ),
    );
  });
});

describe("partRanges", () => {
  test("splits an object into contiguous inclusive ranges that cover it exactly", () => {
    expect(partRanges(10, 4)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 9 },
    ]);
  });

  test("never needs more than 10,000 parts nor makes a part under the minimum but the last", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 * 1024 ** 4 }),
        fc.integer({ min: 1, max: 512 * 1024 ** 2 }),
        (size, min) => {
          const ranges = partRanges(size, min);
          const contiguous = ranges.every((range, i) => i === 0 || range.start === ranges[i - 1].end + 1);
          const bigEnough = ranges.every((range, i) => i === ranges.length - 1 || range.end - range.start + 1 >= min);
          expect(ranges.length).toBeLessThanOrEqual(10_000);
          expect([ranges[0].start, ranges.at(-1)!.end, contiguous, bigEnough]).toEqual([0, size - 1, true, true]);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("copies the largest object CopyObject allows in 20 parts of 256 MiB", () => {
    expect(partRanges(COPY_OBJECT_MAX_BYTES, 256 * 1024 ** 2)).toHaveLength(20);
  });
});

describe("readConfig's defaults for what a deployment leaves unset", () => {
  test("allows no origin when ALLOWED_ORIGINS is unset", () => {
    expect([...readConfig(BASE).allowedOrigins]).toEqual([]);
  });

  test("copies in parts of 256 MiB, eight at a time, above CopyObject's 5 GiB", () => {
    expect(readConfig(BASE)).toMatchObject({
      partCopyBytes: 256 * 1024 * 1024,
      partCopyConcurrency: 8,
      copyObjectMaxBytes: COPY_OBJECT_MAX_BYTES,
    });
  });
});
