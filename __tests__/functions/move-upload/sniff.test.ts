import fc from "fast-check";
import { SNIFF_BYTES, sniffImageType } from "../../../functions/move-upload/sniff";
import { ACCEPTED_TYPES, type AcceptedType, NOT_IMAGES, SIGNATURES, withFiller } from "../support/images";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => [...Buffer.from(text, "latin1")];

describe("sniffImageType", () => {
  test.each(ACCEPTED_TYPES)("recognises %s by its leading bytes", (type) => {
    expect(sniffImageType(withFiller(SIGNATURES[type], 200))).toBe(type);
  });

  test.each(Object.keys(NOT_IMAGES))("refuses %s", (what) => {
    expect(sniffImageType(withFiller(NOT_IMAGES[what], 200))).toBeUndefined();
  });

  test("recognises a HEIC whose major brand is the generic mif1, by its compatible brands", () => {
    const heif = [0, 0, 0, 24, ...ascii("ftypmif1"), 0, 0, 0, 0, ...ascii("mif1heic")];
    expect(sniffImageType(bytes(...heif))).toBe("image/heic");
  });

  test("recognises an AVIF whose major brand is the generic mif1, by its compatible brands", () => {
    const heif = [0, 0, 0, 28, ...ascii("ftypmif1"), 0, 0, 0, 0, ...ascii("mif1miafavif")];
    expect(sniffImageType(bytes(...heif))).toBe("image/avif");
  });

  test("ignores compatible brands beyond the ftyp box's own size", () => {
    const box = [0, 0, 0, 20, ...ascii("ftypmif1"), 0, 0, 0, 0, ...ascii("mif1"), ...ascii("heic")];
    expect(sniffImageType(bytes(...box))).toBeUndefined();
  });

  test("refuses an ftyp box whose size is impossibly small", () => {
    expect(sniffImageType(bytes(0, 0, 0, 8, ...ascii("ftypheic"), 0, 0, 0, 0))).toBeUndefined();
  });

  test("refuses a RIFF file that names WEBP but holds no VP8 chunk", () => {
    expect(sniffImageType(bytes(...ascii("RIFF"), 9, 0, 0, 0, ...ascii("WEBPJUNK")))).toBeUndefined();
  });

  /**
   * Bytes each format's signature takes, from the formats themselves: JPEG's start-of-image marker and the next
   * marker's 0xFF, PNG's 8-byte signature, GIF's 6-byte header, WebP's RIFF header (12 bytes) and its first chunk's
   * four-character type ("VP8 ", "VP8L" or "VP8X"), and an ISO-BMFF ftyp box of at least 16 bytes for AVIF and HEIC.
   */
  const SIGNATURE_BYTES: Record<AcceptedType, number> = {
    "image/jpeg": 3,
    "image/png": 8,
    "image/gif": 6,
    "image/webp": 16,
    "image/avif": 16,
    "image/heic": 16,
  };

  test.each(ACCEPTED_TYPES)("recognises %s from its whole signature and refuses every shorter prefix of it", (type) => {
    const signature = SIGNATURES[type].slice(0, SIGNATURE_BYTES[type]);
    expect(sniffImageType(bytes(...signature))).toBe(type);
    const accepted = signature
      .map((_, n) => sniffImageType(bytes(...signature.slice(0, n))))
      .filter((found) => found !== undefined);
    expect(accepted).toEqual([]);
  });

  test("never throws and answers only one of the six accepted types, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (input) => {
        const type = sniffImageType(input);
        expect(type === undefined || ACCEPTED_TYPES.includes(type)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test(`decides on the first ${SNIFF_BYTES} bytes alone, the only ones the mover reads`, () => {
    const signature = fc.constantFrom(...ACCEPTED_TYPES.map((type) => SIGNATURES[type] as readonly number[]));
    const start = fc.oneof(
      signature.map((s) => Uint8Array.from(s)),
      fc.uint8Array({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(start, fc.uint8Array({ maxLength: 200 }), (head, tail) => {
        const file = Uint8Array.from([...head, ...tail]);
        expect(sniffImageType(file)).toBe(sniffImageType(file.subarray(0, SNIFF_BYTES)));
      }),
      { numRuns: 1000 },
    );
  });

  test("reads a signature correctly from a view into a larger buffer", () => {
    const backing = Buffer.alloc(300, 0x41);
    Buffer.from(SIGNATURES["image/heic"]).copy(backing, 100);
    expect(sniffImageType(backing.subarray(100, 100 + SNIFF_BYTES))).toBe("image/heic");
  });
});

describe("sniffImageType on near misses", () => {
  test("recognises the older GIF87a header as well as GIF89a", () => {
    expect(sniffImageType(withFiller([...ascii("GIF87a"), 1, 0, 1, 0], 64))).toBe("image/gif");
  });

  test("refuses a WebP signature in a container other than RIFF", () => {
    expect(sniffImageType(bytes(...ascii("RIFX"), 0x24, 0, 0, 0, ...ascii("WEBPVP8 ")))).toBeUndefined();
  });

  test("refuses an image brand outside an ftyp box", () => {
    expect(sniffImageType(bytes(0, 0, 0, 16, ...ascii("moovheic"), 0, 0, 0, 0))).toBeUndefined();
  });

  test("takes an ftyp box of exactly 16 bytes, and refuses one whose size is not a whole number of brands", () => {
    expect(sniffImageType(bytes(0, 0, 0, 16, ...ascii("ftypavif"), 0, 0, 0, 0))).toBe("image/avif");
    expect(sniffImageType(bytes(0, 0, 0, 18, ...ascii("ftypavif"), 0, 0, 0, 0, 0, 0))).toBeUndefined();
  });
});
