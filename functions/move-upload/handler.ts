import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { readConfig, type MoverConfig } from "./config";
import { MoveError } from "./errors";
import { announceImageStored } from "./events";
import { errorBody, jsonResponse } from "./http";
import { logger } from "./log";
import { moveUpload } from "./move";
import { parseMoveRequest } from "./request";

let runtime: { config: MoverConfig; s3: S3Client; events?: EventBridgeClient } | undefined;

/** Created on first use so a bad setting is logged and answered as a 500, not a failed cold start. */
function runtimeOf() {
  if (runtime) return runtime;
  const config = readConfig(process.env);
  const s3 = new S3Client({
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true",
    // The mover sends no bodies, and ranged GETs carry no whole-object checksum to validate.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  // One attempt and a short wait: the image is stored before the event is put, and the answer must not wait long.
  const events = config.eventBus
    ? new EventBridgeClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } })
    : undefined;
  return (runtime = { config, s3, events });
}

/** POST /images {"key": "tmp/<sub>/<name>", "folder"?: "a/b"}: moves an upload into the caller's images. */
export const handler = async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
  // Keys of this invocation only: never the request's headers or body, which carry the id token.
  logger.resetKeys();
  if (context) logger.addContext(context);
  logger.appendKeys({ api_request_id: event.requestContext?.requestId });
  let allowedOrigins: ReadonlySet<string> = new Set();
  try {
    const { config, s3, events } = runtimeOf();
    allowedOrigins = config.allowedOrigins;
    const request = parseMoveRequest(event, config);
    const outcome = await moveUpload(s3, config, request);
    logger.info("move finished", {
      outcome: outcome.status === 201 ? "moved" : "already-moved",
      status: outcome.status,
      sub: request.sub,
      source_key: request.sourceKey,
      key: outcome.key,
      bytes: outcome.bytes,
      content_type: outcome.contentType,
    });
    const { key, bytes, contentType } = outcome;
    // Only a move that stored the image announces it: a repeated move (200) found it already stored.
    if (outcome.status === 201 && events && config.eventBus) {
      const detail = { bucket: config.bucket, key, sub: request.sub, bytes, contentType, sourceKey: request.sourceKey };
      await announceImageStored(events, config.eventBus, detail);
    }
    return jsonResponse(event, allowedOrigins, outcome.status, { key, bytes, contentType });
  } catch (error) {
    if (error instanceof MoveError) {
      logger.info("move refused", { outcome: "refused", status: error.status, code: error.code });
      return jsonResponse(event, allowedOrigins, error.status, errorBody(error.code, error.message));
    }
    logger.error("move failed", { outcome: "failed", status: 500, error });
    return jsonResponse(
      event,
      allowedOrigins,
      500,
      errorBody("InternalError", "The image could not be moved; try again."),
    );
  }
};
