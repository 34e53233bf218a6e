import { referenceIn, resourcesOf } from "./lib/terraform";
import { Finding, Rule, TerraformJson, TerraformResource } from "./types";

const AUTHORIZERS_NEEDING_ID = ["COGNITO_USER_POOLS", "CUSTOM"];

/**
 * Mirrors Checkov CKV_AWS_59 and CKV2_AWS_70. Every method but CORS preflight needs an authorizer;
 * an API key is not authentication, so unlike Checkov it does not excuse `authorization = "NONE"`.
 * A preflight (OPTIONS) may go without one only when API Gateway answers it itself (MOCK), so it
 * never reaches code.
 */
export const apiMethodsAuthorized: Rule = {
  id: "CKV_AWS_59",
  aliases: ["CKV2_AWS_70"],
  severity: "H",
  title: "Every API method except a mocked CORS preflight requires an authorizer",
  check: (tf) =>
    resourcesOf(tf, "aws_api_gateway_method").flatMap(([address, method]): Finding[] => {
      const authorization = String(method.authorization ?? "NONE").toUpperCase();
      const httpMethod = String(method.http_method ?? "").toUpperCase();
      if (httpMethod === "OPTIONS" && authorization === "NONE") {
        const integration = integrationOf(tf, address, method);
        return integration && integration.type !== "MOCK"
          ? [
              {
                address,
                message: `the OPTIONS method has no authorizer and reaches a ${String(integration.type)} integration instead of a MOCK`,
              },
            ]
          : [];
      }
      if (authorization === "NONE")
        return [{ address, message: `the ${httpMethod} method has authorization NONE: anyone can call it` }];
      if (AUTHORIZERS_NEEDING_ID.includes(authorization) && !method.authorizer_id) {
        return [{ address, message: `authorization ${authorization} needs an authorizer_id` }];
      }
      return [];
    }),
};

/** The integration of a method: it names the method's http_method by reference, or the same resource and verb. */
function integrationOf(
  tf: TerraformJson,
  methodAddress: string,
  method: TerraformResource,
): TerraformResource | undefined {
  return resourcesOf(tf, "aws_api_gateway_integration")
    .map(([, integration]) => integration)
    .find(
      (integration) =>
        referenceIn(integration.http_method)?.address === methodAddress ||
        (integration.rest_api_id === method.rest_api_id &&
          integration.resource_id === method.resource_id &&
          integration.http_method === method.http_method),
    );
}
