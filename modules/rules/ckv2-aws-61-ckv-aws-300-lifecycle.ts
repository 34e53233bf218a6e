import { blockOf, resourcesOf } from "./lib/terraform";
import { coversWholeBucket, isEnabled, lifecycleRulesOf } from "./lib/s3";
import { Finding, Rule } from "./types";

/**
 * Mirrors Checkov CKV2_AWS_61 (a lifecycle configuration) and CKV_AWS_300 (incomplete multipart
 * uploads are aborted). Abandoned uploads are invisible in listings but billed, so the abort rule
 * must cover the whole bucket.
 */
export const lifecycle: Rule = {
  id: "CKV2_AWS_61",
  aliases: ["CKV_AWS_300"],
  severity: "H",
  title: "Buckets have an enabled lifecycle that aborts incomplete multipart uploads bucket-wide",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket").flatMap(([bucketAddress]): Finding[] => {
      const rules = lifecycleRulesOf(tf, bucketAddress).filter(([, rule]) => isEnabled(rule));
      if (rules.length === 0)
        return [
          { address: bucketAddress, message: "no enabled lifecycle rule (aws_s3_bucket_lifecycle_configuration)" },
        ];
      const aborts = rules.some(
        ([, rule]) =>
          coversWholeBucket(rule) &&
          Number(blockOf(rule.abort_incomplete_multipart_upload)?.days_after_initiation) >= 1,
      );
      return aborts
        ? []
        : [
            {
              address: rules[0][0],
              message: "no enabled rule aborts incomplete multipart uploads across the whole bucket",
            },
          ];
    }),
};
