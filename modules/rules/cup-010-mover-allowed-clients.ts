import { blockOf, resourcesOf } from "./lib/terraform";
import { Rule } from "./types";

/**
 * No tool checks this. The API's Cognito authorizer accepts an id token of any app client of the
 * pool; the mover narrows that to the stack's own clients with ALLOWED_CLIENT_IDS. A mover (a
 * function with UPLOAD_PREFIX and IMAGE_PREFIX) without the list refuses every request.
 */
export const moverAllowedClients: Rule = {
  id: "CUP_010",
  aliases: [],
  severity: "H",
  title: "The mover names the app clients whose tokens it serves (ALLOWED_CLIENT_IDS)",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_function")
      .map(
        ([address, body]) =>
          [address, blockOf(body.environment)?.variables as Record<string, unknown> | undefined] as const,
      )
      .filter(([, variables]) => variables?.UPLOAD_PREFIX !== undefined && variables?.IMAGE_PREFIX !== undefined)
      .filter(([, variables]) => String(variables?.ALLOWED_CLIENT_IDS ?? "").replace(/[\s,]/g, "") === "")
      .map(([address]) => ({
        address,
        message:
          "ALLOWED_CLIENT_IDS is unset or empty: the mover cannot tell this stack's app clients from the pool's others",
      })),
};
