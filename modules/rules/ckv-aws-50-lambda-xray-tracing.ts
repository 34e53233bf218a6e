import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_50. */
export const lambdaXrayTracing: Rule = {
  id: "CKV_AWS_50",
  aliases: [],
  severity: "M",
  title: "Lambda functions record X-Ray traces (tracing mode Active)",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_function")
      .filter(([, fn]) => blockOf(fn.tracing_config)?.mode !== "Active")
      .map(([address]) => ({ address, message: "tracing_config.mode is not Active" })),
};
