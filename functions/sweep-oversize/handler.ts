import { S3Client } from "@aws-sdk/client-s3";
import type { Context, EventBridgeEvent } from "aws-lambda";
import { readConfig, type SweeperConfig } from "./config";
import { logger } from "./log";
import { type ObjectCreatedDetail, type SweepOutcome, sweep } from "./sweep";

let runtime: { config: SweeperConfig; s3: S3Client } | undefined;

function runtimeOf() {
  if (runtime) return runtime;
  const config = readConfig(process.env);
  const s3 = new S3Client({
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true",
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return (runtime = { config, s3 });
}

/** S3 `Object Created` under the upload prefix, through an EventBridge rule: deletes the upload if it is over the cap. */
export const handler = async (
  event: EventBridgeEvent<"Object Created", ObjectCreatedDetail>,
  context?: Context,
): Promise<{ outcome: SweepOutcome }> => {
  logger.resetKeys();
  if (context) logger.addContext(context);
  logger.appendKeys({ event_id: event.id });
  const { config, s3 } = runtimeOf();
  return { outcome: await sweep(s3, config, event.detail ?? {}) };
};
