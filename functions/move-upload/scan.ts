import { GetObjectTaggingCommand, type S3Client } from "@aws-sdk/client-s3";
import { isMissing, MoveError } from "./errors";

/** The tag GuardDuty Malware Protection for S3 puts on each object it scanned, and its values. */
export const SCAN_STATUS_TAG = "GuardDutyMalwareScanStatus";
export const NO_THREATS_FOUND = "NO_THREATS_FOUND";
export const THREATS_FOUND = "THREATS_FOUND";

/**
 * Lets a move go ahead only for an upload GuardDuty found clean. Read after the ETag the copy is conditional on and
 * before the copy: a swap of the upload between the two reads fails the copy (409 UploadChanged), so a clean tag is
 * never paired with other bytes than the ones read, unless the key goes back to the very same bytes meanwhile (see
 * docs/events.md). No tag yet: 409 ScanPending, for the page to retry; malware: 422 MalwareFound, and the upload is
 * left for the lifecycle rule; any other result (UNSUPPORTED, ACCESS_DENIED, FAILED): 422 ScanFailed.
 */
export async function requireCleanScan(s3: S3Client, bucket: string, key: string): Promise<void> {
  let status: string | undefined;
  try {
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    status = tagging.TagSet?.find((tag) => tag.Key === SCAN_STATUS_TAG)?.Value;
  } catch (error) {
    if (isMissing(error)) throw new MoveError(404, "NoSuchUpload", "There is no upload at that key.");
    throw error;
  }
  if (status === NO_THREATS_FOUND) return;
  if (status === undefined) {
    throw new MoveError(
      409,
      "ScanPending",
      "The upload is still being scanned for malware; try again in a few seconds.",
    );
  }
  if (status === THREATS_FOUND) {
    throw new MoveError(422, "MalwareFound", "The upload contains malware and will not be stored.");
  }
  throw new MoveError(
    422,
    "ScanFailed",
    `The upload could not be scanned for malware (${status}) and will not be stored.`,
  );
}
