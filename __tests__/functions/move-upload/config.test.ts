import { COPY_OBJECT_MAX_BYTES, readConfig } from "../../../functions/move-upload/config";
import { encodeCopySource } from "../../../functions/move-upload/objects";
import { partRanges } from "../../../functions/move-upload/part-copy";
import fc from "fast-check";

describe("readConfig", () => {
  test("defaults to tmp/, images/ and 20 MiB", () => {
    const config = readConfig({ BUCKET_NAME: "uploads" });
    expect(config).toMatchObject({ bucket: "uploads", uploadPrefix: "tmp/", imagePrefix: "images/", maxUploadBytes: 20971520 });
    expect(config.copyObjectMaxBytes).toBe(5 * 1024 ** 3);
  });

  test("requires BUCKET_NAME", () => {
    expect(() => readConfig({})).toThrow(/BUCKET_NAME/);
  });

  test.each(["0", "-1", "1.5", "lots"])("refuses MAX_UPLOAD_BYTES=%s", (value) => {
    expect(() => readConfig({ BUCKET_NAME: "b", MAX_UPLOAD_BYTES: value })).toThrow(/MAX_UPLOAD_BYTES/);
  });

  test.each(["tmp", "/tmp/", "../tmp/", "tmp//", "a/../"])("refuses UPLOAD_PREFIX=%s", (value) => {
    expect(() => readConfig({ BUCKET_NAME: "b", UPLOAD_PREFIX: value })).toThrow(/UPLOAD_PREFIX/);
  });

  test("refuses prefixes that contain one another", () => {
    expect(() => readConfig({ BUCKET_NAME: "b", UPLOAD_PREFIX: "u/", IMAGE_PREFIX: "u/images/" })).toThrow(/contain/);
  });

  test("reads a comma-separated origin list and never allows the wildcard", () => {
    const config = readConfig({ BUCKET_NAME: "b", ALLOWED_ORIGINS: " https://a.example , *,https://b.example,," });
    expect([...config.allowedOrigins]).toEqual(["https://a.example", "https://b.example"]);
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
      fc.property(fc.array(fc.string({ unit: "grapheme", minLength: 1 }), { minLength: 1, maxLength: 4 }), (segments) => {
        const key = segments.map((s) => s.replace(/\//g, "_")).join("/");
        const encoded = encodeCopySource("uploads", key);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.!~*'()%/]+$/);
        expect(decodeURIComponent(encoded)).toBe(`uploads/${key}`);
      }),
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
      fc.property(fc.integer({ min: 1, max: 5 * 1024 ** 4 }), fc.integer({ min: 1, max: 512 * 1024 ** 2 }), (size, min) => {
        const ranges = partRanges(size, min);
        const contiguous = ranges.every((range, i) => i === 0 || range.start === ranges[i - 1].end + 1);
        const bigEnough = ranges.every((range, i) => i === ranges.length - 1 || range.end - range.start + 1 >= min);
        expect(ranges.length).toBeLessThanOrEqual(10_000);
        expect([ranges[0].start, ranges.at(-1)!.end, contiguous, bigEnough]).toEqual([0, size - 1, true, true]);
      }),
      { numRuns: 100 },
    );
  });

  test("copies the largest object CopyObject allows in 20 parts of 256 MiB", () => {
    expect(partRanges(COPY_OBJECT_MAX_BYTES, 256 * 1024 ** 2)).toHaveLength(20);
  });
});
