import type { Server } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
 * Starts cognito-local in this process on 127.0.0.1, its data in `directory`, with the synthesized user pool and app
 * clients written in beforehand under the sandbox's ids: the pool id has AWS's `<region>_<id>` form and the tokens
 * AWS's issuer, so the production verifier accepts them unchanged.
 */
export async function startUserPool(facts: StackFacts, directory: string, port = 0): Promise<LocalUserPool> {
  const { region, userPool } = facts;
  const issuerDomain = `https://cognito-idp.${region}.amazonaws.com`;
  const dataDirectory = join(directory, "db");
  mkdirSync(dataDirectory, { recursive: true });
  const now = new Date().toISOString();
  writeFileSync(join(directory, "config.json"), JSON.stringify({
    TokenConfig: { IssuerDomain: issuerDomain },
    ServerConfig: { hostname: "127.0.0.1", port, https: false },
  }));
  const { minimumLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols } = userPool.passwordPolicy;
  writeFileSync(join(dataDirectory, `${userPool.id}.json`), JSON.stringify({
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
          MinimumLength: minimumLength, RequireLowercase: requireLowercase, RequireUppercase: requireUppercase,
          RequireNumbers: requireNumbers, RequireSymbols: requireSymbols, TemporaryPasswordValidityDays: 3,
        },
      },
      CreationDate: now,
      LastModifiedDate: now,
    },
  }));
  writeFileSync(join(dataDirectory, "clients.json"), JSON.stringify({
    Clients: Object.fromEntries(userPool.clients.map((client) => [client.clientId, {
      ClientId: client.clientId,
      ClientName: client.name,
      UserPoolId: userPool.id,
      IdTokenValidity: client.idTokenValidityMinutes,
      AccessTokenValidity: client.accessTokenValidityMinutes,
      RefreshTokenValidity: client.refreshTokenValidityDays,
      TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "days" },
      CreationDate: now,
      LastModifiedDate: now,
    }])),
  }));

  const server = await serveCognitoLocal(directory, dataDirectory);
  const address = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const jwks = await (await fetch(`${endpoint}/${userPool.id}/.well-known/jwks.json`)).json() as LocalUserPool["jwks"];
  const client = new CognitoIdentityProviderClient({ endpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

  return {
    endpoint,
    userPoolId: userPool.id,
    issuer: `${issuerDomain}/${userPool.id}`,
    jwks,
    async createUser(email, password) {
      const problem = passwordProblem(password, userPool.passwordPolicy);
      if (problem) throw new Error(`The password does not meet the user pool's policy: ${problem}`);
      await client.send(new AdminCreateUserCommand({
        UserPoolId: userPool.id,
        Username: email,
        UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }],
        MessageAction: "SUPPRESS",
      }));
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPool.id, Username: email, Password: password, Permanent: true }));
    },
    async signIn(clientId, email, password) {
      const { AuthenticationResult: result } = await client.send(new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }));
      if (!result?.IdToken || !result.AccessToken) throw new Error(`Sign-in of ${email} did not return tokens`);
      return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken ?? "" };
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What a password lacks under the pool's policy (cognito-local does not check it), or undefined. */
export function passwordProblem(password: string, policy: StackFacts["userPool"]["passwordPolicy"]): string | undefined {
  if (password.length < policy.minimumLength) return `at least ${policy.minimumLength} characters`;
  if (policy.requireLowercase && !/[a-z]/.test(password)) return "a lowercase letter";
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return "an uppercase letter";
  if (policy.requireNumbers && !/[0-9]/.test(password)) return "a digit";
  if (policy.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return "a symbol";
  return undefined;
}

/** cognito-local's default server (lib/server/defaults.js), built on absolute folders so that no chdir is needed. */
async function serveCognitoLocal(configDirectory: string, dataDirectory: string): Promise<Server> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  require("aws-sdk/lib/maintenance_mode_message").suppress = true;
  const AWS = require("aws-sdk");
  const services = require("cognito-local/lib/services");
  const { CognitoServiceFactoryImpl } = require("cognito-local/lib/services/cognitoService");
  const { CryptoService } = require("cognito-local/lib/services/crypto");
  const { StormDBDataStoreFactory } = require("cognito-local/lib/services/dataStore/stormDb");
  const { ConsoleMessageSender } = require("cognito-local/lib/services/messageDelivery/consoleMessageSender");
  const { MessageDeliveryService } = require("cognito-local/lib/services/messageDelivery/messageDelivery");
  const { otp } = require("cognito-local/lib/services/otp");
  const { JwtTokenGenerator } = require("cognito-local/lib/services/tokenGenerator");
  const { UserPoolServiceFactoryImpl } = require("cognito-local/lib/services/userPoolService");
  const { loadConfig } = require("cognito-local/lib/server/config");
  const { Router } = require("cognito-local/lib/server/Router");
  const { createServer } = require("cognito-local/lib/server/server");
  const logger = require("pino")({ level: "silent" });
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ctx = { logger };
  const config = await loadConfig(ctx, new StormDBDataStoreFactory(configDirectory));
  const clock = new services.DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(dataDirectory, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory))
    .create(ctx, config.UserPoolDefaults);
  const triggers = new services.TriggersService(clock, cognito, new services.LambdaService(config.TriggerFunctions, new AWS.Lambda(config.LambdaClient)), new CryptoService(config.KMSConfig));
  const all = {
    clock,
    cognito,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  return createServer(Router(all), logger, config.ServerConfig, all).start();
}
