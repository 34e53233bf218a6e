import { resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

const ONE_YEAR = 365;

/**
 * Mirrors Checkov CKV_AWS_66 (a retention period is set; 0 means never expire) and CKV_AWS_338
 * (logs are kept at least a year, long enough to investigate an incident).
 */
export const logRetention: Rule = {
  id: "CKV_AWS_66",
  aliases: ["CKV_AWS_338"],
  severity: "M",
  title: "Log groups set a retention period of at least one year",
  check: (tf) =>
    resourcesOf(tf, "aws_cloudwatch_log_group").flatMap(([address, group]): Finding[] => {
      const days = group.retention_in_days;
      if (typeof days !== "number" || days === 0)
        return [{ address, message: "no retention period: logs are kept for ever" }];
      return days < ONE_YEAR ? [{ address, message: `logs are kept ${days} days, less than a year` }] : [];
    }),
};
