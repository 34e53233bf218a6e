import type { APIGatewayProxyEvent } from "aws-lambda";

/** The app client the mover's tests allow, as `ALLOWED_CLIENT_IDS`. */
export const CLIENT_ID = "4tq8example3webclient0abcd";
/** A second app client the tests allow, e.g. a mobile app. */
export const MOBILE_CLIENT_ID = "7mob1le2example3client4xyz";
/** An app client of the same user pool that the mover does not serve. */
export const OTHER_CLIENT_ID = "9zz9otherpoolclient8efgh";

export interface MoveEventOptions {
  /** The authorizer's `sub` claim; `null` for a request without claims. */
  readonly sub?: string | null;
  /** The id token's `aud` claim (its app client); `null` to leave it out. @default CLIENT_ID */
  readonly aud?: unknown;
  /** The token's `token_use` claim; `null` to leave it out. @default "id" */
  readonly tokenUse?: string | null;
  /** The raw body; objects are sent as JSON. */
  readonly body?: string | object | null;
  readonly origin?: string;
  readonly headers?: Record<string, string>;
  readonly base64?: boolean;
}

let requestNumber = 0;

/** The event API Gateway (REST, Lambda proxy, Cognito user-pool authorizer) hands the mover for POST /images. */
export function moveEvent({
  sub = "user-a",
  aud = CLIENT_ID,
  tokenUse = "id",
  body = null,
  origin,
  headers = {},
  base64 = false,
}: MoveEventOptions) {
  const claims: Record<string, unknown> = { sub, "cognito:username": sub };
  if (aud !== null) claims.aud = aud;
  if (tokenUse !== null) claims.token_use = tokenUse;
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
      authorizer: sub === null ? undefined : { claims },
    },
  } as unknown as APIGatewayProxyEvent;
}

/** The Lambda context fields the mover reads. */
export const lambdaContext = (awsRequestId = "lambda-request-1") =>
  ({ awsRequestId, functionName: "move-upload" }) as unknown as import("aws-lambda").Context;
