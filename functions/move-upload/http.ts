import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

/** JSON response with CORS for an allowed origin only: the header echoes the request's origin, never `*`. */
export function jsonResponse(
  event: APIGatewayProxyEvent,
  allowedOrigins: ReadonlySet<string>,
  statusCode: number,
  body: unknown,
): APIGatewayProxyResult {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    Vary: "Origin",
  };
  const origin = headerOf(event, "origin");
  if (origin !== undefined && allowedOrigins.has(origin)) headers["Access-Control-Allow-Origin"] = origin;
  return { statusCode, headers, body: JSON.stringify(body) };
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}
