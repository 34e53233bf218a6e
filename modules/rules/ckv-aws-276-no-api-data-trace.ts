import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/** Mirrors Checkov CKV_AWS_276: full request/response logging writes id tokens and bodies into CloudWatch. */
export const noApiDataTrace: Rule = {
  id: "CKV_AWS_276",
  aliases: [],
  severity: "H",
  title: "API method settings do not log full requests and responses (data trace off)",
  check: (tf) =>
    resourcesOf(tf, "aws_api_gateway_method_settings")
      .filter(([, settings]) => blockOf(settings.settings)?.data_trace_enabled === true)
      .map(([address]) => ({
        address,
        message: "data_trace_enabled is true: tokens and bodies end up in the execution logs",
      })),
};
