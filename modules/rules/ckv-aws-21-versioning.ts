import { blockOf, resourcesOf } from "./lib/terraform";
import { isEnabled, isVersioned, lifecycleRulesOf } from "./lib/s3";
import { Finding, Rule } from "./types";

/**
 * Mirrors Checkov CKV_AWS_21 (versioning on), and adds what versioning needs here: on a versioned
 * bucket an expiration only hides the current version, so every rule that expires objects (the
 * upload prefix) must also expire noncurrent versions, or "deleted" uploads are kept for ever.
 */
export const versioning: Rule = {
  id: "CKV_AWS_21",
  aliases: [],
  severity: "M",
  title: "Buckets are versioned, and expiring rules also expire noncurrent versions",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket").flatMap(([bucketAddress, bucket]): Finding[] => {
      if (!isVersioned(tf, bucketAddress, bucket)) {
        return [
          { address: bucketAddress, message: "versioning is off: an overwritten or deleted image cannot be recovered" },
        ];
      }
      return lifecycleRulesOf(tf, bucketAddress)
        .filter(
          ([, rule]) => isEnabled(rule) && blockOf(rule.expiration) && !blockOf(rule.noncurrent_version_expiration),
        )
        .map(([address, rule]) => ({
          address,
          message: `rule "${String(rule.id ?? "")}" expires objects but keeps their noncurrent versions for ever`,
        }));
    }),
};
