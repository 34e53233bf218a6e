import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs from Powertools, which comes from AWS's Powertools layer at run time (the
 * bundle leaves it out). Callers pass no email addresses or provider user ids.
 */
export const logger = new Logger({ serviceName: "link-identities" });
