import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_115: a cap keeps a flood of requests from using the whole account's concurrency. */
export const lambdaReservedConcurrency: Rule = {
  id: "CKV_AWS_115",
  aliases: [],
  severity: "M",
  title: "Lambda functions reserve (and so cap) their concurrency",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_function")
      .filter(
        ([, fn]) => typeof fn.reserved_concurrent_executions !== "number" || fn.reserved_concurrent_executions < 0,
      )
      .map(([address]) => ({
        address,
        message: "reserved_concurrent_executions is not set (mover.reservedConcurrency)",
      })),
};
