import { AdminDisableUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { Context, PreSignUpTriggerEvent } from "aws-lambda";
import { loadFunction } from "../support/bundle";
import { type CognitoLocal, LOCAL_CREDENTIALS, startCognitoLocal } from "./support/cognito-local";
import { externalSignUp, freshEmail, otherSignUp } from "./support/events";
import { type LinkingProxy, startLinkingProxy } from "./support/linking-proxy";

type Handler = (event: PreSignUpTriggerEvent, context?: Context) => Promise<PreSignUpTriggerEvent>;

let cognito: CognitoLocal;
let proxy: LinkingProxy;
let handler: Handler;
let written: string[];
let restoreStdout: () => void;

beforeAll(async () => {
  cognito = await startCognitoLocal();
  proxy = await startLinkingProxy(cognito.endpoint);
  // The shipped bundle reads its settings, and the SDK its endpoint and credentials, from the environment.
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint,
    AWS_MAX_ATTEMPTS: "1",
    LINKABLE_PROVIDERS: JSON.stringify([
      { name: "Google", type: "Google", trustEmail: false },
      { name: "CorpOkta", type: "OIDC", trustEmail: false, emailDomains: ["corp.example.com"] },
    ]),
    USERNAME_IS_EMAIL: "true",
  });
  handler = loadFunction<{ handler: Handler }>("link-identities").handler;
}, 20_000);
afterAll(async () => {
  await proxy?.close();
  await cognito?.close();
});
beforeEach(() => {
  proxy.acceptLinks = false;
  proxy.failListUsers = false;
  proxy.links.splice(0);
  written = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  // Powertools writes INFO to stdout and WARN/ERROR to stderr, as Lambda's console does.
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture),
    jest.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  restoreStdout = () => {
    for (const spy of spies) spy.mockRestore();
  };
});
afterEach(() => restoreStdout());
const logLines = () =>
  written
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the bundled pre sign-up trigger", () => {
  test("returns self sign-ups and administrator-created users unchanged, without a log line", async () => {
    for (const source of ["PreSignUp_SignUp", "PreSignUp_AdminCreateUser"] as const) {
      const event = otherSignUp(cognito.userPoolId, source, freshEmail("self"));
      await expect(handler(event)).resolves.toBe(event);
    }
    expect(written).toEqual([]);
  });

  test("lets a sign-in whose email the provider did not verify through as a user of its own", async () => {
    const email = freshEmail("bundle-unverified");
    const event = externalSignUp(cognito.userPoolId, "Google_110001", { email, email_verified: "false" });

    await expect(handler(event)).resolves.toBe(event);

    expect(await cognito.usersWithEmail(email)).toEqual([]);
    expect(logLines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "sign-up not linked",
        outcome: "pass",
        reason: "email-not-verified-by-provider",
        service: "link-identities",
      }),
    ]);
  });

  test("lets an OIDC sign-in claiming an address outside the provider's domains through on its own, creating no user", async () => {
    const email = freshEmail("bundle-outside");
    const event = externalSignUp(cognito.userPoolId, "CorpOkta_00uAttacker", { email, email_verified: "true" });

    await expect(handler(event)).resolves.toBe(event);

    expect(await cognito.usersWithEmail(email)).toEqual([]);
    expect(logLines()).toEqual([
      expect.objectContaining({ level: "INFO", outcome: "pass", reason: "provider-not-trusted-for-email" }),
    ]);
  });

  test("creates the native user in the pool, then refuses the sign-up with a retryable message when linking fails", async () => {
    // cognito-local answers AdminLinkProviderForUser with "unsupported": the same path as a Cognito error or throttling.
    const email = freshEmail("bundle-first");
    const event = externalSignUp(cognito.userPoolId, "Google_110002", { email, email_verified: "true" });

    await expect(handler(event)).rejects.toThrow(
      "LINK_FAILED: this sign-in could not be linked to your account; try again",
    );
    await expect(handler(event)).rejects.toThrow(/^LINK_FAILED/);

    const users = await cognito.usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(users[0].UserStatus).toBe("CONFIRMED");
    expect(logLines().map((line) => [line.level, line.message, line.outcome])).toEqual([
      ["ERROR", "linking failed", "failed"],
      ["ERROR", "linking failed", "failed"],
    ]);
  });

  test("never writes the email address or the provider's user id to its logs", async () => {
    const email = freshEmail("bundle-private");
    await handler(externalSignUp(cognito.userPoolId, "Google_987654321", { email, email_verified: "false" }));
    // Linking fails (cognito-local cannot link), the path whose log line carries an error message.
    await expect(
      handler(externalSignUp(cognito.userPoolId, "Google_987654321", { email, email_verified: "true" })),
    ).rejects.toThrow(/^LINK_FAILED/);

    const text = written.join("");
    expect(text).not.toContain(email);
    expect(text).not.toContain("987654321");
    expect(logLines().map((line) => line.outcome)).toEqual(["pass", "failed"]);
  });

  test("links a first sign-in to the account that owns the address, then refuses it with ACCOUNT_LINKED so the app signs in again", async () => {
    const email = freshEmail("bundle-linked");
    const username = await cognito.createNativeUser(email);
    proxy.acceptLinks = true;

    await expect(
      handler(externalSignUp(cognito.userPoolId, "Google_110003", { email, email_verified: "true" })),
    ).rejects.toThrow("ACCOUNT_LINKED: this sign-in is now linked to your existing account; sign in again to continue");

    expect(proxy.links).toEqual([
      {
        UserPoolId: cognito.userPoolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: username },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "110003",
        },
      },
    ]);
    expect(logLines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "identity linked",
        outcome: "linked",
        provider: "Google",
        username,
        created_user: false,
        already_linked: false,
        trigger_source: "PreSignUp_ExternalProvider",
      }),
    ]);
  });

  test("refuses the sign-up of a disabled account's owner with ACCOUNT_DISABLED, linking nothing", async () => {
    const email = freshEmail("bundle-disabled");
    const username = await cognito.createNativeUser(email);
    await cognito.client.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));
    proxy.acceptLinks = true;

    await expect(
      handler(externalSignUp(cognito.userPoolId, "Google_110004", { email, email_verified: "true" })),
    ).rejects.toThrow("ACCOUNT_DISABLED: the account for this email address is disabled");

    expect(proxy.links).toEqual([]);
    expect(logLines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "sign-up refused",
        outcome: "refused",
        reason: "account-disabled",
        provider: "Google",
        username,
      }),
    ]);
  });

  test("cuts the address, in any spelling, out of a failure's message before logging it, keeping its name and status", async () => {
    const email = `Grace.${freshEmail("bundle-redacted")}`.replace("@example.com", "@Example.COM");
    proxy.failListUsers = true;
    const context = { awsRequestId: "lambda-request-7", functionName: "link-identities" } as unknown as Context;

    await expect(
      handler(externalSignUp(cognito.userPoolId, "Google_555000555", { email, email_verified: "true" }), context),
    ).rejects.toThrow(/^LINK_FAILED/);

    const text = written.join("");
    expect(text).not.toContain(email);
    expect(text.toLowerCase()).not.toContain(email.toLowerCase());
    expect(logLines()).toEqual([
      expect.objectContaining({
        level: "ERROR",
        function_request_id: "lambda-request-7",
        error: {
          name: "InvalidParameterException",
          status: 400,
          message: 'Cannot list users for email = "<redacted>" (email = "<redacted>")',
        },
      }),
    ]);
  });
});
