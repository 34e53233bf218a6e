import type { PreSignUpTriggerEvent } from "aws-lambda";
import { loadFunction } from "../support/bundle";
import { type CognitoLocal, LOCAL_CREDENTIALS, startCognitoLocal } from "./support/cognito-local";
import { externalSignUp, freshEmail, otherSignUp } from "./support/events";

type Handler = (event: PreSignUpTriggerEvent) => Promise<PreSignUpTriggerEvent>;

let cognito: CognitoLocal;
let handler: Handler;
let written: string[];
let restoreStdout: () => void;

beforeAll(async () => {
  cognito = await startCognitoLocal();
  // The shipped bundle reads its settings, and the SDK its endpoint and credentials, from the environment.
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
    AWS_MAX_ATTEMPTS: "1",
    LINKABLE_PROVIDERS: JSON.stringify([
      { name: "Google", type: "Google", trustEmail: false },
      { name: "CorpOkta", type: "OIDC", trustEmail: false, emailDomains: ["corp.example.com"] },
    ]),
    USERNAME_IS_EMAIL: "true",
  });
  handler = loadFunction<{ handler: Handler }>("link-identities").handler;
}, 20_000);
afterAll(() => cognito?.close());
beforeEach(() => {
  written = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  // Powertools writes INFO to stdout and WARN/ERROR to stderr, as Lambda's console does.
  const spies = [jest.spyOn(process.stdout, "write").mockImplementation(capture), jest.spyOn(process.stderr, "write").mockImplementation(capture)];
  restoreStdout = () => spies.forEach((spy) => spy.mockRestore());
});
afterEach(() => restoreStdout());
const logLines = () => written.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

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
    expect(logLines()).toEqual([expect.objectContaining({ level: "INFO", outcome: "pass", reason: "email-not-verified-by-provider", service: "link-identities" })]);
  });

  test("lets an OIDC sign-in claiming an address outside the provider's domains through on its own, creating no user", async () => {
    const email = freshEmail("bundle-outside");
    const event = externalSignUp(cognito.userPoolId, "CorpOkta_00uAttacker", { email, email_verified: "true" });

    await expect(handler(event)).resolves.toBe(event);

    expect(await cognito.usersWithEmail(email)).toEqual([]);
    expect(logLines()).toEqual([expect.objectContaining({ level: "INFO", outcome: "pass", reason: "provider-not-trusted-for-email" })]);
  });

  test("creates the native user in the pool, then refuses the sign-up with a retryable message when linking fails", async () => {
    // cognito-local answers AdminLinkProviderForUser with "unsupported": the same path as a Cognito error or throttling.
    const email = freshEmail("bundle-first");
    const event = externalSignUp(cognito.userPoolId, "Google_110002", { email, email_verified: "true" });

    await expect(handler(event)).rejects.toThrow("LINK_FAILED: this sign-in could not be linked to your account; try again");
    await expect(handler(event)).rejects.toThrow(/^LINK_FAILED/);

    const users = await cognito.usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(users[0].UserStatus).toBe("CONFIRMED");
    expect(logLines().map((line) => line.outcome)).toEqual(["failed", "failed"]);
  });

  test("never writes the email address or the provider's user id to its logs", async () => {
    const email = freshEmail("bundle-private");
    await handler(externalSignUp(cognito.userPoolId, "Google_987654321", { email, email_verified: "false" }));
    // Linking fails (cognito-local cannot link), the path whose log line carries an error message.
    await expect(handler(externalSignUp(cognito.userPoolId, "Google_987654321", { email, email_verified: "true" }))).rejects.toThrow(/^LINK_FAILED/);

    const text = written.join("");
    expect(text).not.toContain(email);
    expect(text).not.toContain("987654321");
    expect(logLines().map((line) => line.outcome)).toEqual(["pass", "failed"]);
  });
});
