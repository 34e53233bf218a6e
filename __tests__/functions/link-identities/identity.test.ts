import { readConfig } from "../../../functions/link-identities/config";
import {
  type Directory,
  parseIdentities,
  unusablePassword,
  UserExistsError,
} from "../../../functions/link-identities/directory";
import {
  emailFilter,
  emailVariants,
  emailVerifiedByProvider,
  externalIdentityOf,
  normalizedEmail,
  usableEmail,
} from "../../../functions/link-identities/identity";
import { linkByEmail } from "../../../functions/link-identities/link";
import { refusalMessage } from "../../../functions/link-identities/refusals";

const providers = [
  { name: "Google", type: "Google", trustEmail: false },
  { name: "CorpOkta", type: "OIDC", trustEmail: false, emailDomains: ["corp.example.com"] },
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
    expect(externalIdentityOf(userName, config)).toEqual({
      provider: expect.objectContaining({ name: provider }),
      providerUserId: id,
    });
  });

  test.each(["Facebook_123", "Google", "Google_", "_123", "Googlex", "4f1c2a8e-0000-4000-8000-000000000001"])(
    "finds no linkable identity in %s",
    (userName) => {
      expect(externalIdentityOf(userName, config)).toBeUndefined();
    },
  );
});

describe("the email a provider sends", () => {
  test("escapes quotes and backslashes in the ListUsers filter, which cognito-local does not parse", () => {
    expect(emailFilter("ada@example.com")).toBe('email = "ada@example.com"');
    expect(emailFilter('"ada\\lovelace"@example.com')).toBe('email = "\\"ada\\\\lovelace\\"@example.com"');
  });

  test("ignores addresses it cannot search for safely", () => {
    expect(usableEmail({ email: "ada@example.com" })).toBe("ada@example.com");
    for (const email of [
      "",
      "ada",
      "ada@",
      "@example.com",
      "ada\n@example.com",
      `${"a".repeat(250)}@example.com`,
      undefined,
    ]) {
      expect(usableEmail({ email })).toBeUndefined();
    }
  });

  test("counts the email as verified only when the provider says exactly true", () => {
    expect(emailVerifiedByProvider({ email_verified: "true" })).toBe(true);
    expect(emailVerifiedByProvider({ email_verified: "True" })).toBe(true);
    for (const value of ["false", "1", "yes", "", undefined])
      expect(emailVerifiedByProvider({ email_verified: value })).toBe(false);
  });
});

describe("comparing addresses", () => {
  test("folds ASCII capitals only, so a look-alike letter never turns into another person's address", () => {
    expect(normalizedEmail("Ada.Lovelace@Example.COM")).toBe("ada.lovelace@example.com");
    // The Kelvin sign lowercases to "k" under full Unicode rules; it must stay what it is.
    expect(normalizedEmail("\u212Aate@example.com")).toBe("\u212Aate@example.com");
    expect(normalizedEmail("\u00C9mile@example.com")).toBe("\u00C9mile@example.com");
  });

  test("looks an address up as sent, with its domain in lowercase, and fully normalized, without repeats", () => {
    expect(emailVariants("Ada@Example.COM")).toEqual(["Ada@Example.COM", "Ada@example.com", "ada@example.com"]);
    expect(emailVariants("ada@example.com")).toEqual(["ada@example.com"]);
    expect(emailVariants('"a@b"@Example.com')).toEqual(['"a@b"@Example.com', '"a@b"@example.com']);
  });
});

/** Every provider type, each named after its type, with the given trust settings. */
const everyType = (settings: (type: string) => Record<string, unknown>) =>
  readConfig({
    LINKABLE_PROVIDERS: JSON.stringify(
      ["Google", "SignInWithApple", "Facebook", "LoginWithAmazon", "OIDC", "SAML"].map((type) => ({
        name: type === "OIDC" ? "CorpOkta" : type === "SAML" ? "CorpAdfs" : type,
        type,
        trustEmail: false,
        ...settings(type),
      })),
    ),
  });
/** Providers that send no email_verified are trusted with trustEmail, which needs domains. */
const sendsNoVerifiedClaim = (type: string) => ["Facebook", "LoginWithAmazon", "SAML"].includes(type);
/** Each provider trusted for corp.example.com only. */
const scoped = everyType((type) => ({ emailDomains: ["corp.example.com"], trustEmail: sendsNoVerifiedClaim(type) }));
/** Each provider as configured without linkEmailDomains. */
const unscoped = everyType(() => ({}));
const PROVIDERS = [
  ["Google", "Google"],
  ["SignInWithApple", "SignInWithApple"],
  ["Facebook", "Facebook"],
  ["LoginWithAmazon", "LoginWithAmazon"],
  ["OIDC", "CorpOkta"],
  ["SAML", "CorpAdfs"],
] as const;
/** What a provider its operator (or an attacker) controls can assert: the victim's address, marked verified. */
const asserting = (provider: string, email: string) => ({
  triggerSource: "PreSignUp_ExternalProvider",
  userName: `${provider}_attacker1`,
  userAttributes: { email, email_verified: "true" },
});

describe("which provider may speak for an address", () => {
  test.each(PROVIDERS)(
    "%s trusted for corp.example.com neither links nor creates a user for an address elsewhere",
    async (_, provider) => {
      await expect(linkByEmail(asserting(provider, "victim@example.com"), scoped, untouchable)).resolves.toEqual({
        action: "pass",
        reason: "provider-not-trusted-for-email",
      });
    },
  );

  test.each(PROVIDERS)("%s trusted for corp.example.com is not trusted for its subdomains", async (_, provider) => {
    await expect(linkByEmail(asserting(provider, "victim@eu.corp.example.com"), scoped, untouchable)).resolves.toEqual({
      action: "pass",
      reason: "provider-not-trusted-for-email",
    });
  });

  test.each(PROVIDERS)(
    "%s trusted for corp.example.com looks up an address there, whatever the case of its domain",
    async (_, provider) => {
      await expect(linkByEmail(asserting(provider, "ada@Corp.Example.COM"), scoped, untouchable)).rejects.toThrow(
        /must not call findUsersByEmail/,
      );
    },
  );

  test.each(PROVIDERS.filter(([type]) => !["Google", "SignInWithApple"].includes(type)))(
    "%s without linkEmailDomains is trusted for no address at all",
    async (_, provider) => {
      await expect(linkByEmail(asserting(provider, "victim@example.com"), unscoped, untouchable)).resolves.toEqual({
        action: "pass",
        reason: "provider-not-trusted-for-email",
      });
    },
  );

  test.each(["Google", "SignInWithApple"])(
    "%s without linkEmailDomains may link an address of any domain it verified",
    async (provider) => {
      await expect(linkByEmail(asserting(provider, "ada@example.com"), unscoped, untouchable)).rejects.toThrow(
        /must not call findUsersByEmail/,
      );
    },
  );

  test("a provider trusted for a domain still needs email_verified there unless trustEmail is set", async () => {
    const unverified = (provider: string) => ({
      ...asserting(provider, "ada@corp.example.com"),
      userAttributes: { email: "ada@corp.example.com" },
    });
    await expect(linkByEmail(unverified("CorpOkta"), scoped, untouchable)).resolves.toEqual({
      action: "pass",
      reason: "email-not-verified-by-provider",
    });
    await expect(linkByEmail(unverified("CorpAdfs"), scoped, untouchable)).rejects.toThrow(
      /must not call findUsersByEmail/,
    );
  });

  test("ignores trustEmail on a provider without domains, even when a configuration got past the checks", async () => {
    const loose = {
      ...unscoped,
      providers: new Map([
        [
          "google",
          { name: "Google", type: "Google" as const, trustEmail: true, emailDomains: [], lowercaseUserIds: false },
        ],
      ]),
    };
    const request = {
      ...asserting("Google", "ada@example.com"),
      userAttributes: { email: "ada@example.com", email_verified: "false" },
    };
    await expect(linkByEmail(request, loose, untouchable)).resolves.toEqual({
      action: "pass",
      reason: "email-not-verified-by-provider",
    });
  });
});

describe("decisions made before the pool is asked", () => {
  test("lets a federated sign-in without an email through unlinked", async () => {
    await expect(
      linkByEmail(
        {
          triggerSource: "PreSignUp_ExternalProvider",
          userName: "Google_1",
          userAttributes: { email_verified: "true" },
        },
        config,
        untouchable,
      ),
    ).resolves.toEqual({ action: "pass", reason: "no-email" });
  });

  test("does not link an OIDC identity whose user id a case-insensitive pool has lowercased, but still links Google", async () => {
    const lowercased = readConfig({
      LINKABLE_PROVIDERS: JSON.stringify(providers),
      CASE_INSENSITIVE_USERNAMES: "true",
    });
    const request = (userName: string) => ({
      triggerSource: "PreSignUp_ExternalProvider",
      userName,
      userAttributes: { email: "ada@corp.example.com", email_verified: "true" },
    });

    await expect(linkByEmail(request("corpokta_00u1abc"), lowercased, untouchable)).resolves.toEqual({
      action: "pass",
      reason: "provider-id-case-lost",
    });
    await expect(linkByEmail(request("google_1234"), lowercased, untouchable)).rejects.toThrow(
      /must not call findUsersByEmail/,
    );
  });

  test("links a lowercased OIDC identity when the configuration says the provider's user ids hold no capitals", async () => {
    const declared = providers.map((provider) =>
      provider.type === "OIDC" ? { ...provider, lowercaseUserIds: true } : provider,
    );
    const lowercased = readConfig({ LINKABLE_PROVIDERS: JSON.stringify(declared), CASE_INSENSITIVE_USERNAMES: "true" });
    const request = {
      triggerSource: "PreSignUp_ExternalProvider",
      userName: "corpokta_0b7e-41d2",
      userAttributes: { email: "ada@corp.example.com", email_verified: "true" },
    };
    await expect(linkByEmail(request, lowercased, untouchable)).rejects.toThrow(/must not call findUsersByEmail/);
    expect(() =>
      readConfig({ LINKABLE_PROVIDERS: JSON.stringify([{ ...providers[1], lowercaseUserIds: "yes" }]) }),
    ).toThrow(/invalid entry/);
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
    expect(() => readConfig({ LINKABLE_PROVIDERS: "[]", USERNAME_IS_EMAIL: "maybe" })).toThrow(
      /USERNAME_IS_EMAIL must be "true" or "false"/,
    );
  });

  test("reads the email domains a provider is trusted for", () => {
    const read = readConfig({
      LINKABLE_PROVIDERS:
        '[{"name":"CorpOkta","type":"OIDC","trustEmail":false,"emailDomains":["corp.example.com","example.org"]}]',
    });
    expect(read.providers.get("corpokta")?.emailDomains).toEqual(["corp.example.com", "example.org"]);
    expect(
      readConfig({ LINKABLE_PROVIDERS: '[{"name":"Google","type":"Google"}]' }).providers.get("google")?.emailDomains,
    ).toEqual([]);
  });

  test.each([
    ["a domain in capitals", '"emailDomains":["Corp.example.com"]'],
    ["a wildcard domain", '"emailDomains":["*.example.com"]'],
    ["a bare top-level domain", '"emailDomains":["com"]'],
    ["domains that are not a list", '"emailDomains":"corp.example.com"'],
    ["a domain that is not a string", '"emailDomains":[42]'],
  ])("rejects %s", (_, domains) => {
    expect(() => readConfig({ LINKABLE_PROVIDERS: `[{"name":"CorpOkta","type":"OIDC",${domains}}]` })).toThrow(
      /invalid entry/,
    );
  });

  test("rejects trustEmail without email domains, which would let the provider vouch for any address", () => {
    expect(() =>
      readConfig({ LINKABLE_PROVIDERS: '[{"name":"Facebook","type":"Facebook","trustEmail":true}]' }),
    ).toThrow(/Facebook has trustEmail without emailDomains/);
    expect(() =>
      readConfig({ LINKABLE_PROVIDERS: '[{"name":"Facebook","type":"Facebook","trustEmail":true,"emailDomains":[]}]' }),
    ).toThrow(/trustEmail without emailDomains/);
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
    expect(parseIdentities('[{"userId":"1","providerName":"Google","providerType":"Google","primary":false}]')).toEqual(
      [{ providerName: "Google", userId: "1" }],
    );
    expect(parseIdentities("not json")).toEqual([]);
    expect(parseIdentities('{"userId":"1"}')).toEqual([]);
    expect(parseIdentities(undefined)).toEqual([]);
  });
});

describe("the linker's configuration, entry by entry", () => {
  const entry = (fields: Record<string, unknown>) =>
    readConfig({ LINKABLE_PROVIDERS: JSON.stringify([{ name: "CorpOkta", type: "OIDC", ...fields }]) });

  test("rejects an entry that is not an object", () => {
    expect(() => readConfig({ LINKABLE_PROVIDERS: "[null]" })).toThrow(/invalid entry: null/);
    expect(() => readConfig({ LINKABLE_PROVIDERS: '"Google"' })).toThrow(/JSON array/);
  });

  test("takes provider names of 1 to 32 characters without underscores or blanks, as Cognito does", () => {
    expect(entry({ name: "a".repeat(32) }).providers.has("a".repeat(32))).toBe(true);
    for (const name of ["a".repeat(33), "", "Corp Okta", "Corp\tOkta", 42])
      expect(() => entry({ name })).toThrow(/invalid entry/);
  });

  test("keys providers by their lowercased name, keeping the name as configured", () => {
    expect(entry({}).providers.get("corpokta")?.name).toBe("CorpOkta");
    expect(entry({}).providers.has("CorpOkta")).toBe(false);
  });

  test("takes lowercaseUserIds only as a boolean, false unless set", () => {
    expect(entry({}).providers.get("corpokta")?.lowercaseUserIds).toBe(false);
    expect(entry({ lowercaseUserIds: true }).providers.get("corpokta")?.lowercaseUserIds).toBe(true);
    expect(() => entry({ lowercaseUserIds: "true" })).toThrow(/invalid entry/);
  });

  test("trusts a provider's email only for trustEmail exactly true", () => {
    expect(
      entry({ trustEmail: "true", emailDomains: ["corp.example.com"] }).providers.get("corpokta")?.trustEmail,
    ).toBe(false);
    expect(entry({ trustEmail: true, emailDomains: ["corp.example.com"] }).providers.get("corpokta")?.trustEmail).toBe(
      true,
    );
  });

  test("reads true and false flags whatever their case and blanks, and the defaults for empty ones", () => {
    const flags = readConfig({ USERNAME_IS_EMAIL: " FALSE ", CASE_INSENSITIVE_USERNAMES: "True" });
    expect([flags.usernameIsEmail, flags.caseInsensitiveUsernames]).toEqual([false, true]);
    const empty = readConfig({ USERNAME_IS_EMAIL: " ", CASE_INSENSITIVE_USERNAMES: "" });
    expect([empty.usernameIsEmail, empty.caseInsensitiveUsernames]).toEqual([true, false]);
    expect(() => readConfig({ CASE_INSENSITIVE_USERNAMES: "1" })).toThrow(
      /CASE_INSENSITIVE_USERNAMES must be "true" or "false", got "1"/,
    );
  });
});

describe("addresses at their limits", () => {
  test("takes an address of 254 characters, the most an address may have, and refuses 255", () => {
    const address = (length: number) => `${"a".repeat(length - "@example.com".length)}@example.com`;
    expect(usableEmail({ email: address(254) })).toBe(address(254));
    expect(usableEmail({ email: address(255) })).toBeUndefined();
  });

  test("trims blanks around an address, and refuses one with a DEL or other control character", () => {
    expect(usableEmail({ email: "  ada@example.com \t" })).toBe("ada@example.com");
    for (const email of ["ada\u007f@example.com", "ada\u0000@example.com", "ada@exam\u001fple.com"])
      expect(usableEmail({ email })).toBeUndefined();
  });

  test("splits at the last @, so a quoted local part keeps its own", () => {
    expect(usableEmail({ email: '"a@b"@example.com' })).toBe('"a@b"@example.com');
    expect(usableEmail({ email: "a@" })).toBeUndefined();
    expect(usableEmail({ email: "@a" })).toBeUndefined();
  });
});

describe("federated usernames and linked identities at their edges", () => {
  test("reads a provider name of one character", () => {
    const oneLetter = readConfig({
      LINKABLE_PROVIDERS: '[{"name":"X","type":"OIDC","emailDomains":["corp.example.com"]}]',
    });
    expect(externalIdentityOf("X_123", oneLetter)).toEqual({
      provider: expect.objectContaining({ name: "X" }),
      providerUserId: "123",
    });
  });

  test("keeps only entries of the identities attribute that name both a provider and a user id", () => {
    expect(
      parseIdentities(
        '[{"providerName":"Google"},{"userId":"2"},null,{"providerName":"CorpOkta","userId":"3","primary":true}]',
      ),
    ).toEqual([{ providerName: "CorpOkta", userId: "3" }]);
    expect(parseIdentities("")).toEqual([]);
    expect(parseIdentities("null")).toEqual([]);
  });
});

describe("decisions that depend on what the pool answers", () => {
  const request = {
    triggerSource: "PreSignUp_ExternalProvider",
    userName: "Google_4242",
    userAttributes: { email: "ada@example.com", email_verified: "true" },
  };
  const owner = {
    username: "ada",
    status: "CONFIRMED",
    enabled: true,
    email: "ada@example.com",
    emailVerified: true,
    createdAt: new Date(0),
  };
  /** A pool of plain data behind the Directory interface: the users it holds and what creating one does. */
  const pool = (
    users: Array<typeof owner>,
    create: () => Promise<string>,
    identities: Array<{ providerName: string; userId: string }> = [],
  ) => {
    const links: string[] = [];
    const directory: Directory = {
      findUsersByEmail: async () => users,
      createNativeUser: create,
      linkedIdentities: async () => identities,
      link: async (username, provider, id) => void links.push(`${username}:${provider}:${id}`),
    };
    return { directory, links };
  };

  test("links an identity whose user id is already linked from another provider: ids are unique per provider only", async () => {
    const { directory, links } = pool([owner], async () => "unused", [{ providerName: "CorpOkta", userId: "4242" }]);

    const outcome = await linkByEmail(request, config, directory);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", alreadyLinked: false }));
    expect(links).toEqual(["ada:Google:4242"]);
  });

  test("recognises its own earlier link whatever the case of the provider's name", async () => {
    const { directory, links } = pool([owner], async () => "unused", [{ providerName: "google", userId: "4242" }]);

    await expect(linkByEmail(request, config, directory)).resolves.toEqual(
      expect.objectContaining({ action: "linked", alreadyLinked: true }),
    );
    expect(links).toEqual([]);
  });

  test("gives up, rather than link, when the user created meanwhile has no verified address or is gone", async () => {
    for (const meanwhile of [[{ ...owner, emailVerified: false }], []]) {
      let created = false;
      const users: Array<typeof owner> = [];
      const { directory, links } = pool(users, async () => {
        created = true;
        users.push(...meanwhile);
        throw new UserExistsError("exists");
      });

      await expect(linkByEmail(request, config, directory)).rejects.toBeInstanceOf(UserExistsError);
      expect([created, links]).toEqual([true, []]);
    }
  });

  test("passes on a failure to create the user that is not a concurrent sign-in, even if an account appeared meanwhile", async () => {
    const users: Array<typeof owner> = [];
    const { directory, links } = pool(users, async () => {
      users.push(owner);
      throw new Error("throttled");
    });

    await expect(linkByEmail(request, config, directory)).rejects.toThrow("throttled");
    expect(links).toEqual([]);
  });
});
