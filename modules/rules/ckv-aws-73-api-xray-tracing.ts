import { resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_73: traces show where a failed upload stopped. */
export const apiXrayTracing: Rule = {
  id: "CKV_AWS_73",
  aliases: [],
  severity: "M",
  title: "API stages record X-Ray traces",
  check: (tf) =>
    resourcesOf(tf, "aws_api_gateway_stage")
      .filter(([, stage]) => stage.xray_tracing_enabled !== true)
      .map(([address]) => ({ address, message: "xray_tracing_enabled is not true" })),
};
