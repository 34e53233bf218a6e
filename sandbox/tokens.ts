import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { CognitoIdTokenPayload, CognitoJwtPayload } from "aws-jwt-verify/jwt-model";
import type { LocalUserPool } from "./user-pool";

/** Verifies a user pool's tokens with aws-jwt-verify, the production verifier, fed the pool's keys. */
export interface TokenVerifiers {
  /** An id or access token of any client of the pool, as API Gateway's Cognito authorizer accepts it. */
  anyClient(token: string): Promise<CognitoJwtPayload>;
  /** An id token of one of `clientIds`. */
  idTokenOf(token: string, clientIds: readonly string[]): Promise<CognitoIdTokenPayload>;
}

export function tokenVerifiers(pool: Pick<LocalUserPool, "userPoolId" | "jwks">): TokenVerifiers {
  const anyClient = CognitoJwtVerifier.create({ userPoolId: pool.userPoolId, tokenUse: null, clientId: null });
  anyClient.cacheJwks(pool.jwks as never);
  const byClients = new Map<string, (token: string) => Promise<CognitoIdTokenPayload>>();
  return {
    anyClient: (token) => anyClient.verify(token),
    idTokenOf: (token, clientIds) => {
      if (clientIds.length === 0) return Promise.reject(new Error("no app client is accepted"));
      const key = [...clientIds].sort().join(",");
      let verify = byClients.get(key);
      if (!verify) {
        const verifier = CognitoJwtVerifier.create({
          userPoolId: pool.userPoolId,
          tokenUse: "id",
          clientId: [...clientIds],
        });
        verifier.cacheJwks(pool.jwks as never);
        verify = (jwt) => verifier.verify(jwt) as Promise<CognitoIdTokenPayload>;
        byClients.set(key, verify);
      }
      return verify(token);
    },
  };
}
