import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { SecuredApi, SecuredApiProps } from "../../../modules/api/secured-api";
import { onlyResource, resourcesOf, synthOf, TerraformJson } from "../../support/synth";

const required: SecuredApiProps = {
  name: "photos",
  userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Example",
  handler: {
    functionName: "photos-move-upload",
    invokeArn:
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:photos-move-upload/invocations",
  },
};
const synthApi = (props: Partial<SecuredApiProps> = {}) =>
  synthOf((stack) => new SecuredApi(stack, "api", { ...required, ...props }));

function methods(tf: TerraformJson) {
  return Object.values(resourcesOf(tf, "aws_api_gateway_method"));
}

describe("SecuredApi", () => {
  describe("by default", () => {
    const { text, tf } = synthApi();

    test("authorizes with the user pool on the Authorization header", () => {
      expect(text).toHaveResourceWithProperties(ApiGatewayAuthorizer, {
        type: "COGNITO_USER_POOLS",
        provider_arns: [required.userPoolArn],
        identity_source: "method.request.header.Authorization",
      });
    });

    test("routes POST /images to the function through the authorizer and a proxy integration", () => {
      expect(onlyResource(tf, "aws_api_gateway_resource").path_part).toBe("images");
      const [post] = methods(tf);
      expect(post).toEqual(expect.objectContaining({ http_method: "POST", authorization: "COGNITO_USER_POOLS" }));
      expect(post.authorizer_id).toMatch(/^\$\{aws_api_gateway_authorizer\.[\w-]+\.id\}$/);
      const integration = onlyResource(tf, "aws_api_gateway_integration");
      expect(integration).toEqual(
        expect.objectContaining({
          type: "AWS_PROXY",
          integration_http_method: "POST",
          uri: required.handler.invokeArn,
        }),
      );
    });

    test("has no unauthenticated method and no CORS without origins", () => {
      expect(methods(tf).filter((m) => m.authorization !== "COGNITO_USER_POOLS")).toEqual([]);
      expect(resourcesOf(tf, "aws_api_gateway_gateway_response")).toEqual({});
    });

    test("redeploys when the API definition changes, replacing the deployment before destroying it", () => {
      const deployment = onlyResource(tf, "aws_api_gateway_deployment");
      expect(deployment.triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[/);
      expect(deployment.triggers.redeployment).toContain("aws_api_gateway_integration.");
      expect(deployment.triggers.redeployment).toContain(".uri");
      expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
      expect(deployment.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_api_gateway_method\./),
          expect.stringMatching(/^aws_api_gateway_integration\./),
        ]),
      );
    });

    test("writes JSON access logs to a log group kept for a year, with tracing", () => {
      const stage = onlyResource(tf, "aws_api_gateway_stage");
      expect(stage.stage_name).toBe("v1");
      expect(stage.xray_tracing_enabled).toBe(true);
      expect(stage.access_log_settings.destination_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}$/);
      const format = JSON.parse(stage.access_log_settings.format);
      expect(format).toEqual(
        expect.objectContaining({
          requestId: "$context.requestId",
          status: "$context.status",
          sub: "$context.authorizer.claims.sub",
        }),
      );
      expect(onlyResource(tf, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
    });

    test("throttles the stage and never logs full requests", () => {
      const { settings, method_path } = onlyResource(tf, "aws_api_gateway_method_settings");
      expect(method_path).toBe("*/*");
      expect(settings).toEqual(
        expect.objectContaining({
          throttling_rate_limit: 50,
          throttling_burst_limit: 100,
          data_trace_enabled: false,
          metrics_enabled: true,
        }),
      );
    });

    test("lets only this API's stage invoke the function on POST /images", () => {
      const permission = onlyResource(tf, "aws_lambda_permission");
      expect(permission).toEqual(
        expect.objectContaining({
          action: "lambda:InvokeFunction",
          principal: "apigateway.amazonaws.com",
          function_name: "photos-move-upload",
        }),
      );
      expect(permission.source_arn).toMatch(
        /^\$\{aws_api_gateway_rest_api\.[\w-]+\.execution_arn\}\/\$\{aws_api_gateway_stage\.[\w-]+\.stage_name\}\/POST\/images$/,
      );
    });

    test("leaves the account-wide logging role to the estate", () => {
      expect(resourcesOf(tf, "aws_api_gateway_account")).toEqual({});
      expect(resourcesOf(tf, "aws_iam_role")).toEqual({});
    });
  });

  describe("with one allowed origin", () => {
    const { tf } = synthApi({ allowedOrigins: ["https://app.example.com"] });

    test("answers preflight requests without authorization, naming the origin", () => {
      const options = methods(tf).find((m) => m.http_method === "OPTIONS");
      expect(options?.authorization).toBe("NONE");
      const response = onlyResource(tf, "aws_api_gateway_integration_response");
      expect(response.response_parameters["method.response.header.Access-Control-Allow-Origin"]).toBe(
        "'https://app.example.com'",
      );
      expect(response.response_parameters["method.response.header.Access-Control-Allow-Headers"]).toBe(
        "'Authorization,Content-Type'",
      );
    });

    test("adds CORS headers to gateway 4XX and 5XX responses so a browser sees a 401", () => {
      const responses = Object.values(resourcesOf(tf, "aws_api_gateway_gateway_response"));
      expect(responses.map((r) => r.response_type).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
      for (const response of responses) {
        expect(response.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"]).toBe(
          "'https://app.example.com'",
        );
      }
    });

    test("protects every other method with the authorizer", () => {
      expect(
        methods(tf)
          .filter((m) => m.http_method !== "OPTIONS")
          .every((m) => m.authorization === "COGNITO_USER_POOLS"),
      ).toBe(true);
    });
  });

  test("echoes only listed origins on preflight when there are several", () => {
    const { tf } = synthApi({ allowedOrigins: ["https://a.example.com", "https://b.example.com"] });
    const response = onlyResource(tf, "aws_api_gateway_integration_response");
    expect(response.response_parameters["method.response.header.Access-Control-Allow-Origin"]).toBeUndefined();
    const template: string = response.response_templates["application/json"];
    expect(template).toContain('#if($origin == "https://a.example.com" || $origin == "https://b.example.com")');
    expect(template).toContain("#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)");
  });

  test("creates the account logging role only when asked", () => {
    const { tf } = synthApi({ manageAccountLoggingRole: true });
    expect(onlyResource(tf, "aws_api_gateway_account").cloudwatch_role_arn).toMatch(
      /^\$\{aws_iam_role\.[\w-]+\.arn\}$/,
    );
    expect(onlyResource(tf, "aws_api_gateway_stage").depends_on).toEqual([
      expect.stringMatching(/^aws_api_gateway_account\./),
    ]);
  });

  describe("rejects invalid props, naming the prop", () => {
    test.each<[string, Partial<SecuredApiProps>, RegExp]>([
      ["a wildcard origin", { allowedOrigins: ["*"] }, /test\/api: allowedOrigins must not contain "\*"/],
      [
        "an origin with a path",
        { allowedOrigins: ["https://app.example.com/app"] },
        /allowedOrigins entries must be origins/,
      ],
      ["a zero rate limit", { throttleRateLimit: 0 }, /throttleRateLimit must be a whole number from 1 to 10000/],
      [
        "a burst over the API Gateway maximum",
        { throttleBurstLimit: 5001 },
        /throttleBurstLimit must be a whole number from 1 to 5000/,
      ],
      [
        "a retention CloudWatch does not offer",
        { accessLogRetentionDays: 10 },
        /accessLogRetentionDays must be one of CloudWatch's retention values: 1, 3, 5, .*, got 10/,
      ],
      ["a stage name with a slash", { stageName: "v1/beta" }, /stageName must be 1–128 letters/],
    ])("%s", (_, props, message) => {
      expect(() => synthApi(props)).toThrow(message);
    });
  });
});
