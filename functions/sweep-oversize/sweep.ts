import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SweeperConfig } from "./config";
import { logger } from "./log";

/** The part of S3's `Object Created` event (delivered through EventBridge) that the sweeper reads. */
export interface ObjectCreatedDetail {
  readonly bucket?: { readonly name?: string };
  readonly object?: { readonly key?: string; readonly size?: number; readonly etag?: string };
}

/** What the sweeper did with one event. */
export type SweepOutcome = "deleted" | "kept" | "replaced" | "gone" | "ignored";

/**
 * Deletes an upload larger than the cap, at once. The delete is conditional on the ETag the event
 * reports, so an upload that was replaced meanwhile (by a smaller file under the same key) is left
 * alone; an object already gone is fine. Any other failure is thrown, so that Lambda retries the
 * event (asynchronous invocations are retried twice) and the bucket's lifecycle rule stays the backstop.
 */
export async function sweep(s3: S3Client, config: SweeperConfig, detail: ObjectCreatedDetail): Promise<SweepOutcome> {
  const key = detail.object?.key;
  const size = detail.object?.size;
  const etag = detail.object?.etag;
  if (
    detail.bucket?.name !== config.bucket ||
    typeof key !== "string" ||
    !key.startsWith(config.uploadPrefix) ||
    typeof size !== "number" ||
    !etag
  ) {
    logger.warn("event ignored", { bucket: detail.bucket?.name, key, reason: "not an upload of this bucket" });
    return "ignored";
  }
  if (size <= config.maxUploadBytes) return "kept";
  const fields = { key, bytes: size, max_upload_bytes: config.maxUploadBytes };
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key, IfMatch: quoted(etag) }));
  } catch (error) {
    const outcome = harmless(error);
    if (!outcome) {
      logger.error("oversize upload not deleted", { ...fields, error });
      throw error;
    }
    logger.info(outcome === "replaced" ? "oversize upload replaced, kept" : "oversize upload already gone", fields);
    return outcome;
  }
  logger.warn("oversize upload deleted", fields);
  return "deleted";
}

/** Events carry the ETag without the quotes that S3's headers use. */
const quoted = (etag: string) => (etag.startsWith('"') ? etag : `"${etag}"`);

function harmless(error: unknown): "replaced" | "gone" | undefined {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (name === "PreconditionFailed" || status === 412) return "replaced";
  if (name === "NoSuchKey" || name === "NotFound" || status === 404) return "gone";
  return undefined;
}
