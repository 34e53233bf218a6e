import { blockOf, blocksOf, resourcesOf } from "./lib/terraform";
import { Finding, Rule, TerraformJson } from "./types";

/** `*`, or a scheme with any host (`https://*`). A wildcard below a named domain (`https://*.example.com`) is scoped and passes. */
const isAnyOrigin = (origin: string) => /^\s*(\*|https?:\/\/\*)\s*$/.test(origin);
const ALLOW_ORIGIN = /\.header\.Access-Control-Allow-Origin$/i;
const ALLOW_CREDENTIALS = /\.header\.Access-Control-Allow-Credentials$/i;

/**
 * No tool checks this. Browsers may call the bucket and the API from the configured origins only:
 * no `*` in S3 CORS rules, API Gateway CORS headers, HTTP API CORS or the mover's ALLOWED_ORIGINS.
 * Echoing the request's Origin (as gateway error responses do with several origins) is accepted
 * only without `Access-Control-Allow-Credentials`, since then a page elsewhere can read error
 * bodies at most, never a user's data. Any other request value (a header, query string or path
 * parameter) echoed as the allowed origin is under the caller's control just the same.
 */
export const corsWithoutWildcard: Rule = {
  id: "CUP_005",
  aliases: [],
  severity: "H",
  title: 'CORS allows named origins only, never "*"',
  check: (tf) => [...bucketCors(tf), ...apiGatewayCors(tf), ...lambdaOrigins(tf)],
};

function bucketCors(tf: TerraformJson): Finding[] {
  const rules = [
    ...resourcesOf(tf, "aws_s3_bucket_cors_configuration").flatMap(([address, body]) =>
      blocksOf(body.cors_rule).map((rule): [string, Record<string, unknown>] => [address, rule]),
    ),
    ...resourcesOf(tf, "aws_s3_bucket").flatMap(([address, body]) =>
      blocksOf(body.cors_rule).map((rule): [string, Record<string, unknown>] => [address, rule]),
    ),
  ];
  return rules
    .filter(([, rule]) =>
      ((rule.allowed_origins as unknown[] | undefined) ?? []).some((origin) => isAnyOrigin(String(origin))),
    )
    .map(([address]) => ({ address, message: "a CORS rule allows every origin" }));
}

function apiGatewayCors(tf: TerraformJson): Finding[] {
  const responses = [
    ...resourcesOf(tf, "aws_api_gateway_integration_response"),
    ...resourcesOf(tf, "aws_api_gateway_gateway_response"),
    ...resourcesOf(tf, "aws_api_gateway_method_response"),
  ];
  const rest = responses.flatMap(([address, body]): Finding[] => {
    const parameters = Object.entries((body.response_parameters ?? {}) as Record<string, unknown>);
    const origin = parameters.find(([name]) => ALLOW_ORIGIN.test(name))?.[1];
    if (typeof origin !== "string") return [];
    if (isAnyOrigin(origin.replace(/^'|'$/g, ""))) return [{ address, message: "Access-Control-Allow-Origin is '*'" }];
    const echoed = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/i.exec(
      origin,
    );
    const credentials = parameters.some(
      ([name, value]) => ALLOW_CREDENTIALS.test(name) && String(value).replace(/'/g, "") === "true",
    );
    if (!echoed || !credentials) return [];
    const what = /^header\.Origin$/i.test(`${echoed[1]}.${echoed[2]}`)
      ? "any request Origin"
      : `the request's ${echoed[1]} ${echoed[2]} as the origin`;
    return [{ address, message: `echoes ${what} together with Access-Control-Allow-Credentials: true` }];
  });
  const http = resourcesOf(tf, "aws_apigatewayv2_api")
    .filter(([, api]) =>
      ((blockOf(api.cors_configuration)?.allow_origins as unknown[] | undefined) ?? []).some((o) =>
        isAnyOrigin(String(o)),
      ),
    )
    .map(([address]) => ({ address, message: "cors_configuration allows every origin" }));
  return [...rest, ...http];
}

function lambdaOrigins(tf: TerraformJson): Finding[] {
  return resourcesOf(tf, "aws_lambda_function")
    .filter(([, fn]) => {
      const origins = (blockOf(fn.environment)?.variables as Record<string, unknown> | undefined)?.ALLOWED_ORIGINS;
      return typeof origins === "string" && origins.split(",").some(isAnyOrigin);
    })
    .map(([address]) => ({ address, message: "ALLOWED_ORIGINS lets every origin read the function's responses" }));
}
