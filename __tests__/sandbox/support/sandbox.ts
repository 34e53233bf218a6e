import { createServer } from "node:net";
import { deflateSync } from "node:zlib";
import { S3Client } from "@aws-sdk/client-s3";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { loadConfig, type UploadsConfig } from "../../../modules/stack/config";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../../sandbox/sandbox";
import { ADMIN } from "../../../sandbox/sessions";

/** A password that meets the default pool's policy. */
export const PASSWORD = "Correct-Horse-42!";

/** SDK settings the S3 server needs: no aws-chunked bodies, one attempt so refusals are seen once. */
const SDK_SETTINGS = {
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
  maxAttempts: 1,
} as const;

/** A free TCP port on 127.0.0.1 (free when returned; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The default configuration with the web app's origin at `port`, plus `overrides` (merged as UPLOADS_CONFIG_JSON is). */
export function configForOrigin(port: number, overrides: Record<string, unknown> = {}): UploadsConfig {
  const origin = `http://localhost:${port}`;
  return loadConfig({
    json: JSON.stringify({
      allowedOrigins: [origin],
      development: true,
      userPool: { callbackUrls: [`${origin}/`] },
      ...overrides,
    }),
  });
}

/** A signed-in user of the sandbox, with identity-pool credentials. */
export interface SignedInUser {
  readonly email: string;
  readonly idToken: string;
  readonly sub: string;
  readonly accessKeyId: string;
  readonly s3: S3Client;
  /** POST /images with this user's id token. */
  move(key: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

let userNumber = 0;

/** Creates a user, signs in with email and password, and trades the id token for identity-pool credentials. */
export async function signedInUser(
  sandbox: Sandbox,
  email = `user-${process.pid}-${++userNumber}@example.com`,
): Promise<SignedInUser> {
  const config = sandbox.frontendConfig;
  await sandbox.createUser(email, PASSWORD);
  const idToken = await signIn(sandbox, email);
  const sub = claimsOf(idToken).sub as string;
  const credentials = await fromCognitoIdentityPool({
    clientConfig: { region: config.region, endpoint: config.endpoints.identity },
    identityPoolId: config.auth.identityPoolId,
    logins: { [`cognito-idp.${config.region}.amazonaws.com/${config.auth.userPoolId}`]: idToken },
  })();
  const s3 = new S3Client({
    region: config.region,
    endpoint: config.endpoints.s3,
    forcePathStyle: true,
    credentials,
    ...SDK_SETTINGS,
  });
  return {
    email,
    idToken,
    sub,
    accessKeyId: credentials.accessKeyId,
    s3,
    move: async (key) => {
      const response = await fetch(config.api.imagesUrl, {
        method: "POST",
        headers: { Authorization: idToken, "Content-Type": "application/json" },
        body: JSON.stringify({ key }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}

/** Signs in through `clientId` (the web client by default) and returns the id token. */
export async function signIn(
  sandbox: Sandbox,
  email: string,
  clientId = sandbox.frontendConfig.auth.userPoolClientId,
): Promise<string> {
  const config = sandbox.frontendConfig;
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.endpoints.userPool,
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    maxAttempts: 1,
  });
  try {
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    return AuthenticationResult?.IdToken as string;
  } finally {
    client.destroy();
  }
}

/** An S3 client with the sandbox's admin key: signature checked, no policy; for arranging and inspecting only. */
export function adminClient(sandbox: Sandbox): S3Client {
  const session = sandbox.sessions.issue(ADMIN, "inspector");
  return s3ClientFor(sandbox, session);
}

/** An S3 client signing with one of the sandbox's issued sessions. */
export function s3ClientFor(
  sandbox: Sandbox,
  session: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): S3Client {
  const config = sandbox.frontendConfig;
  return new S3Client({
    region: config.region,
    endpoint: config.endpoints.s3,
    forcePathStyle: true,
    credentials: {
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
    },
    ...SDK_SETTINGS,
  });
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/** Starts a sandbox for the file (no web app unless asked) and closes it after; read `.sandbox` inside tests only. */
export function useSandbox(options: () => SandboxOptions | Promise<SandboxOptions>) {
  const fixture = {} as { sandbox: Sandbox };
  beforeAll(async () => {
    fixture.sandbox = await startSandbox({ web: false, ...(await options()) });
  });
  afterAll(() => fixture.sandbox?.close());
  return fixture;
}

/** A real PNG of `width` x `height` pixels in one colour, padded with a text chunk to about `bytes` when given. */
export function pngImage(width: number, height: number, rgb: [number, number, number], bytes = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: width }, () => Buffer.from(rgb)))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const parts = [Buffer.from("89504e470d0a1a0a", "hex"), chunk("IHDR", header), chunk("IDAT", pixels)];
  const size = parts.reduce((total, part) => total + part.length, 0) + 12;
  if (bytes > size + 12)
    parts.push(chunk("tEXt", Buffer.concat([Buffer.from("pad\0", "latin1"), Buffer.alloc(bytes - size - 16, 0x61)])));
  parts.push(chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}
