import { sseAlgorithmsOf } from "./lib/s3";
import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** Mirrors Checkov CKV_AWS_19: default server-side encryption is set explicitly on every bucket. */
export const bucketEncryption: Rule = {
  id: "CKV_AWS_19",
  aliases: [],
  severity: "H",
  title: "Buckets set default server-side encryption",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket")
      .filter(([address, bucket]) => {
        const algorithms = sseAlgorithmsOf(tf, address, bucket);
        return algorithms.length === 0 || !algorithms.every((algorithm) => ALGORITHMS.includes(algorithm));
      })
      .map(([address]) => ({ address, message: "no server-side encryption configuration with AES256 or aws:kms" })),
};
