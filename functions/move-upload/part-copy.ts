import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { MoverConfig } from "./config";
import { encodeCopySource, SOURCE_ETAG_METADATA, type SourceObject } from "./objects";

/** S3 allows at most this many parts in one multipart upload. */
const MAX_PARTS = 10_000;

/** Byte ranges of a part-by-part copy, inclusive, each at least `minPartBytes` but the last. */
export function partRanges(size: number, minPartBytes: number): Array<{ start: number; end: number }> {
  const partBytes = Math.max(minPartBytes, Math.ceil(size / MAX_PARTS));
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < size; start += partBytes)
    ranges.push({ start, end: Math.min(start + partBytes, size) - 1 });
  return ranges;
}

/**
 * Copies an object too large for CopyObject with parallel UploadPartCopy, each part pinned to the sniffed version
 * by CopySourceIfMatch; completes without overwriting an existing image, and aborts the upload on any failure.
 * Returns the new object's ETag.
 */
export async function copyInParts(
  s3: S3Client,
  config: MoverConfig,
  source: SourceObject,
  destinationKey: string,
  contentType: string,
): Promise<string | undefined> {
  const Bucket = config.bucket;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket,
      Key: destinationKey,
      ContentType: contentType,
      Metadata: { [SOURCE_ETAG_METADATA]: source.etag },
    }),
  );
  const UploadId = created.UploadId;
  try {
    const ranges = partRanges(source.size, config.partCopyBytes);
    const parts = await inParallel(ranges, config.partCopyConcurrency, async ({ start, end }, index) => {
      const copied = await s3.send(
        new UploadPartCopyCommand({
          Bucket,
          Key: destinationKey,
          UploadId,
          PartNumber: index + 1,
          CopySource: encodeCopySource(Bucket, source.key),
          CopySourceIfMatch: source.etag,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      return { PartNumber: index + 1, ETag: copied.CopyPartResult?.ETag } satisfies CompletedPart;
    });
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: destinationKey,
        UploadId,
        IfNoneMatch: "*",
        MultipartUpload: { Parts: parts },
      }),
    );
    return completed.ETag;
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: destinationKey, UploadId })).catch(() => undefined);
    throw error;
  }
}

/** Runs `task` over `items`, `limit` at a time; waits for every started task before reporting the first failure. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
