// A minimal local stand-in for Amazon Cognito Identity: no emulator of identity pools exists. It answers the two calls
// of the enhanced (simplified) flow that browsers make, GetId and GetCredentialsForIdentity, as the synthesized identity
// pool would, and nothing else.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decide } from "./iam/simulate";
import { listen, readBody, send, type LocalServer } from "./http";
import type { SessionStore } from "./sessions";
import type { StackFacts } from "./stack-facts";
import type { TokenVerifiers } from "./tokens";

/** Session name of identity-pool credentials, as Cognito names its AssumeRoleWithWebIdentity sessions. */
export const IDENTITY_SESSION_NAME = "CognitoIdentityCredentials";

class IdentityError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Serves GetId and GetCredentialsForIdentity on 127.0.0.1 for the synthesized identity pool. */
export async function startIdentityPool(
  facts: StackFacts,
  verifiers: TokenVerifiers,
  sessions: SessionStore,
  port = 0,
): Promise<LocalServer> {
  const { identityPool, region } = facts;
  /** Identity id → the provider and subject it was created for. */
  const identities = new Map<string, { provider: string; sub: string }>();

  /** The one login of a request, verified: an id token of a client the pool lists for its provider. */
  const verifiedLogin = async (logins: unknown) => {
    const entries = Object.entries((logins ?? {}) as Record<string, unknown>);
    if (entries.length === 0) {
      if (!identityPool.allowUnauthenticated)
        throw new IdentityError(
          "NotAuthorizedException",
          "Unauthenticated access is not supported for this identity pool.",
        );
      throw new IdentityError("InvalidParameterException", "The sandbox does not issue guest credentials.");
    }
    if (entries.length > 1)
      throw new IdentityError("InvalidParameterException", "The sandbox accepts one login per request.");
    const [[provider, token]] = entries;
    const clients = identityPool.providers.get(provider);
    if (!clients)
      throw new IdentityError("NotAuthorizedException", `Invalid login token. Issuer doesn't match providerName`);
    try {
      const claims = await verifiers.idTokenOf(String(token), [...clients]);
      return { provider, claims };
    } catch (error) {
      throw new IdentityError("NotAuthorizedException", `Invalid login token. ${(error as Error).message}`);
    }
  };

  const identityIdOf = (provider: string, sub: string) => {
    const hex = createHash("sha256").update(`${identityPool.id}|${provider}|${sub}`).digest("hex");
    const id = `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    identities.set(id, { provider, sub });
    return id;
  };

  const operations: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
    async GetId(input) {
      if (input.IdentityPoolId !== identityPool.id)
        throw new IdentityError(
          "ResourceNotFoundException",
          `IdentityPool '${String(input.IdentityPoolId)}' not found.`,
        );
      const { provider, claims } = await verifiedLogin(input.Logins);
      return { IdentityId: identityIdOf(provider, claims.sub) };
    },
    async GetCredentialsForIdentity(input) {
      const identityId = String(input.IdentityId ?? "");
      const identity = identities.get(identityId);
      if (!identity) throw new IdentityError("ResourceNotFoundException", `Identity '${identityId}' not found.`);
      if (input.CustomRoleArn !== undefined)
        throw new IdentityError(
          "InvalidParameterException",
          "The sandbox maps every user to the authenticated role; CustomRoleArn is not emulated.",
        );
      const { provider, claims } = await verifiedLogin(input.Logins);
      if (provider !== identity.provider || claims.sub !== identity.sub) {
        throw new IdentityError(
          "NotAuthorizedException",
          "Invalid login token. The identity does not belong to these logins.",
        );
      }
      const role = facts.access.roles.authenticated;
      if (!role)
        throw new IdentityError(
          "InvalidIdentityPoolConfigurationException",
          "The identity pool has no authenticated role.",
        );
      const tagMapping = identityPool.principalTags.get(provider) ?? {};
      const tags = Object.fromEntries(
        Object.entries(tagMapping).flatMap(([tag, claim]) =>
          typeof claims[claim] === "string" || typeof claims[claim] === "number" ? [[tag, String(claims[claim])]] : [],
        ),
      );
      // Cognito assumes the role through STS: the role's trust policy decides, as it does in AWS.
      const context = {
        "cognito-identity.amazonaws.com:aud": identityPool.id,
        "cognito-identity.amazonaws.com:sub": identityId,
        "cognito-identity.amazonaws.com:amr": ["authenticated", provider, `${provider}:CognitoSignIn:${claims.sub}`],
        ...Object.fromEntries(Object.entries(tags).map(([tag, value]) => [`aws:RequestTag/${tag}`, value])),
        "aws:TagKeys": Object.keys(tags),
      };
      for (const action of [
        "sts:AssumeRoleWithWebIdentity",
        ...(Object.keys(tags).length > 0 ? ["sts:TagSession"] : []),
      ]) {
        const decision = decide(facts.access, {
          principal: { federated: "cognito-identity.amazonaws.com" },
          action,
          resource: role.arn,
          context,
        });
        if (decision !== "Allowed") {
          throw new IdentityError(
            "InvalidIdentityPoolConfigurationException",
            `Invalid identity pool configuration. Check assigned IAM roles for this pool (${action}: ${decision}).`,
          );
        }
      }
      const session = sessions.issue("authenticated", IDENTITY_SESSION_NAME, tags);
      return {
        IdentityId: identityId,
        Credentials: {
          AccessKeyId: session.accessKeyId,
          SecretKey: session.secretAccessKey,
          SessionToken: session.sessionToken,
          Expiration: Math.floor(session.expiration.getTime() / 1000),
        },
      };
    },
  };

  return listen(async (request: IncomingMessage, response: ServerResponse) => {
    // Cognito Identity answers browsers from any origin.
    const cors = {
      "Access-Control-Allow-Origin": String(request.headers.origin ?? "*"),
      "Access-Control-Expose-Headers": "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date",
      Vary: "Origin",
    };
    if (request.method === "OPTIONS") {
      return send(response, 200, {
        ...cors,
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": String(request.headers["access-control-request-headers"] ?? "*"),
        "Access-Control-Max-Age": "600",
      });
    }
    const json = { ...cors, "Content-Type": "application/x-amz-json-1.1" };
    try {
      const target = String(request.headers["x-amz-target"] ?? "");
      const [service, name] = target.split(".");
      const operation =
        service === "AWSCognitoIdentityService" && request.method === "POST" ? operations[name] : undefined;
      if (!operation)
        throw new IdentityError(
          "UnknownOperationException",
          `The sandbox's identity pool does not emulate ${target || "this request"}.`,
        );
      const body = await readBody(request, 64 * 1024);
      if (!body) throw new IdentityError("InvalidParameterException", "The request is too large.");
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        throw new IdentityError("SerializationException", "The request body is not JSON.");
      }
      send(response, 200, json, JSON.stringify(await operation(input)));
    } catch (error) {
      const known =
        error instanceof IdentityError ? error : new IdentityError("InternalErrorException", "Internal error.", 500);
      send(
        response,
        known.status,
        { ...json, "x-amzn-ErrorType": known.type },
        JSON.stringify({ __type: known.type, message: known.message }),
      );
    }
  }, port);
}
