import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { UploadsConfig } from "./config";

const PKCE_KEY = "uploads-example-pkce";

/** Sandbox only: email and password straight to the user pool (cognito-local has no hosted sign-in). */
export async function signInWithPassword(config: UploadsConfig, email: string, password: string): Promise<string> {
  if (!config.endpoints)
    throw new Error("Password sign-in is for the sandbox; a deployed stack signs in through its hosted sign-in");
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.endpoints.userPool,
    // InitiateAuth is an unsigned call; the SDK still asks for a credential provider.
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
  });
  const { AuthenticationResult } = await client.send(
    new InitiateAuthCommand({
      ClientId: config.auth.userPoolClientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  if (!AuthenticationResult?.IdToken)
    throw new Error("The user pool asked for another step (a new password or MFA) that this example does not handle");
  return AuthenticationResult.IdToken;
}

/** A deployed stack: sends the browser to the hosted sign-in (authorization code flow with PKCE). */
export async function startHostedSignIn(config: UploadsConfig): Promise<void> {
  if (!config.auth.domain)
    throw new Error("uploads-config.json has no auth.domain: the stack does not know its hosted sign-in domain");
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
  );
  const url = new URL("/oauth2/authorize", config.auth.domain);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.auth.userPoolClientId,
    redirect_uri: redirectUri(),
    scope: "openid email profile",
    code_challenge_method: "S256",
    code_challenge: challenge,
    state,
  }).toString();
  location.assign(url.toString());
}

/** A deployed stack: on the way back from the hosted sign-in, trades the code for tokens; undefined elsewhere. */
export async function finishHostedSignIn(config: UploadsConfig): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (!code || !config.auth.domain) return undefined;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? "{}") as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, "", redirectUri());
  if (!saved.verifier || params.get("state") !== saved.state)
    throw new Error("The sign-in answer does not match the request this page made");
  const response = await fetch(new URL("/oauth2/token", config.auth.domain), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.auth.userPoolClientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens = await response.json();
  if (!response.ok) throw new Error(`Token exchange failed: ${tokens.error ?? response.status}`);
  return tokens.id_token as string;
}

/** The page's own address, which must be one of the app client's callback URLs. */
function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
