import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_76: without access logs nobody can tell who called the API. */
export const apiAccessLogs: Rule = {
  id: "CKV_AWS_76",
  aliases: [],
  severity: "H",
  title: "API stages write access logs",
  check: (tf) =>
    resourcesOf(tf, "aws_api_gateway_stage")
      .filter(([, stage]) => {
        const settings = blockOf(stage.access_log_settings);
        return !settings?.destination_arn || !settings.format;
      })
      .map(([address]) => ({ address, message: "access_log_settings with a destination_arn and a format is missing" })),
};
