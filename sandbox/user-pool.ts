import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { StackFacts } from "./stack-facts";

/** Credentials cognito-local ignores but the SDK insists on. */
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** Tokens of one sign-in. */
export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** The stack's user pool, served by cognito-local. */
export interface LocalUserPool {
  readonly endpoint: string;
  readonly userPoolId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`, as in AWS's tokens. */
  readonly issuer: string;
  /** The pool's signing keys, as `/<pool id>/.well-known/jwks.json` serves them. */
  readonly jwks: { keys: Array<Record<string, unknown>> };
  /** Creates a confirmed user whose email is verified, with a permanent password. */
  createUser(email: string, password: string): Promise<void>;
  /** Signs in with email and password (USER_PASSWORD_AUTH) through `clientId`. */
  signIn(clientId: string, email: string, password: string): Promise<Tokens>;
  close(): Promise<void>;
}

/**
 * Starts cognito-local on 127.0.0.1 in a worker thread of this process, its data in `directory`, with the synthesized user pool and app
 * clients written in beforehand under the sandbox's ids: the pool id has AWS's `<region>_<id>` form and the tokens
 * AWS's issuer, so the production verifier accepts them unchanged.
 */
export async function startUserPool(facts: StackFacts, directory: string, port = 0): Promise<LocalUserPool> {
  const { region, userPool } = facts;
  const issuerDomain = `https://cognito-idp.${region}.amazonaws.com`;
  const dataDirectory = join(directory, "db");
  mkdirSync(dataDirectory, { recursive: true });
  const now = new Date().toISOString();
  writeFileSync(
    join(directory, "config.json"),
    JSON.stringify({
      TokenConfig: { IssuerDomain: issuerDomain },
      ServerConfig: { hostname: "127.0.0.1", port, https: false },
    }),
  );
  const { minimumLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols } = userPool.passwordPolicy;
  writeFileSync(
    join(dataDirectory, `${userPool.id}.json`),
    JSON.stringify({
      Users: {},
      Groups: {},
      Options: {
        Id: userPool.id,
        Name: userPool.name,
        UsernameAttributes: userPool.usernameAttributes,
        AutoVerifiedAttributes: ["email"],
        MfaConfiguration: "OFF",
        Policies: {
          PasswordPolicy: {
            MinimumLength: minimumLength,
            RequireLowercase: requireLowercase,
            RequireUppercase: requireUppercase,
            RequireNumbers: requireNumbers,
            RequireSymbols: requireSymbols,
            TemporaryPasswordValidityDays: 3,
          },
        },
        CreationDate: now,
        LastModifiedDate: now,
      },
    }),
  );
  writeFileSync(
    join(dataDirectory, "clients.json"),
    JSON.stringify({
      Clients: Object.fromEntries(
        userPool.clients.map((client) => [
          client.clientId,
          {
            ClientId: client.clientId,
            ClientName: client.name,
            UserPoolId: userPool.id,
            IdTokenValidity: client.idTokenValidityMinutes,
            AccessTokenValidity: client.accessTokenValidityMinutes,
            RefreshTokenValidity: client.refreshTokenValidityDays,
            TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "days" },
            CreationDate: now,
            LastModifiedDate: now,
          },
        ]),
      ),
    }),
  );

  const server = await serveCognitoLocal(directory, dataDirectory);
  const endpoint = `http://127.0.0.1:${server.port}`;
  const jwks = (await (
    await fetch(`${endpoint}/${userPool.id}/.well-known/jwks.json`)
  ).json()) as LocalUserPool["jwks"];
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });

  return {
    endpoint,
    userPoolId: userPool.id,
    issuer: `${issuerDomain}/${userPool.id}`,
    jwks,
    async createUser(email, password) {
      const problem = passwordProblem(password, userPool.passwordPolicy);
      if (problem) throw new Error(`The password does not meet the user pool's policy: ${problem}`);
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPool.id,
          Username: email,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
          ],
          MessageAction: "SUPPRESS",
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPool.id,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    },
    async signIn(clientId, email, password) {
      const { AuthenticationResult: result } = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      if (!result?.IdToken || !result.AccessToken) throw new Error(`Sign-in of ${email} did not return tokens`);
      return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken ?? "" };
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/** What a password lacks under the pool's policy (cognito-local does not check it), or undefined. */
export function passwordProblem(
  password: string,
  policy: StackFacts["userPool"]["passwordPolicy"],
): string | undefined {
  if (password.length < policy.minimumLength) return `at least ${policy.minimumLength} characters`;
  if (policy.requireLowercase && !/[a-z]/.test(password)) return "a lowercase letter";
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return "an uppercase letter";
  if (policy.requireNumbers && !/[0-9]/.test(password)) return "a digit";
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return "a symbol";
  return undefined;
}

// cognito-local's default server (lib/server/defaults.js), built on absolute folders so that no chdir is needed. It
// runs in a worker thread: its own event loop, Node's own module loader (some of its dependencies are ES modules,
// which test runners' loaders may not require), and nothing left behind when the sandbox stops.
const USER_POOL_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const m = workerData.modules;
require(m.maintenance).suppress = true;
const AWS = require(m.awsSdk);
const services = require(m.services);
const { CognitoServiceFactoryImpl } = require(m.cognitoService);
const { CryptoService } = require(m.crypto);
const { StormDBDataStoreFactory } = require(m.stormDb);
const { ConsoleMessageSender } = require(m.consoleMessageSender);
const { MessageDeliveryService } = require(m.messageDelivery);
const { otp } = require(m.otp);
const { JwtTokenGenerator } = require(m.tokenGenerator);
const { UserPoolServiceFactoryImpl } = require(m.userPoolService);
const { loadConfig } = require(m.config);
const { Router } = require(m.router);
const { createServer } = require(m.server);
const logger = require(m.pino)({ level: "silent" });
(async () => {
  const ctx = { logger };
  const config = await loadConfig(ctx, new StormDBDataStoreFactory(workerData.configDirectory));
  const clock = new services.DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(workerData.dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(workerData.dataDirectory, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory))
    .create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService(clock, cognito, new services.LambdaService(config.TriggerFunctions, new AWS.Lambda(config.LambdaClient)), new CryptoService(config.KMSConfig));
  const all = {
    clock, cognito, config, otp, triggers,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
  };
  const server = await createServer(Router(all), logger, config.ServerConfig, all).start();
  parentPort.on("message", () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
  parentPort.postMessage({ port: server.address().port });
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

async function serveCognitoLocal(
  configDirectory: string,
  dataDirectory: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const resolve = (name: string) => require.resolve(name);
  const modules = {
    maintenance: resolve("aws-sdk/lib/maintenance_mode_message"),
    awsSdk: resolve("aws-sdk"),
    services: resolve("cognito-local/lib/services"),
    cognitoService: resolve("cognito-local/lib/services/cognitoService"),
    crypto: resolve("cognito-local/lib/services/crypto"),
    stormDb: resolve("cognito-local/lib/services/dataStore/stormDb"),
    consoleMessageSender: resolve("cognito-local/lib/services/messageDelivery/consoleMessageSender"),
    messageDelivery: resolve("cognito-local/lib/services/messageDelivery/messageDelivery"),
    otp: resolve("cognito-local/lib/services/otp"),
    tokenGenerator: resolve("cognito-local/lib/services/tokenGenerator"),
    userPoolService: resolve("cognito-local/lib/services/userPoolService"),
    config: resolve("cognito-local/lib/server/config"),
    router: resolve("cognito-local/lib/server/Router"),
    server: resolve("cognito-local/lib/server/server"),
    pino: resolve("pino"),
  };
  const worker = new Worker(USER_POOL_WORKER, { eval: true, workerData: { modules, configDirectory, dataDirectory } });
  const { port, error } = await new Promise<{ port?: number; error?: string }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`cognito-local stopped with code ${code} before listening`)));
  });
  if (error !== undefined || port === undefined) {
    await worker.terminate();
    throw new Error(`cognito-local did not start: ${error}`);
  }
  return {
    port,
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("close");
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
