import { referenceIn, referencesIn, resourcesOf } from "./lib/terraform";
import { Finding, Rule, TerraformResource } from "./types";

const API_TYPES = ["aws_api_gateway_rest_api", "aws_apigatewayv2_api"];

/**
 * Mirrors Checkov CKV_AWS_364: a permission for an AWS service must say which resource (or
 * account) may invoke, or any API, bucket or topic of any account could. For API Gateway we ask for
 * more: the `source_arn` is built from this configuration's API (`execution_arn`), or from a
 * literal execute-api ARN with a real API id.
 */
export const lambdaPermissionSource: Rule = {
  id: "CKV_AWS_364",
  aliases: [],
  severity: "H",
  title: "Lambda permissions for AWS services are limited to a source ARN (this API for API Gateway)",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_permission").flatMap(([address, permission]): Finding[] => {
      const principal = String(permission.principal ?? "");
      if (principal === "*") return [{ address, message: "the permission lets any principal invoke the function" }];
      if (!principal.endsWith(".amazonaws.com")) return [];
      if (principal === "apigateway.amazonaws.com") return apiGatewaySourceProblems(address, permission);
      return permission.source_arn || permission.source_account
        ? []
        : [
            {
              address,
              message: `${principal} may invoke the function from any resource: set source_arn (or source_account)`,
            },
          ];
    }),
};

function apiGatewaySourceProblems(address: string, permission: TerraformResource): Finding[] {
  const source = permission.source_arn;
  if (typeof source !== "string" || source === "") {
    return [
      {
        address,
        message: "API Gateway may invoke the function from any API: set source_arn to this API's execution_arn",
      },
    ];
  }
  const fromThisApi =
    referencesIn(source).some(
      (reference) => API_TYPES.includes(reference.type) && reference.attribute === "execution_arn",
    ) && source.startsWith("${");
  const literalApiId = /^arn:aws[a-z-]*:execute-api:[^:]+:\d{12}:([^/*]+)\//.exec(source);
  if (fromThisApi || literalApiId) return [];
  const reference = referenceIn(source);
  return [
    {
      address,
      message: `source_arn ${reference ? `references ${reference.address}` : `"${source}"`}, not an API of this configuration`,
    },
  ];
}
