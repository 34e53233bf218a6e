import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { logger } from "./log";

/** The event contract (docs/events.md): a stable source and detail-type that rules match on. */
export const IMAGE_STORED_SOURCE = "cognito-uploads";
export const IMAGE_STORED_DETAIL_TYPE = "Image Stored";

/** What a consumer learns of a stored image: where it is, whose it is, and where it came from. No token, no email. */
export interface ImageStoredDetail {
  readonly bucket: string;
  readonly key: string;
  readonly sub: string;
  readonly bytes: number;
  readonly contentType: string;
  readonly sourceKey: string;
}

/**
 * Puts one `Image Stored` event on `eventBus` (a name or an ARN). At most once: the image is already stored when this
 * runs, so a failed put (the request failing, or EventBridge reporting the entry failed) is logged at ERROR with
 * the key and never undoes, retries or fails the move.
 */
export async function announceImageStored(
  client: EventBridgeClient,
  eventBus: string,
  detail: ImageStoredDetail,
): Promise<boolean> {
  const fields = { event_bus: eventBus, key: detail.key, source_key: detail.sourceKey };
  try {
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBus,
            Source: IMAGE_STORED_SOURCE,
            DetailType: IMAGE_STORED_DETAIL_TYPE,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    const failed = answer.Entries?.find((entry) => entry.ErrorCode);
    if ((answer.FailedEntryCount ?? 0) > 0 || failed) {
      logger.error("image stored event not sent", {
        ...fields,
        error_code: failed?.ErrorCode,
        error_message: failed?.ErrorMessage,
      });
      return false;
    }
    return true;
  } catch (error) {
    logger.error("image stored event not sent", { ...fields, error });
    return false;
  }
}
