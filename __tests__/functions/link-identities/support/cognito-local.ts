import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUsersCommand,
  type AttributeType,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";

const START_SCRIPT = require.resolve("cognito-local/lib/bin/start.js");
/** Credentials cognito-local ignores but the SDK insists on. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** A cognito-local server on 127.0.0.1 with one user pool, in its own data folder. */
export interface CognitoLocal {
  readonly endpoint: string;
  readonly userPoolId: string;
  /** A client of the server, for arranging and checking users. */
  readonly client: CognitoIdentityProviderClient;
  /** A new SDK client of the server (each test may add its own middleware). */
  newClient(): CognitoIdentityProviderClient;
  /** Every user whose email is `email`. */
  usersWithEmail(email: string): Promise<UserType[]>;
  /** A user's attributes by name. */
  attributesOf(username: string): Promise<Record<string, string>>;
  /** Creates a confirmed native user with `email` (verified unless told otherwise) and returns its username. */
  createNativeUser(email: string, options?: { verified?: boolean; password?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts cognito-local as a child process (its data lives under the working folder it is started
 * in, a temporary folder removed on close) on an ephemeral port, and creates a user pool that signs
 * users in by email, like the construct's default pool.
 */
export async function startCognitoLocal(): Promise<CognitoLocal> {
  const shared = process.env[SHARED_COGNITO_LOCAL];
  const { endpoint, stop } = shared ? { endpoint: shared, stop: async () => undefined } : await spawnCognitoLocal();
  const newClient = () =>
    new CognitoIdentityProviderClient({
      endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
  const client = newClient();
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: "link-identities-test",
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
    }),
  );
  const userPoolId = UserPool?.Id as string;

  return {
    endpoint,
    userPoolId,
    client,
    newClient,
    async usersWithEmail(email) {
      const { Users = [] } = await client.send(
        new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${email}"` }),
      );
      return Users;
    },
    async attributesOf(username) {
      const { UserAttributes = [] } = await client.send(
        new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
      );
      return toRecord(UserAttributes);
    },
    async createNativeUser(email, { verified = true, password = "Correct-Horse-42!" } = {}) {
      const { User } = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: String(verified) },
          ],
          MessageAction: "SUPPRESS",
        }),
      );
      const username = User?.Username as string;
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
      return username;
    },
    async close() {
      client.destroy();
      await stop();
    },
  };
}

/**
 * Names a cognito-local server already running (its URL) for every test file to share, each with its own user pool:
 * the mutation run starts one for all its test runs rather than one per run (see scripts/mutation-test.mjs).
 */
export const SHARED_COGNITO_LOCAL = "TEST_COGNITO_LOCAL_ENDPOINT";

/** Starts cognito-local as a child process in its own data folder, removed when it stops. */
export async function spawnCognitoLocal(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "cognito-local-"));
  // cognito-local makes every pool an email-username pool unless its defaults say otherwise; pools here say it themselves.
  mkdirSync(join(dataDir, ".cognito"));
  writeFileSync(
    join(dataDir, ".cognito", "config.json"),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  const server = spawn(process.execPath, [START_SCRIPT], {
    cwd: dataDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DEBUG: "", AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = async () => {
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once("exit", () => resolve());
      server.kill();
    });
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { endpoint: await listeningAddress(server), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function toRecord(attributes: AttributeType[]): Record<string, string> {
  return Object.fromEntries(attributes.map((a) => [a.Name as string, a.Value as string]));
}

/** Resolves with the server's URL once it logs the address it listens on. */
function listeningAddress(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      // The line is coloured; the address itself is plain.
      const match = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        server.stdout?.off("data", onData);
        server.stdout?.resume();
        server.stderr?.resume();
        resolve(match[1]);
      }
    };
    server.stdout?.on("data", onData);
    server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with code ${code} before listening:\n${output}`));
    });
  });
}
