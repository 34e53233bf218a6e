import { IdentityProviderConfig } from "../../../modules/cognito/identity-providers";
import { LinkIdentitiesFunction } from "../../../modules/lambda/link-identities-function";
import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { onlyResource, parsePolicy, resourcesOf, synthOf } from "../../support/synth";
import { allProviders } from "../../support/sign-in-fixtures";

const required: UserPoolProps = {
  name: "photos",
  domainPrefix: "photos-dev",
  callbackUrls: ["https://app.example.com/callback"],
};
const google = { type: "Google" as const, clientId: "g-client" };
const oidc = { type: "OIDC" as const, name: "CorpOkta", clientId: "okta", issuerUrl: "https://corp.okta.com" };
const scopedOidc = {
  type: "OIDC" as const,
  name: "CorpAzure",
  clientId: "azure",
  issuerUrl: "https://login.example.net/tenant/v2.0",
  linkEmailDomains: ["corp.example.com", "EU.Corp.example.com"],
};
const facebook = { type: "Facebook" as const, clientId: "fb" };
/** The fixture provider of `type`, without its linking settings. */
const providerOf = (type: IdentityProviderConfig["type"]): IdentityProviderConfig => {
  const {
    linkEmailDomains: _domains,
    trustEmail: _trust,
    ...provider
  } = allProviders.find((p) => p.type === type) as IdentityProviderConfig;
  return provider as IdentityProviderConfig;
};
const synthPool = (props: Partial<UserPoolProps> = {}) =>
  synthOf((stack) => new UserPool(stack, "users", { ...required, ...props }));
const warningsOf = (construct: UserPool | undefined) =>
  construct?.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data)) ?? [];

describe("the account-linking trigger of a UserPool", () => {
  const { tf } = synthPool({ identityProviders: [google, facebook, oidc, scopedOidc] });
  const fn = onlyResource(tf, "aws_lambda_function");
  const poolArn = /^\$\{aws_cognito_user_pool\.users_pool_\w+\.arn\}$/;

  test("is the pool's pre sign-up trigger", () => {
    expect(onlyResource(tf, "aws_cognito_user_pool").lambda_config).toEqual({
      pre_sign_up: expect.stringMatching(/users_link-identities_function_\w+\.arn/),
    });
  });

  test("may only read users, create one, set its password and link identities, in this pool only", () => {
    const policies = Object.values(resourcesOf(tf, "aws_iam_role_policy")).filter(
      (p) => p.name === "link-identities-in-own-pool",
    );
    expect(policies).toHaveLength(1);
    expect(parsePolicy(policies[0].policy).Statement).toEqual([
      {
        Sid: "LinkIdentitiesInOwnPool",
        Effect: "Allow",
        Action: [
          "cognito-idp:ListUsers",
          "cognito-idp:AdminGetUser",
          "cognito-idp:AdminCreateUser",
          "cognito-idp:AdminSetUserPassword",
          "cognito-idp:AdminLinkProviderForUser",
        ],
        Resource: expect.stringMatching(poolArn),
      },
    ]);
  });

  test("does not depend on its pool policy, which depends on the pool: no dependency cycle", () => {
    expect(fn.depends_on).toEqual([
      expect.stringMatching(/^aws_cloudwatch_log_group\./),
      expect.stringMatching(/^aws_iam_role_policy\.users_link-identities_logs-policy/),
    ]);
    expect(JSON.stringify(fn)).not.toMatch(/aws_cognito_user_pool\./);
  });

  test("may be invoked by Cognito for this pool only", () => {
    expect(onlyResource(tf, "aws_lambda_permission")).toEqual(
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        principal: "cognito-idp.amazonaws.com",
        source_arn: expect.stringMatching(poolArn),
      }),
    );
  });

  test("knows the providers that may link, the email domains each is trusted for in lowercase, and how the pool names users", () => {
    // Facebook and CorpOkta name no domains: they can assert any address, so the trigger does not know them.
    expect(fn.environment.variables).toEqual({
      LINKABLE_PROVIDERS: JSON.stringify([
        { name: "Google", type: "Google", trustEmail: false, emailDomains: [] },
        {
          name: "CorpAzure",
          type: "OIDC",
          trustEmail: false,
          emailDomains: ["corp.example.com", "eu.corp.example.com"],
        },
      ]),
      USERNAME_IS_EMAIL: "true",
      CASE_INSENSITIVE_USERNAMES: "true",
      POWERTOOLS_SERVICE_NAME: "link-identities",
    });
  });

  test("tells the trigger which providers' user ids hold no capitals, so their lowercased usernames can be linked", () => {
    const { tf: lowercase } = synthPool({ identityProviders: [{ ...scopedOidc, lowercaseUserIds: true }] });
    const [entry] = JSON.parse(onlyResource(lowercase, "aws_lambda_function").environment.variables.LINKABLE_PROVIDERS);
    expect(entry).toEqual(expect.objectContaining({ type: "OIDC", lowercaseUserIds: true }));
    expect(
      JSON.parse(fn.environment.variables.LINKABLE_PROVIDERS).some(
        (p: Record<string, unknown>) => "lowercaseUserIds" in p,
      ),
    ).toBe(false);
  });

  test("fits Cognito's 5-second trigger budget and keeps its logs", () => {
    expect(fn).toEqual(
      expect.objectContaining({
        timeout: 5,
        runtime: "nodejs22.x",
        handler: "index.handler",
        function_name: "photos-link-identities",
      }),
    );
    expect(fn.filename).toMatch(/link-identities\.zip$/);
    expect(onlyResource(tf, "aws_cloudwatch_log_group")).toEqual(
      expect.objectContaining({ name: "/aws/lambda/photos-link-identities", retention_in_days: 365 }),
    );
  });

  test("is left out when linking is turned off", () => {
    const { tf: off } = synthPool({ identityProviders: [google], linkAccountsByEmail: false });
    expect(resourcesOf(off, "aws_lambda_function")).toEqual({});
    expect(onlyResource(off, "aws_cognito_user_pool").lambda_config).toBeUndefined();
  });

  test("is not created for a pool without identity providers", () => {
    expect(resourcesOf(synthPool().tf, "aws_lambda_function")).toEqual({});
  });

  test("tells the trigger that the pool lowercases federated usernames, and warns about the providers this affects", () => {
    for (const signInWithUsername of [false, true]) {
      let pool: UserPool | undefined;
      const { tf: insensitive } = synthOf((stack) => {
        pool = new UserPool(stack, "users", {
          ...required,
          signInWithUsername,
          identityProviders: [google, oidc, scopedOidc],
        });
      });
      expect(onlyResource(insensitive, "aws_lambda_function").environment.variables).toEqual(
        expect.objectContaining({ USERNAME_IS_EMAIL: String(!signInWithUsername), CASE_INSENSITIVE_USERNAMES: "true" }),
      );
      expect(warningsOf(pool)).toEqual([
        expect.stringMatching(/user ids of CorpAzure may lose their case; their first sign-ins are not linked/),
      ]);
    }
  });

  test("does not warn about a provider whose user ids hold no capitals", () => {
    let pool: UserPool | undefined;
    synthOf((stack) => {
      pool = new UserPool(stack, "users", {
        ...required,
        identityProviders: [google, { ...scopedOidc, lowercaseUserIds: true }],
      });
    });
    expect(warningsOf(pool)).toEqual([]);
  });

  test("leaves out the trigger when no provider may link: Facebook and an OIDC provider without linkEmailDomains can assert any address", () => {
    const { tf: untrusted } = synthPool({ identityProviders: [facebook, oidc] });
    expect(resourcesOf(untrusted, "aws_lambda_function")).toEqual({});
    expect(onlyResource(untrusted, "aws_cognito_user_pool").lambda_config).toBeUndefined();
  });

  test("counts an address as verified without email_verified only for a provider's own domains, and warns when that provider is Facebook", () => {
    let pool: UserPool | undefined;
    const { tf: trusting } = synthOf((stack) => {
      pool = new UserPool(stack, "users", {
        ...required,
        identityProviders: [{ ...facebook, linkEmailDomains: ["photos.example.com"], trustEmail: true }],
      });
    });
    expect(JSON.parse(onlyResource(trusting, "aws_lambda_function").environment.variables.LINKABLE_PROVIDERS)).toEqual([
      { name: "Facebook", type: "Facebook", trustEmail: true, emailDomains: ["photos.example.com"] },
    ]);
    expect(warningsOf(pool)).toEqual([
      expect.stringMatching(
        /trustEmail on Facebook lets anyone whose Facebook account shows an address at photos\.example\.com sign in/,
      ),
    ]);
  });

  test("takes its function settings from the pool's props", () => {
    const { tf: tuned } = synthPool({
      identityProviders: [google],
      linkingFunction: { functionName: "link-photos", reservedConcurrency: 5, logRetentionDays: 30, tracing: false },
    });
    expect(onlyResource(tuned, "aws_lambda_function")).toEqual(
      expect.objectContaining({
        function_name: "link-photos",
        reserved_concurrent_executions: 5,
        tracing_config: { mode: "PassThrough" },
      }),
    );
  });

  test("can be bound to several pools, each with its own policy and invoke permission, the first keeping its addresses", () => {
    const pools = [
      "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_First",
      "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Second",
    ];
    let bindings: { policy: string; permission: string }[] = [];
    const { tf } = synthOf((stack) => {
      const link = new LinkIdentitiesFunction(stack, "link", {
        functionName: "link",
        providers: [{ name: "Google", type: "Google", trustEmail: false }],
      });
      bindings = [...pools, pools[0]]
        .map((arn) => link.bindToUserPool(arn))
        .map((b) => ({ policy: b.policy.node.id, permission: b.permission.node.id }));
    });
    // Binding a pool again returns its first binding.
    expect(bindings).toEqual([
      { policy: "user-pool-policy", permission: "cognito-invoke" },
      { policy: "user-pool-policy-2", permission: "cognito-invoke-2" },
      { policy: "user-pool-policy", permission: "cognito-invoke" },
    ]);
    const policies = Object.values(resourcesOf(tf, "aws_iam_role_policy")).filter((p) =>
      p.name.startsWith("link-identities-in-own-pool"),
    );
    expect(policies.map((p) => [p.name, parsePolicy(p.policy).Statement[0].Resource]).sort()).toEqual([
      ["link-identities-in-own-pool", pools[0]],
      ["link-identities-in-own-pool-2", pools[1]],
    ]);
    const permissions = Object.values(resourcesOf(tf, "aws_lambda_permission"));
    expect(permissions.map((p) => [p.statement_id, p.source_arn]).sort()).toEqual([
      ["AllowCognitoPreSignUp", pools[0]],
      ["AllowCognitoPreSignUp2", pools[1]],
    ]);
  });

  describe("rejects invalid settings, naming the prop", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      [
        "linking without providers",
        { linkAccountsByEmail: true },
        /linkAccountsByEmail needs at least one entry in identityProviders/,
      ],
      [
        "linking with no provider that may link",
        { linkAccountsByEmail: true, identityProviders: [facebook, oidc] },
        /linkAccountsByEmail needs a provider that may link: Google, SignInWithApple, or one with linkEmailDomains \(Facebook, CorpOkta/,
      ],
      ...(["Facebook", "LoginWithAmazon", "OIDC", "SAML", "Google", "SignInWithApple"] as const).map(
        (type): [string, Partial<UserPoolProps>, RegExp] => [
          `trustEmail on ${type} without linkEmailDomains`,
          { identityProviders: [google, { ...providerOf(type), trustEmail: true }].slice(type === "Google" ? 1 : 0) },
          new RegExp(
            `identityProviders\\[${type === "Google" ? 0 : 1}\\]\\.trustEmail needs identityProviders\\[${type === "Google" ? 0 : 1}\\]\\.linkEmailDomains`,
          ),
        ],
      ),
      [
        "an empty list of domains",
        { identityProviders: [{ ...oidc, linkEmailDomains: [] }] },
        /identityProviders\[0\]\.linkEmailDomains must list at least one domain, or be left out/,
      ],
      [
        "a wildcard domain",
        { identityProviders: [{ ...oidc, linkEmailDomains: ["*.corp.example.com"] }] },
        /identityProviders\[0\]\.linkEmailDomains\[0\] must be a domain name like "corp\.example\.com".*got "\*\.corp\.example\.com"/,
      ],
      [
        "an address instead of a domain",
        { identityProviders: [{ ...oidc, linkEmailDomains: ["corp.example.com", "ceo@corp.example.com"] }] },
        /linkEmailDomains\[1\] must be a domain name/,
      ],
      [
        "a top-level domain alone",
        { identityProviders: [{ ...oidc, linkEmailDomains: ["com"] }] },
        /linkEmailDomains\[0\] must be a domain name/,
      ],
      [
        "a domain twice, in other case",
        { identityProviders: [{ ...oidc, linkEmailDomains: ["corp.example.com", "Corp.Example.com"] }] },
        /identityProviders\[0\]\.linkEmailDomains must be unique, "corp\.example\.com" appears more than once/,
      ],
      [
        "a function name with spaces",
        { identityProviders: [google], linkingFunction: { functionName: "link photos" } },
        /test\/users\/link-identities: functionName must be 1–59 letters/,
      ],
      [
        "an unknown runtime",
        { identityProviders: [google], linkingFunction: { runtime: "python3.12" as never } },
        /runtime must be one of "nodejs22.x", "nodejs24.x"/,
      ],
      [
        "a retention CloudWatch does not offer",
        { identityProviders: [google], linkingFunction: { logRetentionDays: 2 } },
        /logRetentionDays must be one of/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });

    test("a function with nothing to link", () => {
      expect(() =>
        synthOf((stack) => new LinkIdentitiesFunction(stack, "link", { functionName: "link", providers: [] })),
      ).toThrow(/providers must list at least one identity provider/);
    });

    test("a function given an OIDC, SAML, Facebook or Amazon provider without the domains it is trusted for", () => {
      for (const type of ["OIDC", "SAML", "Facebook", "LoginWithAmazon"] as const) {
        expect(() =>
          synthOf(
            (stack) =>
              new LinkIdentitiesFunction(stack, "link", {
                functionName: "link",
                providers: [{ name: "Idp", type, trustEmail: false }],
              }),
          ),
        ).toThrow(
          new RegExp(
            `providers\\[0\\]\\.emailDomains must name the email domains Idp is authoritative for: a ${type} provider can assert any address`,
          ),
        );
      }
    });

    test("a function told to trust Google's email without domains", () => {
      expect(() =>
        synthOf(
          (stack) =>
            new LinkIdentitiesFunction(stack, "link", {
              functionName: "link",
              providers: [{ name: "Google", type: "Google", trustEmail: true }],
            }),
        ),
      ).toThrow(/providers\[0\]\.trustEmail needs providers\[0\]\.emailDomains/);
    });
  });
});
