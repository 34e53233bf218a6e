import { CognitoResourceServerConfig } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { requireUnique } from "./sign-in-validation";
import { requireMatch } from "../../private/validation";

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
export const scopeIdentifiersOf = (server: ResourceServerOptions) => server.scopes.map((scope) => `${server.identifier}/${scope.name}`);

/** Validates a resource server and returns its `aws_cognito_resource_server` configuration. */
export function resourceServerConfig(owner: string, prop: string, server: ResourceServerOptions, userPoolId: string): CognitoResourceServerConfig {
  requireMatch(owner, `${prop}.identifier`, server.identifier, /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, "1–256 printable characters without spaces, quotes or backslashes");
  requireMatch(owner, `${prop}.name`, server.name, /^[\w\s+=,.@-]{1,256}$/, "1–256 letters, digits, spaces or +=,.@_-");
  if (server.scopes.length === 0 || server.scopes.length > 100) throw new Error(`${owner}: ${prop}.scopes must list 1 to 100 scopes, got ${server.scopes.length}`);
  server.scopes.forEach((scope, index) => {
    requireMatch(owner, `${prop}.scopes[${index}].name`, scope.name, /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/, "1–256 printable characters without spaces, quotes, '/' or backslashes");
    requireMatch(owner, `${prop}.scopes[${index}].description`, scope.description, /^\S.{0,255}$/s, "1–256 characters");
  });
  requireUnique(owner, `${prop}.scopes names`, server.scopes.map((scope) => scope.name));
  return {
    userPoolId,
    identifier: server.identifier,
    name: server.name,
    scope: server.scopes.map((scope) => ({ scopeName: scope.name, scopeDescription: scope.description })),
  };
}
