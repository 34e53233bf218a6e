import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG, loadConfig, validateConfig } from "../../../modules/stack/config";
import { signInConfig } from "../../support/configs";
import { inlinePoliciesOf, logicalName, onlyResource, resourcesOf, synthStack } from "../../support/synth";

const ROOT = join(__dirname, "..", "..", "..");

/** The JSON configuration snippets of docs/sign-in.md and of the README's sign-in section. */
function signInExamples(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("\n## Sign-in"),
    readme.indexOf("\n## ", readme.indexOf("\n## Sign-in") + 1),
  );
  const docs = readFileSync(join(ROOT, "docs", "sign-in.md"), "utf8");
  return (
    [section, docs]
      .flatMap((text) => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]))
      .filter((json) => /^\s*\{\s*"(userPool|identityPool)"/.test(json))
      // An example may elide a certificate id ("certificate/0a1b..."): a whole one stands in for it, since the configuration checks ARNs.
      .map((json) => json.replace(/certificate\/[\w-]*\.\.\."/g, 'certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"'))
  );
}

describe("sign-in options through the configuration", () => {
  const { tf } = synthStack(signInConfig);

  test("creates one identity provider per configured IdP, each mapping the email", () => {
    const providers = Object.values(resourcesOf(tf, "aws_cognito_identity_provider"));
    expect(providers.map((p) => p.provider_name).sort()).toEqual(["Corporate", "Facebook", "Google"]);
    for (const provider of providers) expect(provider.attribute_mapping.email).toBeDefined();
  });

  test("puts the email-linking trigger on the pool and offers every provider on the web client", () => {
    const pool = onlyResource(tf, "aws_cognito_user_pool");
    expect(pool.lambda_config.pre_sign_up).toMatch(/^\$\{aws_lambda_function\.[\w-]+\.arn\}$/);
    const web = Object.values(resourcesOf(tf, "aws_cognito_user_pool_client")).find((c) => c.name === "web");
    expect([...web!.supported_identity_providers].sort()).toEqual(["COGNITO", "Corporate", "Facebook", "Google"]);
  });

  test("creates the mobile and server clients and the resource server", () => {
    const clients = Object.values(resourcesOf(tf, "aws_cognito_user_pool_client"));
    expect(clients.map((c) => c.name).sort()).toEqual(["mobile", "thumbnailer", "web"]);
    expect(clients.find((c) => c.name === "thumbnailer")).toEqual(
      expect.objectContaining({ generate_secret: true, allowed_oauth_flows: ["client_credentials"] }),
    );
    expect(onlyResource(tf, "aws_cognito_resource_server").identifier).toBe("https://api.example.com");
  });

  test("serves the hosted sign-in on the custom domain and reports it", () => {
    expect(onlyResource(tf, "aws_cognito_user_pool_domain")).toEqual(
      expect.objectContaining({ domain: "login.example.com", managed_login_version: 2 }),
    );
    expect(tf.output?.domain.value).toBe("https://login.example.com");
  });

  test("lets the admins group's role read every image, and only images", () => {
    const role = logicalName(tf, "aws_iam_role", "admins");
    const statements = inlinePoliciesOf(tf, role).flatMap((p) => p.Statement);
    expect(statements.map((s) => s.Sid).sort()).toEqual(["ListImages", "ReadEveryImage"]);
    expect(String(statements.find((s) => s.Sid === "ReadEveryImage")?.Resource)).toMatch(/\/images\/\*$/);
    expect(onlyResource(tf, "aws_cognito_user_group")).toEqual(
      expect.objectContaining({ name: "admins", precedence: 1 }),
    );
  });

  test("requires MFA with TOTP and SMS, and enforces threat protection on the Plus plan", () => {
    const pool = onlyResource(tf, "aws_cognito_user_pool");
    expect(pool.mfa_configuration).toBe("ON");
    expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
    expect(pool.sms_configuration.sns_caller_arn).toMatch(/aws_iam_role\./);
    expect(pool.user_pool_tier).toBe("PLUS");
    expect(pool.user_pool_add_ons).toEqual({ advanced_security_mode: "ENFORCED" });
  });

  test("takes IdP secrets from sensitive variables without defaults, never from the config", () => {
    const variables = Object.values(tf.variable as Record<string, { sensitive?: boolean; default?: unknown }>);
    expect(variables.length).toBeGreaterThanOrEqual(3);
    for (const variable of variables) expect(variable).toEqual(expect.objectContaining({ sensitive: true }));
    expect(variables.every((v) => v.default === undefined)).toBe(true);
  });

  test("rejects a secret written into the config, naming the field", () => {
    const withSecret = {
      ...DEFAULT_CONFIG,
      userPool: {
        ...DEFAULT_CONFIG.userPool,
        identityProviders: [{ type: "Google", clientId: "x", clientSecret: "hunter2" }],
      },
    };
    expect(() => validateConfig(withSecret)).toThrow(/userPool\.identityProviders\.0\.clientSecret/);
  });

  test("hands the linking trigger Google, and the corporate provider for its own domain only, never Facebook", () => {
    const lambdas = Object.values(resourcesOf(tf, "aws_lambda_function")).filter(
      (f) => f.environment?.variables?.LINKABLE_PROVIDERS,
    );
    expect(lambdas).toHaveLength(1);
    expect(JSON.parse(lambdas[0].environment.variables.LINKABLE_PROVIDERS)).toEqual([
      { name: "Google", type: "Google", trustEmail: false, emailDomains: [] },
      { name: "Corporate", type: "OIDC", trustEmail: false, emailDomains: ["example.com"] },
    ]);
  });

  test("rejects trustEmail without linkEmailDomains on any provider, naming the field", () => {
    for (const provider of [
      { type: "Facebook", clientId: "1", trustEmail: true },
      { type: "LoginWithAmazon", clientId: "1", trustEmail: true },
      { type: "OIDC", name: "Corp", clientId: "1", issuerUrl: "https://idp.example.com", trustEmail: true },
      { type: "SAML", name: "Corp", metadataUrl: "https://idp.example.com/metadata", trustEmail: true },
    ]) {
      const config = {
        ...DEFAULT_CONFIG,
        userPool: { ...DEFAULT_CONFIG.userPool, identityProviders: [{ type: "Google", clientId: "g" }, provider] },
      };
      expect(() => validateConfig(config)).toThrow(
        /userPool\.identityProviders\.1\.trustEmail: trustEmail needs linkEmailDomains/,
      );
    }
  });

  test("rejects a linkEmailDomains entry that is not a domain name, and an empty list, naming the field", () => {
    const withDomains = (linkEmailDomains: string[]) => ({
      ...DEFAULT_CONFIG,
      userPool: {
        ...DEFAULT_CONFIG.userPool,
        identityProviders: [
          { type: "OIDC", name: "Corp", clientId: "1", issuerUrl: "https://idp.example.com", linkEmailDomains },
        ],
      },
    });
    expect(() => validateConfig(withDomains(["corp.example.com", "*.example.com"]))).toThrow(
      /userPool\.identityProviders\.0\.linkEmailDomains\.1: must be a domain name like "corp\.example\.com"/,
    );
    expect(() => validateConfig(withDomains([]))).toThrow(
      /userPool\.identityProviders\.0\.linkEmailDomains: list at least one domain/,
    );
    expect(validateConfig(withDomains(["Corp.Example.com"])).userPool.identityProviders?.[0].linkEmailDomains).toEqual([
      "Corp.Example.com",
    ]);
  });

  test("accepts and synthesizes every sign-in example of the README and docs/sign-in.md", () => {
    const examples = signInExamples();
    expect(examples.length).toBeGreaterThanOrEqual(4);
    // The examples are fragments over the embedded default, whose URLs are local: say it is a development stack.
    const asDevelopment = (json: string) => JSON.stringify({ development: true, ...JSON.parse(json) });
    for (const json of examples.filter((text) => text.includes("identityProviders"))) {
      const config = loadConfig({ json: asDevelopment(json) });
      expect(() => synthStack(config)).not.toThrow();
    }
    for (const json of examples) expect(() => loadConfig({ json: asDevelopment(json) })).not.toThrow();
  });

  test("needs a prefix or a custom domain", () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, userPool: { callbackUrls: ["https://a.example.com/"] } })).toThrow(
      /userPool\.domainPrefix: set domainPrefix or customDomain/,
    );
  });
});
