import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { readConfig } from "../../../functions/link-identities/config";
import { CognitoDirectory, type Directory, UserExistsError } from "../../../functions/link-identities/directory";
import { linkByEmail, type SignUpRequest } from "../../../functions/link-identities/link";
import { refusalMessage } from "../../../functions/link-identities/refusals";
import { type CognitoLocal, startCognitoLocal } from "./support/cognito-local";
import { freshEmail } from "./support/events";
import { type LinkStub, stubLinking } from "./support/link-stub";

// freshEmail gives addresses at example.com: the OIDC and Amazon providers are trusted for that domain.
const config = readConfig({
  LINKABLE_PROVIDERS: JSON.stringify([
    { name: "Google", type: "Google", trustEmail: false },
    { name: "LoginWithAmazon", type: "LoginWithAmazon", trustEmail: false, emailDomains: ["example.com"] },
    { name: "CorpOkta", type: "OIDC", trustEmail: false, emailDomains: ["example.com"] },
  ]),
  USERNAME_IS_EMAIL: "true",
});

let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;
let stub: LinkStub;
let directory: CognitoDirectory;

beforeAll(async () => {
  cognito = await startCognitoLocal();
}, 20_000);
afterAll(() => cognito?.close());
beforeEach(() => {
  client = cognito.newClient();
  stub = stubLinking(client, cognito.client);
  directory = new CognitoDirectory(client, cognito.userPoolId, true);
});
afterEach(() => client.destroy());

const federated = (userName: string, attributes: Record<string, string>): SignUpRequest => ({
  triggerSource: "PreSignUp_ExternalProvider",
  userName,
  userAttributes: { "cognito:email_alias": "", ...attributes },
});
const google = (id: string, email: string, verified = "true") =>
  federated(`Google_${id}`, { email, email_verified: verified, name: "Ada Lovelace" });
const okta = (id: string, email: string) =>
  federated(`CorpOkta_${id}`, { email, email_verified: "true", name: "Ada Lovelace" });

describe("the linker against cognito-local", () => {
  test("cognito-local cannot link identities itself, which is why AdminLinkProviderForUser is stubbed", async () => {
    // If this starts to pass, cognito-local has learnt the call: drop the stub and link for real.
    await expect(
      cognito.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: cognito.userPoolId,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "nobody" },
          SourceUser: { ProviderName: "Google", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "1" },
        }),
      ),
    ).rejects.toThrow(/unsupported/i);
  });

  test("creates a confirmed native user with the verified email for a first Google sign-in, and links Google to it", async () => {
    const email = freshEmail("first");

    const outcome = await linkByEmail(google("1001", email), config, directory);

    const [user] = await cognito.usersWithEmail(email);
    expect(user.UserStatus).toBe("CONFIRMED");
    expect(await cognito.attributesOf(user.Username as string)).toEqual(
      expect.objectContaining({ email, email_verified: "true" }),
    );
    expect(outcome).toEqual({
      action: "linked",
      username: user.Username,
      createdUser: true,
      alreadyLinked: false,
      provider: "Google",
    });
    expect(stub.requests).toEqual([
      {
        UserPoolId: cognito.userPoolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: user.Username },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "1001",
        },
      },
    ]);
    expect(refusalMessage(outcome)).toMatch(/^ACCOUNT_LINKED: .*sign in again/);
  });

  test("links Google and then the OIDC provider of one person to the same user, so both sign in with one sub", async () => {
    const email = freshEmail("both");

    const first = await linkByEmail(google("2001", email), config, directory);
    const second = await linkByEmail(okta("2002", email), config, directory);

    const users = await cognito.usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(first.action === "linked" && second.action === "linked" && second.username === first.username).toBe(true);
    expect(second).toEqual(expect.objectContaining({ createdUser: false, provider: "CorpOkta" }));
    expect(
      stub.requests.map((r) => [
        r.DestinationUser?.ProviderAttributeValue,
        r.SourceUser?.ProviderName,
        r.SourceUser?.ProviderAttributeValue,
      ]),
    ).toEqual([
      [users[0].Username, "Google", "2001"],
      [users[0].Username, "CorpOkta", "2002"],
    ]);
  });

  test("links a federated sign-in to an existing password user without touching that user", async () => {
    const email = freshEmail("native");
    const username = await cognito.createNativeUser(email);
    const before = await cognito.attributesOf(username);

    const outcome = await linkByEmail(google("3001", email), config, directory);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", username, createdUser: false }));
    expect(await cognito.usersWithEmail(email)).toHaveLength(1);
    expect((await cognito.attributesOf(username)).sub).toBe(before.sub);
  });

  test("finds the account when the provider writes the email's domain in capitals, which are not significant there", async () => {
    const email = freshEmail("domain-case");
    const username = await cognito.createNativeUser(email);

    const outcome = await linkByEmail(google("3501", email.replace("@example.com", "@Example.COM")), config, directory);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", username, createdUser: false }));
  });

  test("is idempotent: the same event twice creates one user and links once", async () => {
    const email = freshEmail("twice");

    const first = await linkByEmail(google("4001", email), config, directory);
    const second = await linkByEmail(google("4001", email), config, directory);

    expect(await cognito.usersWithEmail(email)).toHaveLength(1);
    expect(stub.requests).toHaveLength(1);
    expect(first).toEqual(expect.objectContaining({ action: "linked", alreadyLinked: false }));
    expect(second).toEqual(expect.objectContaining({ action: "linked", alreadyLinked: true, createdUser: false }));
  });

  test("converges on one user when two first sign-ins of one person race", async () => {
    const email = freshEmail("race");
    // Both sign-ins look the email up before either creates a user: the worst interleaving, made certain.
    let looked = 0;
    let bothLooked: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (bothLooked = resolve));
    const racing: Directory = {
      findUsersByEmail: async (address) => {
        const users = await directory.findUsersByEmail(address);
        if (++looked === 2) bothLooked();
        if (looked <= 2) await gate;
        return users;
      },
      createNativeUser: jest.fn((address: string) => directory.createNativeUser(address)),
      linkedIdentities: (username) => directory.linkedIdentities(username),
      link: (username, provider, id) => directory.link(username, provider, id),
    };

    const outcomes = await Promise.all([
      linkByEmail(google("5001", email), config, racing),
      linkByEmail(okta("5002", email), config, racing),
    ]);

    const users = await cognito.usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(outcomes.map((o) => (o.action === "linked" ? o.username : o.action))).toEqual([
      users[0].Username,
      users[0].Username,
    ]);
    // Both tried to create the user; the loser was told it exists, found the winner's user and linked to it.
    expect(racing.createNativeUser).toHaveBeenCalledTimes(2);
    expect(outcomes.map((o) => o.action === "linked" && o.createdUser).sort()).toEqual([false, true]);
  });

  test("does not link when the provider says the email is not verified, and creates no user", async () => {
    const email = freshEmail("unverified-idp");

    const outcome = await linkByEmail(google("6001", email, "false"), config, directory);

    expect(outcome).toEqual({ action: "pass", reason: "email-not-verified-by-provider" });
    expect(await cognito.usersWithEmail(email)).toEqual([]);
    expect(stub.requests).toEqual([]);
  });

  test("does not link a provider that sends no email_verified without trustEmail, even for its own domain", async () => {
    const email = freshEmail("amazon");

    const outcome = await linkByEmail(federated("LoginWithAmazon_amzn1.account.AF12", { email }), config, directory);

    expect(outcome).toEqual({ action: "pass", reason: "email-not-verified-by-provider" });
    expect(await cognito.usersWithEmail(email)).toEqual([]);
  });

  test("never links to an account whose own email is unverified, which could belong to someone else", async () => {
    const email = freshEmail("squatter");
    await cognito.createNativeUser(email, { verified: false });

    const outcome = await linkByEmail(google("7001", email), config, directory);

    expect(outcome).toEqual({ action: "pass", reason: "existing-account-unverified" });
    expect(await cognito.usersWithEmail(email)).toHaveLength(1);
    expect(stub.requests).toEqual([]);
  });

  test("refuses the sign-up of a disabled account's owner instead of creating a fresh account", async () => {
    const email = freshEmail("disabled");
    const username = await cognito.createNativeUser(email);
    await cognito.client.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));

    const outcome = await linkByEmail(google("8001", email), config, directory);

    expect(outcome).toEqual({ action: "refused", reason: "account-disabled", username, provider: "Google" });
    expect(refusalMessage(outcome)).toMatch(/^ACCOUNT_DISABLED/);
    expect(stub.requests).toEqual([]);
  });

  test("respects Cognito's limit of five linked identities", async () => {
    const email = freshEmail("limit");
    const username = await cognito.createNativeUser(email);
    stub.preload(
      username,
      [1, 2, 3, 4, 5].map((n) => ({ providerName: n % 2 ? "Google" : "CorpOkta", userId: `old-${n}` })),
    );

    const outcome = await linkByEmail(okta("9001", email), config, directory);

    expect(outcome).toEqual({ action: "refused", reason: "identity-limit", username, provider: "CorpOkta" });
    expect(refusalMessage(outcome)).toBe(
      "LINK_LIMIT_REACHED: the account for this email address already has 5 linked sign-in providers",
    );
    expect(stub.requests).toEqual([]);
  });

  test("lets sign-ups other than federated ones through without calling Cognito", async () => {
    const email = freshEmail("password");
    const calls: string[] = [];
    client.middlewareStack.add(
      (next, context) => (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: "initialize", name: "countCalls" },
    );

    for (const triggerSource of ["PreSignUp_SignUp", "PreSignUp_AdminCreateUser"]) {
      const outcome = await linkByEmail(
        { triggerSource, userName: email, userAttributes: { email, email_verified: "true" } },
        config,
        directory,
      );
      expect(outcome).toEqual({ action: "pass", reason: "not-federated" });
    }

    expect(calls).toEqual([]);
    expect(await cognito.usersWithEmail(email)).toEqual([]);
  });

  test("lets a provider the configuration does not list through unlinked", async () => {
    const email = freshEmail("unknown");

    const outcome = await linkByEmail(federated("SomeSaml_abc", { email, email_verified: "true" }), config, directory);

    expect(outcome).toEqual({ action: "pass", reason: "provider-not-linkable" });
    expect(await cognito.usersWithEmail(email)).toEqual([]);
  });
});

describe("the Cognito directory's calls, against cognito-local", () => {
  /** Records the input of every call `client` sends, by command name. */
  const recordCalls = (target: CognitoIdentityProviderClient) => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    target.middlewareStack.add(
      (next, context) => (args) => {
        calls.push([String(context.commandName), args.input as Record<string, unknown>]);
        return next(args);
      },
      { step: "initialize", name: "recordCalls" },
    );
    return calls;
  };
  /** A client whose AdminCreateUser answers with `answer` instead of reaching cognito-local. */
  const creatingAnswers = (answer: () => unknown) => {
    const fake = cognito.newClient();
    fake.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "AdminCreateUserCommand") return { output: answer(), response: {} } as never;
        return next(args);
      },
      { step: "initialize", name: "answerCreate" },
    );
    return fake;
  };

  test("creates the user without Cognito's invitation, its address verified, with a permanent password nobody knows", async () => {
    const email = freshEmail("created");
    const calls = recordCalls(client);

    await linkByEmail(google("9401", email), config, directory);

    const [, created] = calls.find(([name]) => name === "AdminCreateUserCommand")!;
    expect(created).toEqual({
      UserPoolId: cognito.userPoolId,
      Username: email,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
      MessageAction: "SUPPRESS",
    });
    const [, password] = calls.find(([name]) => name === "AdminSetUserPasswordCommand")!;
    expect(password).toEqual(expect.objectContaining({ UserPoolId: cognito.userPoolId, Permanent: true }));
    expect(String(password.Password)).toHaveLength(100);
  });

  test("reports a user that appeared meanwhile, by username or by address, as UserExistsError, and other failures as they are", async () => {
    for (const name of ["UsernameExistsException", "AliasExistsException"]) {
      const fake = creatingAnswers(() => {
        throw Object.assign(new Error("exists"), { name });
      });
      await expect(
        new CognitoDirectory(fake, cognito.userPoolId, true).createNativeUser(freshEmail("race")),
      ).rejects.toBeInstanceOf(UserExistsError);
      fake.destroy();
    }
    const throttled = creatingAnswers(() => {
      throw Object.assign(new Error("slow down"), { name: "TooManyRequestsException" });
    });
    await expect(
      new CognitoDirectory(throttled, cognito.userPoolId, true).createNativeUser(freshEmail("busy")),
    ).rejects.toThrow(expect.objectContaining({ name: "TooManyRequestsException" }));
    throttled.destroy();
  });

  test("refuses to go on when AdminCreateUser names no user", async () => {
    const fake = creatingAnswers(() => ({ User: {} }));
    await expect(
      new CognitoDirectory(fake, cognito.userPoolId, true).createNativeUser(freshEmail("nameless")),
    ).rejects.toThrow(/returned no username/);
    fake.destroy();
  });
});

/** Every provider type, by the name it has in the pool. */
const TYPES = [
  ["Google", "Google"],
  ["SignInWithApple", "SignInWithApple"],
  ["Facebook", "Facebook"],
  ["LoginWithAmazon", "LoginWithAmazon"],
  ["OIDC", "CorpOkta"],
  ["SAML", "CorpAdfs"],
] as const;
const SENDS_NO_VERIFIED_CLAIM = ["Facebook", "LoginWithAmazon", "SAML"];
/** Each provider trusted for `domains` (with trustEmail where it sends no email_verified), or as configured without linkEmailDomains. */
const everyProviderTrustedFor = (domains: string[]) =>
  readConfig({
    LINKABLE_PROVIDERS: JSON.stringify(
      TYPES.map(([type, name]) => ({
        name,
        type,
        trustEmail: domains.length > 0 && SENDS_NO_VERIFIED_CLAIM.includes(type),
        ...(domains.length > 0 ? { emailDomains: domains } : {}),
      })),
    ),
    USERNAME_IS_EMAIL: "true",
  });
const corpOnly = everyProviderTrustedFor(["corp.example.com"]);
const withoutDomains = everyProviderTrustedFor([]);
const ATTACKS: Array<[string, string, ReturnType<typeof readConfig>]> = [
  ...TYPES.map(([type, name]): [string, string, ReturnType<typeof readConfig>] => [
    `${type} trusted for corp.example.com`,
    name,
    corpOnly,
  ]),
  ...TYPES.filter(([type]) => type !== "Google" && type !== "SignInWithApple").map(
    ([type, name]): [string, string, ReturnType<typeof readConfig>] => [
      `${type} without linkEmailDomains`,
      name,
      withoutDomains,
    ],
  ),
];
let attacker = 0;
/** The strongest claim a provider's operator (or an account holder who sets the address) can make: the victim's address, verified. */
const claimOf = (provider: string, email: string) =>
  federated(`${provider}_attacker${++attacker}`, { email, email_verified: "true", name: "Not Ada" });

describe("a provider that is not trusted for the address, against cognito-local", () => {
  test.each(ATTACKS)("%s cannot link into the account of a victim at example.com", async (_, provider, trusted) => {
    const victim = freshEmail("victim");
    const username = await cognito.createNativeUser(victim);
    const before = await cognito.attributesOf(username);

    const outcome = await linkByEmail(claimOf(provider, victim), trusted, directory);

    expect(outcome).toEqual({ action: "pass", reason: "provider-not-trusted-for-email" });
    expect(stub.requests).toEqual([]);
    expect((await cognito.usersWithEmail(victim)).map((user) => user.Username)).toEqual([username]);
    expect(await cognito.attributesOf(username)).toEqual(before);
  });

  test.each(ATTACKS)(
    "%s cannot create the account for a victim's address before the victim signs up",
    async (_, provider, trusted) => {
      const victim = freshEmail("not-yet");

      const outcome = await linkByEmail(claimOf(provider, victim), trusted, directory);

      expect(outcome).toEqual({ action: "pass", reason: "provider-not-trusted-for-email" });
      expect(stub.requests).toEqual([]);
      expect(await cognito.usersWithEmail(victim)).toEqual([]);
    },
  );
});

describe("addresses compared without regard to case, against cognito-local", () => {
  test("finds the account when the provider spells the whole address in capitals", async () => {
    const email = freshEmail("caps");
    const username = await cognito.createNativeUser(email);

    const outcome = await linkByEmail(google("3601", email.toUpperCase()), config, directory);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", username, createdUser: false }));
    expect(await cognito.usersWithEmail(email)).toHaveLength(1);
    expect(await cognito.usersWithEmail(email.toUpperCase())).toEqual([]);
  });

  test("stores a created user's address in lowercase, so a provider that spells it otherwise joins the same user", async () => {
    const email = freshEmail("grace");
    const spelled = `G${email.slice(1).replace("@example.com", "@Example.COM")}`;

    const first = await linkByEmail(google("3701", spelled), config, directory);
    const second = await linkByEmail(okta("3702", email), config, directory);

    const users = await cognito.usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(await cognito.attributesOf(users[0].Username as string)).toEqual(
      expect.objectContaining({ email, email_verified: "true" }),
    );
    expect(first).toEqual(
      expect.objectContaining({ action: "linked", username: users[0].Username, createdUser: true }),
    );
    expect(second).toEqual(
      expect.objectContaining({ action: "linked", username: users[0].Username, createdUser: false }),
    );
  });

  test("folds nothing but ASCII capitals: a Kelvin sign in place of a K does not reach kate's account", async () => {
    const email = freshEmail("kate");
    const username = await cognito.createNativeUser(email);

    const outcome = await linkByEmail(google("3801", `\u212A${email.slice(1)}`), config, directory);

    expect(outcome.action === "linked" && outcome.username).not.toBe(username);
    expect(stub.requests.map((request) => request.DestinationUser?.ProviderAttributeValue)).not.toContain(username);
  });
});

// A pool that signs in by username lets several users hold one address (it is not an alias): which one is linked into?
describe("choosing the account to link into, in a pool that signs in by username, against cognito-local", () => {
  let usernamePoolId: string;
  let pool: CognitoDirectory;
  /** Creates a confirmed user `username` with `email` (verified). */
  const createUser = async (username: string, email: string) => {
    await cognito.client.send(
      new AdminCreateUserCommand({
        UserPoolId: usernamePoolId,
        Username: username,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
        MessageAction: "SUPPRESS",
      }),
    );
    await cognito.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: usernamePoolId,
        Username: username,
        Password: "Correct-Horse-42!",
        Permanent: true,
      }),
    );
    return username;
  };
  const creationSeconds = async (email: string) => {
    const { Users = [] } = await cognito.client.send(
      new ListUsersCommand({ UserPoolId: usernamePoolId, Filter: `email = "${email}"` }),
    );
    return new Set(Users.map((user) => user.UserCreateDate?.getTime()));
  };
  const linkedInto = () => stub.requests.map((request) => request.DestinationUser?.ProviderAttributeValue);
  /** Users made a second before the others: Cognito (and cognito-local) date users to the second. */
  const older = {
    email: freshEmail("oldest"),
    federatedEmail: freshEmail("federated-first"),
    username: "zz-oldest",
    federated: "google_9201",
  };

  beforeAll(async () => {
    const { UserPool } = await cognito.client.send(
      new CreateUserPoolCommand({ PoolName: "link-identities-usernames", UsernameAttributes: [] }),
    );
    usernamePoolId = UserPool?.Id as string;
    await createUser(older.username, older.email);
    await createUser(older.federated, older.federatedEmail);
    await new Promise((resolve) => setTimeout(resolve, 1020 - (Date.now() % 1000)));
    await createUser("aa-newer", older.email);
    await createUser("mm-newer", older.email);
    await createUser("native-9201", older.federatedEmail);
  });
  beforeEach(() => {
    pool = new CognitoDirectory(client, usernamePoolId, false);
  });

  test("links into the oldest verified account with the address, not a newer one nor the first by name", async () => {
    expect((await creationSeconds(older.email)).size).toBe(2);

    const outcome = await linkByEmail(google("9101", older.email), config, pool);

    expect(outcome).toEqual(
      expect.objectContaining({ action: "linked", username: older.username, createdUser: false }),
    );
    expect(linkedInto()).toEqual([older.username]);
  });

  test("links into the first by username of accounts created in the same second, whichever answers first", async () => {
    let email = "";
    // Three creations may straddle a second; then try again with a new address.
    for (let attempt = 0; attempt < 3 && (email === "" || (await creationSeconds(email)).size !== 1); attempt++) {
      email = freshEmail("same-second");
      for (const name of ["mm-same", "bb-same", "kk-same"]) await createUser(`${name}-${email.split("@")[0]}`, email);
    }
    const first = (await pool.findUsersByEmail(email)).map((user) => user.username).sort()[0];
    expect(first).toMatch(/^bb-same/);

    const outcome = await linkByEmail(google("9151", email), config, pool);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", username: first, createdUser: false }));
  });

  test("never links into a federated user that holds the address, even one older than the native account", async () => {
    stub.markFederated(older.federated);

    const outcome = await linkByEmail(okta("9202", older.federatedEmail), config, pool);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", username: "native-9201", createdUser: false }));
    expect(linkedInto()).toEqual(["native-9201"]);
  });

  test("creates a native user to link into when the only user holding the address is a federated one", async () => {
    const email = freshEmail("federated-only");
    const federatedUser = await createUser(`google_9301${attacker}`, email);
    stub.markFederated(federatedUser);

    const outcome = await linkByEmail(google("9302", email), config, pool);

    expect(outcome).toEqual(expect.objectContaining({ action: "linked", createdUser: true }));
    expect(linkedInto()).toHaveLength(1);
    expect(linkedInto()).not.toContain(federatedUser);
  });
});
