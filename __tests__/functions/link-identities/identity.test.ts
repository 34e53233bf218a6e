import { readConfig } from "../../../functions/link-identities/config";
import { type Directory, parseIdentities, unusablePassword } from "../../../functions/link-identities/directory";
import { emailFilter, emailVerifiedByProvider, externalIdentityOf, usableEmail } from "../../../functions/link-identities/identity";
import { linkByEmail } from "../../../functions/link-identities/link";
import { refusalMessage } from "../../../functions/link-identities/refusals";

const providers = [
  { name: "Google", type: "Google", trustEmail: false },
  { name: "CorpOkta", type: "OIDC", trustEmail: false },
  { name: "SignInWithApple", type: "SignInWithApple", trustEmail: false },
];
const config = readConfig({ LINKABLE_PROVIDERS: JSON.stringify(providers) });

/** A directory that fails the test if the linker calls it. */
const untouchable: Directory = new Proxy({} as Directory, {
  get: (_, method) => () => {
    throw new Error(`the linker must not call ${String(method)} here`);
  },
});

describe("reading a federated username", () => {
  test.each([
    ["Google_1234567890", "Google", "1234567890"],
    ["google_1234567890", "Google", "1234567890"],
    ["CorpOkta_00u1AbC_dEf", "CorpOkta", "00u1AbC_dEf"],
    ["SignInWithApple_001234.8f8e0c1d2e3f.0456", "SignInWithApple", "001234.8f8e0c1d2e3f.0456"],
  ])("reads %s as provider %s and user id %s, splitting at the first underscore", (userName, provider, id) => {
    expect(externalIdentityOf(userName, config)).toEqual({ provider: expect.objectContaining({ name: provider }), providerUserId: id });
  });

  test.each(["Facebook_123", "Google", "Google_", "_123", "4f1c2a8e-0000-4000-8000-000000000001"])(
    "finds no linkable identity in %s", (userName) => {
      expect(externalIdentityOf(userName, config)).toBeUndefined();
    });
});

describe("the email a provider sends", () => {
  test("escapes quotes and backslashes in the ListUsers filter, which cognito-local does not parse", () => {
    expect(emailFilter("ada@example.com")).toBe('email = "ada@example.com"');
    expect(emailFilter('"ada\\lovelace"@example.com')).toBe('email = "\\"ada\\\\lovelace\\"@example.com"');
  });

  test("ignores addresses it cannot search for safely", () => {
    expect(usableEmail({ email: "ada@example.com" })).toBe("ada@example.com");
    for (const email of ["", "ada", "ada@", "@example.com", "ada\n@example.com", `${"a".repeat(250)}@example.com`, undefined]) {
      expect(usableEmail({ email })).toBeUndefined();
    }
  });

  test("counts the email as verified only when the provider says exactly true", () => {
    expect(emailVerifiedByProvider({ email_verified: "true" })).toBe(true);
    expect(emailVerifiedByProvider({ email_verified: "True" })).toBe(true);
    for (const value of ["false", "1", "yes", "", undefined]) expect(emailVerifiedByProvider({ email_verified: value })).toBe(false);
  });
});

describe("decisions made before the pool is asked", () => {
  test("lets a federated sign-in without an email through unlinked", async () => {
    await expect(linkByEmail({ triggerSource: "PreSignUp_ExternalProvider", userName: "Google_1", userAttributes: { email_verified: "true" } }, config, untouchable))
      .resolves.toEqual({ action: "pass", reason: "no-email" });
  });

  test("does not link an OIDC identity whose user id a case-insensitive pool has lowercased, but still links Google", async () => {
    const lowercased = readConfig({ LINKABLE_PROVIDERS: JSON.stringify(providers), CASE_INSENSITIVE_USERNAMES: "true" });
    const request = (userName: string) => ({ triggerSource: "PreSignUp_ExternalProvider", userName, userAttributes: { email: "ada@example.com", email_verified: "true" } });

    await expect(linkByEmail(request("corpokta_00u1abc"), lowercased, untouchable)).resolves.toEqual({ action: "pass", reason: "provider-id-case-lost" });
    await expect(linkByEmail(request("google_1234"), lowercased, untouchable)).rejects.toThrow(/must not call findUsersByEmail/);
  });

  test("lets the sign-up go ahead, without a message, when nothing was linked", () => {
    expect(refusalMessage({ action: "pass", reason: "no-email" })).toBeUndefined();
  });
});

describe("the linker's configuration", () => {
  test("rejects a provider entry that is not one of the known types or has an underscore in its name", () => {
    expect(() => readConfig({ LINKABLE_PROVIDERS: '[{"name":"Corp_Okta","type":"OIDC"}]' })).toThrow(/invalid entry/);
    expect(() => readConfig({ LINKABLE_PROVIDERS: '[{"name":"Myspace","type":"Myspace"}]' })).toThrow(/invalid entry/);
    expect(() => readConfig({ LINKABLE_PROVIDERS: "{" })).toThrow(/JSON array/);
    expect(() => readConfig({ LINKABLE_PROVIDERS: "[]", USERNAME_IS_EMAIL: "maybe" })).toThrow(/USERNAME_IS_EMAIL must be "true" or "false"/);
  });

  test("defaults to an email-username, case-sensitive pool with nothing to link", () => {
    const defaults = readConfig({});
    expect(defaults.providers.size).toBe(0);
    expect(defaults.usernameIsEmail).toBe(true);
    expect(defaults.caseInsensitiveUsernames).toBe(false);
  });
});

describe("helpers of the Cognito directory", () => {
  test("gives the created user a 100-character password with every character class, different each time", () => {
    const passwords = Array.from({ length: 20 }, unusablePassword);
    for (const password of passwords) {
      expect(password).toHaveLength(100);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
    expect(new Set(passwords).size).toBe(20);
  });

  test("reads the identities attribute, and treats an unreadable one as none", () => {
    expect(parseIdentities('[{"userId":"1","providerName":"Google","providerType":"Google","primary":false}]')).toEqual([{ providerName: "Google", userId: "1" }]);
    expect(parseIdentities("not json")).toEqual([]);
    expect(parseIdentities('{"userId":"1"}')).toEqual([]);
    expect(parseIdentities(undefined)).toEqual([]);
  });
});
