import { sseAlgorithmsOf } from "./lib/s3";
import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_145: a KMS key adds its own access control and audit trail to the objects. */
export const bucketKmsEncryption: Rule = {
  id: "CKV_AWS_145",
  aliases: [],
  severity: "M",
  title: "Buckets encrypt with a KMS key by default",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket")
      .filter(([address, bucket]) => {
        const algorithms = sseAlgorithmsOf(tf, address, bucket);
        return algorithms.length === 0 || !algorithms.every((algorithm) => algorithm.startsWith("aws:kms"));
      })
      .map(([address]) => ({ address, message: "default encryption is not SSE-KMS (set bucket.kmsKeyArn)" })),
};
