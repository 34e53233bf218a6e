import { DEFAULT_CONFIG, validateConfig } from "../../modules/config";
import { signInConfig } from "../support/configs";
import { inlinePoliciesOf, logicalName, onlyResource, resourcesOf, synthStack } from "../support/synth";

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
    expect(clients.find((c) => c.name === "thumbnailer")).toEqual(expect.objectContaining({ generate_secret: true, allowed_oauth_flows: ["client_credentials"] }));
    expect(onlyResource(tf, "aws_cognito_resource_server").identifier).toBe("https://api.example.com");
  });

  test("serves the hosted sign-in on the custom domain and reports it", () => {
    expect(onlyResource(tf, "aws_cognito_user_pool_domain")).toEqual(expect.objectContaining({ domain: "login.example.com", managed_login_version: 2 }));
    expect(tf.output?.domain.value).toBe("https://login.example.com");
  });

  test("lets the admins group's role read every image, and only images", () => {
    const role = logicalName(tf, "aws_iam_role", "admins");
    const statements = inlinePoliciesOf(tf, role).flatMap((p) => p.Statement);
    expect(statements.map((s) => s.Sid).sort()).toEqual(["ListImages", "ReadEveryImage"]);
    expect(String(statements.find((s) => s.Sid === "ReadEveryImage")?.Resource)).toMatch(/\/images\/\*$/);
    expect(onlyResource(tf, "aws_cognito_user_group")).toEqual(expect.objectContaining({ name: "admins", precedence: 1 }));
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
    const withSecret = { ...DEFAULT_CONFIG, userPool: { ...DEFAULT_CONFIG.userPool, identityProviders: [{ type: "Google", clientId: "x", clientSecret: "hunter2" }] } };
    expect(() => validateConfig(withSecret)).toThrow(/userPool\.identityProviders\.0\.clientSecret/);
  });

  test("needs a prefix or a custom domain", () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, userPool: { callbackUrls: ["https://a.example.com/"] } })).toThrow(/userPool\.domainPrefix: set domainPrefix or customDomain/);
  });
});
