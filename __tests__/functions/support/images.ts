/** Leading bytes of real files of each accepted format, padded with `size` filler bytes to look like an upload. */
const ascii = (text: string) => [...Buffer.from(text, "latin1")];
const u32 = (value: number) => [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
const ftyp = (major: string, ...compatible: string[]) => {
  const brands = [major, ...compatible];
  return [
    ...u32(16 + compatible.length * 4),
    ...ascii("ftyp"),
    ...ascii(major),
    0,
    0,
    0,
    0,
    ...brands.slice(1).flatMap(ascii),
  ];
};

export const SIGNATURES = {
  "image/jpeg": [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii("JFIF"), 0x00, 0x01, 0x01],
  "image/png": [0x89, ...ascii("PNG\r\n\x1a\n"), 0, 0, 0, 13, ...ascii("IHDR"), 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
  "image/gif": ascii("GIF89a\x01\x00\x01\x00\x80\x00\x00"),
  "image/webp": [...ascii("RIFF"), 0x24, 0, 0, 0, ...ascii("WEBPVP8 "), 0x18, 0, 0, 0],
  "image/avif": ftyp("avif", "mif1", "miaf"),
  "image/heic": ftyp("heic", "mif1", "heic"),
} as const;

export type AcceptedType = keyof typeof SIGNATURES;
export const ACCEPTED_TYPES = Object.keys(SIGNATURES) as AcceptedType[];

/** Files that are not accepted images, several of which browsers would happily label image/*. */
export const NOT_IMAGES: Record<string, number[]> = {
  "an SVG drawing": ascii('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
  "an HTML page": ascii("<!doctype html><script>alert(1)</script>"),
  "a PDF document": ascii("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
  "a Windows executable": [...ascii("MZ"), 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0],
  "a ZIP archive": [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0],
  "an MP4 video": ftyp("mp42", "isom", "mp42"),
  "a generic HEIF with no HEIC or AVIF brand": ftyp("mif1", "mif1", "miaf"),
  "a WAVE sound": [...ascii("RIFF"), 0x24, 0, 0, 0, ...ascii("WAVEfmt "), 16, 0, 0, 0],
  "a truncated JPEG marker": [0xff, 0xd8],
};

/** An upload of `type` of `size` bytes in all; the filler varies with `seed` so that ETags differ. */
export function imageBytes(type: AcceptedType, size = 1024, seed = 0): Buffer {
  return withFiller(SIGNATURES[type], size, seed);
}

export function withFiller(prefix: readonly number[], size: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(Math.max(size, prefix.length));
  Buffer.from(prefix).copy(bytes);
  for (let i = prefix.length; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 17 + 7) & 255;
  return bytes;
}
