import type { APIGatewayProxyEvent } from "aws-lambda";

export interface MoveEventOptions {
  /** The authorizer's `sub` claim; `null` for a request without claims. */
  readonly sub?: string | null;
  /** The raw body; objects are sent as JSON. */
  readonly body?: string | object | null;
  readonly origin?: string;
  readonly headers?: Record<string, string>;
  readonly base64?: boolean;
}

let requestNumber = 0;

/** The event API Gateway (REST, Lambda proxy, Cognito user-pool authorizer) hands the mover for POST /images. */
export function moveEvent({ sub = "user-a", body = null, origin, headers = {}, base64 = false }: MoveEventOptions) {
  const raw = body === null ? null : typeof body === "string" ? body : JSON.stringify(body);
  requestNumber += 1;
  return {
    resource: "/images",
    path: "/images",
    httpMethod: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}), ...headers },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: raw !== null && base64 ? Buffer.from(raw).toString("base64") : raw,
    isBase64Encoded: base64,
    requestContext: {
      requestId: `api-request-${requestNumber}`,
      httpMethod: "POST",
      path: "/prod/images",
      stage: "prod",
      resourcePath: "/images",
      authorizer: sub === null ? undefined : { claims: { sub, "cognito:username": sub, token_use: "id" } },
    },
  } as unknown as APIGatewayProxyEvent;
}

/** The Lambda context fields the mover reads. */
export const lambdaContext = (awsRequestId = "lambda-request-1") =>
  ({ awsRequestId, functionName: "move-upload" }) as unknown as import("aws-lambda").Context;
