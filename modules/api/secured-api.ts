import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayIntegrationResponse } from "@cdktf/provider-aws/lib/api-gateway-integration-response";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodResponse } from "@cdktf/provider-aws/lib/api-gateway-method-response";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Fn, ITerraformDependable, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { permissionsBoundary, policyDocument, renderPolicy, RoleRef } from "../private/iam";
import { nameWithout } from "../private/names";
import { isSingleOrigin, joinOrigins, originCondition } from "./private/origins";
import {
  API_NAME,
  EXECUTION_ARN,
  LOG_RETENTION,
  ORIGIN,
  REST_API_ID,
  REST_RESOURCE_ID,
  STAGE_NAME,
  THROTTLE_BURST_LIMIT,
  THROTTLE_RATE_LIMIT,
} from "../private/limits";
import { fail, requireEach, requireLimit } from "../private/validation";

/** The Lambda function behind the route. */
export interface ApiHandlerRef {
  /** Name of the function, for the invoke permission. */
  readonly functionName: string;
  /** Invoke ARN of the function (`aws_lambda_function.invoke_arn`). */
  readonly invokeArn: string;
}

/** A REST API the estate already manages, to add `POST /images` (and a stage) to. */
export interface ExistingRestApiRef {
  /** Id of the REST API. */
  readonly restApiId: string;
  /** Id of its root resource (`/`). */
  readonly rootResourceId: string;
  /** Its execution ARN, `arn:aws:execute-api:<region>:<account>:<id>`, which scopes the invoke permission. */
  readonly executionArn: string;
}

/** Properties of {@link SecuredApi}. */
export interface SecuredApiProps {
  /** Name of the REST API. */
  readonly name: string;
  /** ARN of the user pool whose id tokens the authorizer accepts. */
  readonly userPoolArn: string;
  /** Function that handles `POST /images` through a Lambda proxy integration. */
  readonly handler: ApiHandlerRef;
  /** Origins a browser may call the API from. @default - none: no CORS headers, no OPTIONS method */
  readonly allowedOrigins?: string[];
  /** Name of the stage, the first path segment of the URL. @default "v1" */
  readonly stageName?: string;
  /** Steady-state requests per second across the stage (1–10000). @default 50 */
  readonly throttleRateLimit?: number;
  /** Burst of requests the stage absorbs above the steady rate (1–5000). @default 100 */
  readonly throttleBurstLimit?: number;
  /** Days the access logs are kept; one of CloudWatch's retention values. @default 365 */
  readonly accessLogRetentionDays?: number;
  /**
   * Create the account-wide role API Gateway uses to write logs (`aws_api_gateway_account`).
   * It is one per account and region: leave it off where an estate already manages it.
   * @default false
   */
  readonly manageAccountLoggingRole?: boolean;
  /** Record X-Ray traces at the stage. @default true */
  readonly tracing?: boolean;
  /**
   * Add the route, authorizer and a stage to an existing REST API instead of creating one. Its
   * gateway responses stay the estate's: add the CORS headers to DEFAULT_4XX/5XX there.
   * @default - a new REST API
   */
  readonly existingRestApi?: ExistingRestApiRef;
  /** Tags for the API, stage and log group. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds the account logging role (its permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

const ROUTE = "images";

/** One JSON line per request; never headers or bodies, which carry tokens. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  responseLength: "$context.responseLength",
  sub: "$context.authorizer.claims.sub",
  authorizerError: "$context.authorizer.error",
  integrationError: "$context.integration.error",
  latencyMs: "$context.responseLatency",
});

/**
 * A REST API whose every route except CORS preflight requires a user-pool id token in the
 * `Authorization` header, with `POST /images` proxied to a Lambda function, a throttled stage with
 * access logs, and CORS headers on gateway errors so that a browser can see a 401.
 */
export class SecuredApi extends Construct {
  /** The REST API, when this construct created it. */
  public readonly restApi?: ApiGatewayRestApi;
  public readonly stage: ApiGatewayStage;
  /** Base URL of the stage, e.g. `https://abc123.execute-api.us-east-1.amazonaws.com/v1`. */
  public readonly url: string;
  /** URL of `POST /images`. */
  public readonly imagesUrl: string;
  /** The role API Gateway writes logs with; undefined unless `manageAccountLoggingRole`. */
  public readonly accountLoggingRole?: RoleRef;

  constructor(scope: Construct, id: string, props: SecuredApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? "v1";
    const rateLimit = props.throttleRateLimit ?? 50;
    const burstLimit = props.throttleBurstLimit ?? 100;
    const retentionDays = props.accessLogRetentionDays ?? 365;
    const origins = props.allowedOrigins ?? [];

    requireLimit(this, "name", props.name, API_NAME);
    requireLimit(this, "stageName", stageName, STAGE_NAME);
    requireLimit(this, "throttleRateLimit", rateLimit, THROTTLE_RATE_LIMIT);
    requireLimit(this, "throttleBurstLimit", burstLimit, THROTTLE_BURST_LIMIT);
    requireLimit(this, "accessLogRetentionDays", retentionDays, LOG_RETENTION);
    if (origins.includes("*")) fail(this, "allowedOrigins", 'must not contain "*": list the origins of the web app');
    requireEach(this, "allowedOrigins", origins, ORIGIN);
    if (props.existingRestApi) {
      requireLimit(this, "existingRestApi.restApiId", props.existingRestApi.restApiId, REST_API_ID);
      requireLimit(this, "existingRestApi.rootResourceId", props.existingRestApi.rootResourceId, REST_RESOURCE_ID);
      requireLimit(this, "existingRestApi.executionArn", props.existingRestApi.executionArn, EXECUTION_ARN);
    }
    const boundary = permissionsBoundary(this, props.permissionsBoundaryArn);

    if (!props.existingRestApi) {
      this.restApi = new ApiGatewayRestApi(this, "api", {
        name: props.name,
        description: "Image uploads: moves a signed-in user's upload to their image folder",
        endpointConfiguration: { types: ["REGIONAL"] },
        tags: props.tags,
      });
    }
    const restApiId = this.restApi?.id ?? props.existingRestApi!.restApiId;
    const rootResourceId = this.restApi?.rootResourceId ?? props.existingRestApi!.rootResourceId;
    const executionArn = this.restApi?.executionArn ?? props.existingRestApi!.executionArn;

    const authorizer = new ApiGatewayAuthorizer(this, "authorizer", {
      restApiId,
      name: "cognito-user-pool",
      type: "COGNITO_USER_POOLS",
      providerArns: [props.userPoolArn],
      identitySource: "method.request.header.Authorization",
    });

    const resource = new ApiGatewayResource(this, "images", {
      restApiId,
      parentId: rootResourceId,
      pathPart: ROUTE,
    });

    const post = new ApiGatewayMethod(this, "post-images", {
      restApiId,
      resourceId: resource.id,
      httpMethod: "POST",
      authorization: "COGNITO_USER_POOLS",
      authorizerId: authorizer.id,
    });
    const postIntegration = new ApiGatewayIntegration(this, "post-images-integration", {
      restApiId,
      resourceId: resource.id,
      httpMethod: post.httpMethod,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: props.handler.invokeArn,
    });

    const definition: ITerraformDependable[] = [post, postIntegration];
    const fingerprint: string[] = [
      resource.id,
      resource.pathPart,
      post.id,
      post.authorization,
      post.authorizerId,
      postIntegration.id,
      postIntegration.uri,
    ];
    if (origins.length > 0) {
      const preflight = this.corsPreflight(restApiId, resource.id, origins);
      definition.push(...preflight);
      fingerprint.push(...preflight.map((r) => r.getStringAttribute("id")), joinOrigins(origins));
      const gatewayResponses = props.existingRestApi
        ? []
        : [
            ["DEFAULT_4XX", "cors-4xx"],
            ["DEFAULT_5XX", "cors-5xx"],
          ];
      for (const [type, responseId] of gatewayResponses) {
        const response = new ApiGatewayGatewayResponse(this, responseId, {
          restApiId,
          responseType: type,
          responseParameters: gatewayCorsHeaders(origins),
        });
        definition.push(response);
        fingerprint.push(response.id);
      }
    }

    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId,
      description: "Managed by cdktf-cognito-uploads",
      // A deployment is a snapshot: without a new one when a method or integration changes, the stage serves the old API.
      triggers: { redeployment: Fn.sha1(Fn.jsonencode(fingerprint)) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: definition,
    });

    const accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${props.name}/${stageName}/access`,
      retentionInDays: retentionDays,
      tags: props.tags,
    });

    const logging = props.manageAccountLoggingRole ? this.manageAccountLogging(props.name, boundary) : undefined;
    this.accountLoggingRole = logging?.role;
    const account = logging?.account;

    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId,
      stageName,
      deploymentId: deployment.id,
      xrayTracingEnabled: props.tracing !== false,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      tags: props.tags,
      dependsOn: account ? [account] : undefined,
    });

    new ApiGatewayMethodSettings(this, "stage-settings", {
      restApiId,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: rateLimit,
        throttlingBurstLimit: burstLimit,
        metricsEnabled: true,
        loggingLevel: "ERROR",
        // Full request/response logging would write id tokens and bodies into CloudWatch.
        dataTraceEnabled: false,
      },
    });

    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowInvokeFromSecuredApi",
      action: "lambda:InvokeFunction",
      functionName: props.handler.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${executionArn}/${this.stage.stageName}/POST/${ROUTE}`,
    });

    this.url = this.stage.invokeUrl;
    this.imagesUrl = `${this.stage.invokeUrl}/${ROUTE}`;
  }

  /** OPTIONS answered by API Gateway itself, echoing the request's origin only when it is allowed. */
  private corsPreflight(restApiId: string, resourceId: string, origins: string[]): TerraformResource[] {
    const options = new ApiGatewayMethod(this, "options-images", {
      restApiId,
      resourceId,
      httpMethod: "OPTIONS",
      // Browsers send preflight requests without credentials; they carry no data and reach no code.
      authorization: "NONE",
    });
    const integration = new ApiGatewayIntegration(this, "options-images-integration", {
      restApiId,
      resourceId,
      httpMethod: options.httpMethod,
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode": 204}' },
    });
    const methodResponse = new ApiGatewayMethodResponse(this, "options-images-response", {
      restApiId,
      resourceId,
      httpMethod: options.httpMethod,
      statusCode: "204",
      responseParameters: {
        "method.response.header.Access-Control-Allow-Origin": true,
        "method.response.header.Access-Control-Allow-Headers": true,
        "method.response.header.Access-Control-Allow-Methods": true,
        "method.response.header.Access-Control-Max-Age": true,
        "method.response.header.Vary": true,
      },
    });
    const single = isSingleOrigin(origins);
    const integrationResponse = new ApiGatewayIntegrationResponse(this, "options-images-integration-response", {
      restApiId,
      resourceId,
      httpMethod: options.httpMethod,
      statusCode: methodResponse.statusCode,
      responseParameters: {
        // With several origins the template below sets the header; a static default would allow the first one everywhere.
        ...(single ? { "method.response.header.Access-Control-Allow-Origin": `'${origins[0]}'` } : {}),
        "method.response.header.Access-Control-Allow-Headers": "'Authorization,Content-Type'",
        "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,POST'",
        "method.response.header.Access-Control-Max-Age": "'600'",
        "method.response.header.Vary": "'Origin'",
      },
      responseTemplates: single ? undefined : { "application/json": originEchoTemplate(origins) },
      dependsOn: [integration],
    });
    return [options, integration, methodResponse, integrationResponse];
  }

  private manageAccountLogging(
    apiName: string,
    boundary: string | undefined,
  ): { account: ApiGatewayAccount; role: RoleRef } {
    const role = new IamRole(this, "account-logging-role", {
      name: `${nameWithout(apiName, String.raw`[^\w+=,.@-]`)}-apigw-logs`,
      assumeRolePolicy: renderPolicy(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "apigateway.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      ),
      permissionsBoundary: boundary,
    });
    new IamRolePolicyAttachment(this, "account-logging-policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    });
    const account = new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: role.arn });
    return { account, role: { roleName: role.name, roleArn: role.arn } };
  }
}

/** Mapping template that answers a preflight with the caller's origin only when it is in the list. */
function originEchoTemplate(origins: string[]): string {
  const condition = originCondition(origins);
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    `#if(${condition})`,
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
    "#end",
  ].join("\n");
}

/**
 * CORS headers on API Gateway's own error responses (e.g. a 401 from the authorizer), so the
 * browser can read the status. Gateway responses cannot branch on the origin: with one origin it is
 * named; with several the request's origin is echoed, which only exposes gateway error bodies
 * (no data, and no credentials are allowed with them).
 */
function gatewayCorsHeaders(origins: string[]): Record<string, string> {
  return {
    "gatewayresponse.header.Access-Control-Allow-Origin": isSingleOrigin(origins)
      ? `'${origins[0]}'`
      : "method.request.header.Origin",
    "gatewayresponse.header.Access-Control-Allow-Headers": "'Authorization,Content-Type'",
    "gatewayresponse.header.Vary": "'Origin'",
  };
}
