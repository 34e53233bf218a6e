import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs; Powertools comes from AWS's Powertools layer, as for the mover. */
export const logger = new Logger({ serviceName: "sweep-oversize" });
