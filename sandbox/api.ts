import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { listen, readBody, send, type LocalServer } from "./http";
import type { LocalFunction } from "./mover";
import type { StackFacts } from "./stack-facts";
import type { TokenVerifiers } from "./tokens";

/** API Gateway's limit on a REST request's payload. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The stack's REST API on 127.0.0.1: `POST /<stage>/images` and its preflight. */
export interface LocalApi extends LocalServer {
  /** Base URL of the stage, like the `apiUrl` output. */
  readonly stageUrl: string;
}

/**
 * Serves the synthesized REST API as API Gateway would: the preflight answered by the mock integration's headers,
 * `POST /images` authorized like the COGNITO_USER_POOLS authorizer (signature, issuer, expiry of an id or access token
 * of the pool, with aws-jwt-verify), then handed to the mover as a Lambda proxy event with the token's claims. The
 * gateway's own answers (401, 403, 413, 502) carry the synthesized gateway-response headers.
 */
export async function startApi(
  facts: StackFacts,
  verifiers: TokenVerifiers,
  mover: LocalFunction,
  port = 0,
): Promise<LocalApi> {
  const { stageName, preflightHeaders, preflightStatus, gatewayResponseHeaders } = facts.api;
  const apiId = "sandbox000";
  const gateway = (response: ServerResponse, status: number, message: string, extra: Record<string, string> = {}) =>
    send(
      response,
      status,
      {
        ...(status >= 500 ? gatewayResponseHeaders.DEFAULT_5XX : gatewayResponseHeaders.DEFAULT_4XX),
        "Content-Type": "application/json",
        ...(extra.errorType ? { "x-amzn-ErrorType": extra.errorType } : {}),
        "x-amzn-RequestId": randomUUID(),
      },
      JSON.stringify({ message }),
    );

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const [path, query = ""] = (request.url ?? "/").split(/\?(.*)/s);
    if (path !== `/${stageName}/images`)
      return gateway(response, 403, "Missing Authentication Token", {
        errorType: "MissingAuthenticationTokenException",
      });
    if (request.method === "OPTIONS") return send(response, preflightStatus, preflightHeaders);
    if (request.method !== "POST")
      return gateway(response, 403, "Missing Authentication Token", {
        errorType: "MissingAuthenticationTokenException",
      });

    const token = request.headers.authorization;
    if (!token) return gateway(response, 401, "Unauthorized", { errorType: "UnauthorizedException" });
    let claims: Record<string, unknown>;
    try {
      claims = (await verifiers.anyClient(token)) as Record<string, unknown>;
    } catch (error) {
      const expired = /expired/i.test((error as Error).message);
      return gateway(response, 401, expired ? "The incoming token has expired" : "Unauthorized", {
        errorType: "UnauthorizedException",
      });
    }
    const body = await readBody(request, MAX_PAYLOAD_BYTES);
    if (!body) return gateway(response, 413, "Request Too Long");

    const requestId = randomUUID();
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const [name, value] = [request.rawHeaders[i], request.rawHeaders[i + 1]];
      headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
      multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
    }
    const params = new URLSearchParams(query);
    const queryStringParameters = [...params.keys()].length > 0 ? Object.fromEntries(params) : null;
    const event = {
      resource: "/images",
      path: "/images",
      httpMethod: "POST",
      headers,
      multiValueHeaders,
      queryStringParameters,
      multiValueQueryStringParameters: queryStringParameters
        ? Object.fromEntries([...params.keys()].map((k) => [k, params.getAll(k)]))
        : null,
      pathParameters: null,
      stageVariables: null,
      body: body.length > 0 ? body.toString("utf8") : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: facts.access.values.account,
        apiId,
        resourceId: "images",
        stage: stageName,
        requestId,
        extendedRequestId: requestId,
        requestTime: new Date().toUTCString(),
        requestTimeEpoch: Date.now(),
        path: `/${stageName}/images`,
        resourcePath: "/images",
        httpMethod: "POST",
        protocol: "HTTP/1.1",
        domainName: request.headers.host ?? "127.0.0.1",
        identity: {
          sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
          userAgent: request.headers["user-agent"] ?? null,
        },
        authorizer: { claims: authorizerClaims(claims) },
      },
    } as unknown as APIGatewayProxyEvent;

    let result: APIGatewayProxyResult;
    try {
      result = await mover.invoke(event);
    } catch {
      return gateway(response, 502, "Internal server error");
    }
    const out: Record<string, string | string[]> = { "x-amzn-RequestId": requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) out[name] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) out[name] = values.map(String);
    const payload = result.isBase64Encoded
      ? Buffer.from(result.body ?? "", "base64")
      : Buffer.from(result.body ?? "", "utf8");
    response.writeHead(result.statusCode, { ...out, "Content-Length": String(payload.length) });
    response.end(payload);
  };

  const server = await listen((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) gateway(response, 500, "Internal server error");
      else response.destroy();
    });
  }, port);
  return { ...server, stageUrl: `${server.url}/${stageName}` };
}

/**
 * The claims as API Gateway hands them to a proxy integration: every value a string, lists in brackets, and the
 * time claims `exp` and `iat` as dates in Java's `toString` form.
 */
export function authorizerClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if ((name === "exp" || name === "iat") && typeof value === "number")
        return [name, javaDate(new Date(value * 1000))];
      if (Array.isArray(value)) return [name, `[${value.join(", ")}]`];
      return [name, String(value)];
    }),
  );
}

function javaDate(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
}
