import { bucketCompanions, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** Mirrors Checkov CKV2_AWS_6 (a block exists) and CKV_AWS_53–56 (each of its four settings is on). */
export const publicAccessBlock: Rule = {
  id: "CKV2_AWS_6",
  aliases: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  severity: "H",
  title: "Every bucket has a public access block with all four settings on",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket").flatMap(([bucketAddress]): Finding[] => {
      const blocks = bucketCompanions(tf, "aws_s3_bucket_public_access_block", bucketAddress);
      if (blocks.length === 0)
        return [{ address: bucketAddress, message: "the bucket has no aws_s3_bucket_public_access_block" }];
      return blocks.flatMap(([address, block]) => {
        const off = SETTINGS.filter((setting) => block[setting] !== true);
        return off.length > 0 ? [{ address, message: `not turned on: ${off.join(", ")}` }] : [];
      });
    }),
};
