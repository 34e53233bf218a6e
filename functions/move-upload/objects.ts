/** The part of an upload the mover reads: its identity and its first bytes, never the rest of the body. */
export interface SourceObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly head: Uint8Array;
}

/**
 * User metadata on every moved image naming the upload it came from, so a repeated or concurrent move can tell its
 * own finished copy from another image at the same key even where ETags differ (SSE-KMS, multipart sources).
 */
export const SOURCE_ETAG_METADATA = "source-etag";

/** `bucket/key` for CopySource: each segment percent-encoded as S3 requires (spaces, `+`, `&`, `=`, unicode). */
export const encodeCopySource = (bucket: string, key: string) =>
  `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
