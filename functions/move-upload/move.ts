import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { MoverConfig } from "./config";
import { isInvalidRange, isMissing, isPreconditionFailed, MoveError } from "./errors";
import { encodeCopySource, SOURCE_ETAG_METADATA, type SourceObject } from "./objects";
import { copyInParts } from "./part-copy";
import { requireCleanScan } from "./scan";
import type { MoveRequest } from "./request";
import { SNIFF_BYTES, sniffImageType } from "./sniff";

/** What the API answers for a finished move. */
export interface MoveOutcome {
  readonly status: 200 | 201;
  readonly key: string;
  readonly bytes: number;
  readonly contentType: string;
}

/**
 * Moves one upload server-side: a ranged GET for size, ETag and magic bytes, a conditional CopyObject, then a
 * conditional DeleteObject once the copy is verified. Every step can fail and be retried: the source stays until
 * the destination is whole, and a destination is never overwritten.
 */
export async function moveUpload(s3: S3Client, config: MoverConfig, request: MoveRequest): Promise<MoveOutcome> {
  const source = await inspectSource(s3, config.bucket, request.sourceKey);
  if (!source) return finishedMove(s3, config, request);
  if (source.size > config.maxUploadBytes) {
    throw new MoveError(413, "UploadTooLarge", `The upload is larger than ${config.maxUploadBytes} bytes.`);
  }
  const contentType = sniffImageType(source.head);
  if (!contentType) {
    throw new MoveError(415, "NotAnImage", "The upload is not a JPEG, PNG, GIF, WebP, AVIF or HEIC image.");
  }
  // After the ETag the copy is pinned to: a tag read before it could belong to an upload since replaced.
  if (config.malwareScanning) await requireCleanScan(s3, config.bucket, request.sourceKey);
  let copyEtag: string | undefined;
  try {
    copyEtag =
      source.size > config.copyObjectMaxBytes
        ? await copyInParts(s3, config, source, request.destinationKey, contentType)
        : await copyWhole(s3, config.bucket, source, request.destinationKey, contentType);
  } catch (error) {
    if (!isPreconditionFailed(error) && !isMissing(error)) throw error;
    return resolveLostRace(s3, config, request, source, isMissing(error));
  }
  if (copyEtag !== source.etag) await verifyCopy(s3, config.bucket, request.destinationKey, source);
  await deleteSource(s3, config.bucket, source);
  return { status: 201, key: request.destinationKey, bytes: source.size, contentType };
}

async function inspectSource(s3: S3Client, bucket: string, key: string): Promise<SourceObject | undefined> {
  try {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${SNIFF_BYTES - 1}` }),
    );
    const total = /\/(\d+)$/.exec(object.ContentRange ?? "")?.[1];
    const size = total === undefined ? object.ContentLength : Number(total);
    const head = await readPrefix(object.Body as AsyncIterable<Uint8Array> | undefined, SNIFF_BYTES);
    if (size === undefined || !object.ETag) throw new Error("S3 returned an object without size or ETag");
    return { key, size, etag: object.ETag, head };
  } catch (error) {
    if (isMissing(error)) return undefined;
    if (isInvalidRange(error)) return { key, size: 0, etag: "", head: new Uint8Array(0) };
    throw error;
  }
}

/**
 * Reads the ranged body to its end, which keeps the connection reusable; should a server ignore the Range and send
 * more than `limit` bytes, stops there and drops the rest of the connection's body.
 */
async function readPrefix(body: AsyncIterable<Uint8Array> | undefined, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body ?? []) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

async function copyWhole(
  s3: S3Client,
  bucket: string,
  source: SourceObject,
  destinationKey: string,
  contentType: string,
) {
  const copied = await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: destinationKey,
      CopySource: encodeCopySource(bucket, source.key),
      CopySourceIfMatch: source.etag,
      IfNoneMatch: "*",
      MetadataDirective: "REPLACE",
      ContentType: contentType,
      Metadata: { [SOURCE_ETAG_METADATA]: source.etag },
    }),
  );
  return copied.CopyObjectResult?.ETag;
}

interface DestinationObject {
  readonly size: number;
  readonly contentType: string;
  readonly sourceEtag: string | undefined;
}

async function headDestination(s3: S3Client, bucket: string, key: string): Promise<DestinationObject | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return {
      size: head.ContentLength ?? 0,
      contentType: head.ContentType ?? "application/octet-stream",
      sourceEtag: head.Metadata?.[SOURCE_ETAG_METADATA],
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

const madeFrom = (destination: DestinationObject | undefined, source: SourceObject) =>
  destination !== undefined && destination.sourceEtag === source.etag && destination.size === source.size;

/**
 * An ETag that differs from the source's is normal for SSE-KMS and multipart copies, so then the destination's size
 * and provenance are checked; CopySourceIfMatch has already pinned the source version on S3.
 */
async function verifyCopy(s3: S3Client, bucket: string, destinationKey: string, source: SourceObject) {
  const destination = await headDestination(s3, bucket, destinationKey);
  if (!madeFrom(destination, source)) throw new Error("the copied image does not match its upload");
}

/** No upload at the key: either the move already happened (200, same body) or there never was one (404). */
async function finishedMove(s3: S3Client, config: MoverConfig, request: MoveRequest): Promise<MoveOutcome> {
  const destination = await headDestination(s3, config.bucket, request.destinationKey);
  if (!destination) throw new MoveError(404, "NoSuchUpload", "There is no upload at that key.");
  return { status: 200, key: request.destinationKey, bytes: destination.size, contentType: destination.contentType };
}

/**
 * A conditional copy failed, or the source vanished under it: another move of the same upload got there first,
 * a retry finds its own earlier copy, the key is taken by another image, or the upload changed mid-move.
 */
async function resolveLostRace(
  s3: S3Client,
  config: MoverConfig,
  request: MoveRequest,
  source: SourceObject,
  sourceVanished: boolean,
): Promise<MoveOutcome> {
  const destination = await headDestination(s3, config.bucket, request.destinationKey);
  if (destination && madeFrom(destination, source)) {
    await deleteSource(s3, config.bucket, source);
    return { status: 200, key: request.destinationKey, bytes: destination.size, contentType: destination.contentType };
  }
  if (destination) {
    throw new MoveError(409, "DestinationExists", "An image with that name already exists in that folder.");
  }
  if (sourceVanished) throw new MoveError(404, "NoSuchUpload", "There is no upload at that key.");
  throw new MoveError(409, "UploadChanged", "The upload changed while it was being moved; try again.");
}

/** Deletes the source only while it is still the version that was copied; a newer upload under the key stays. */
async function deleteSource(s3: S3Client, bucket: string, source: SourceObject) {
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: source.key, IfMatch: source.etag }));
  } catch (error) {
    if (!isMissing(error) && !isPreconditionFailed(error)) throw error;
  }
}
