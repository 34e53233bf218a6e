import { CognitoResourceServerConfig } from "@cdktf/provider-aws/lib/cognito-resource-server";
import {
  RESOURCE_SERVER_IDENTIFIER,
  RESOURCE_SERVER_NAME,
  RESOURCE_SERVER_SCOPE_COUNT,
  SCOPE_DESCRIPTION,
  SCOPE_NAME,
} from "../../private/limits";
import { countViolationOf, fail, requireLimit, requireUnique, Where } from "../../private/validation";

/** A resource server: an API whose scopes server clients (client credentials) may be granted. */
export interface ResourceServerOptions {
  /** Identifier, usually the API's URL or a short name, e.g. `https://api.example.com` or `uploads`. */
  readonly identifier: string;
  /** Display name. */
  readonly name: string;
  /** The scopes, each named `<identifier>/<name>` in tokens. */
  readonly scopes: { readonly name: string; readonly description: string }[];
}

/** Scope identifiers (`<identifier>/<scope>`) a resource server defines. */
export const scopeIdentifiersOf = (server: ResourceServerOptions) =>
  server.scopes.map((scope) => `${server.identifier}/${scope.name}`);

/** Validates a resource server and returns its `aws_cognito_resource_server` configuration. */
export function resourceServerConfig(
  where: Where,
  prop: string,
  server: ResourceServerOptions,
  userPoolId: string,
): CognitoResourceServerConfig {
  requireLimit(where, `${prop}.identifier`, server.identifier, RESOURCE_SERVER_IDENTIFIER);
  requireLimit(where, `${prop}.name`, server.name, RESOURCE_SERVER_NAME);
  const countProblem = countViolationOf(RESOURCE_SERVER_SCOPE_COUNT, server.scopes.length);
  if (countProblem) fail(where, `${prop}.scopes`, countProblem);
  server.scopes.forEach((scope, index) => {
    requireLimit(where, `${prop}.scopes[${index}].name`, scope.name, SCOPE_NAME);
    requireLimit(where, `${prop}.scopes[${index}].description`, scope.description, SCOPE_DESCRIPTION);
  });
  requireUnique(
    where,
    `${prop}.scopes names`,
    server.scopes.map((scope) => scope.name),
  );
  return {
    userPoolId,
    identifier: server.identifier,
    name: server.name,
    scope: server.scopes.map((scope) => ({ scopeName: scope.name, scopeDescription: scope.description })),
  };
}
