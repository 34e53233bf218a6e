import { IdentityProviderConfig } from "../../../modules/cognito/identity-providers";
import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { onlyResource, resourcesOf, synthOf } from "../../support/synth";
import { allProviders } from "../../support/sign-in-fixtures";

const required: UserPoolProps = {
  name: "photos",
  domainPrefix: "photos-dev",
  callbackUrls: ["https://app.example.com/callback"],
};
const synthPool = (props: Partial<UserPoolProps> = {}) =>
  synthOf((stack) => new UserPool(stack, "users", { ...required, ...props }));
const providersOf = (tf: ReturnType<typeof synthPool>["tf"]) =>
  Object.fromEntries(
    Object.values(resourcesOf(tf, "aws_cognito_identity_provider")).map((p) => [p.provider_name as string, p]),
  );

const google: IdentityProviderConfig = { type: "Google", clientId: "g-client" };
const facebook: IdentityProviderConfig = { type: "Facebook", clientId: "fb-app" };
const oidc: IdentityProviderConfig = {
  type: "OIDC",
  name: "CorpOkta",
  clientId: "okta-client",
  issuerUrl: "https://corp.okta.com",
};

describe("IdentityProviders", () => {
  test("turns Google, Facebook and OIDC into three providers with email mapped, and puts a pre_sign_up trigger on the pool", () => {
    const { tf } = synthPool({ identityProviders: [google, facebook, oidc] });

    const providers = resourcesOf(tf, "aws_cognito_identity_provider");
    expect(
      Object.values(providers)
        .map((p) => [p.provider_name, p.provider_type, p.attribute_mapping.email])
        .sort(),
    ).toEqual([
      ["CorpOkta", "OIDC", "email"],
      ["Facebook", "Facebook", "email"],
      ["Google", "Google", "email"],
    ]);
    const pool = onlyResource(tf, "aws_cognito_user_pool");
    expect(pool.lambda_config.pre_sign_up).toMatch(
      /^\$\{aws_lambda_function\.users_link-identities_function_\w+\.arn\}$/,
    );
  });

  test("maps email, email_verified, name and picture where each provider has them", () => {
    const providers = providersOf(synthPool({ identityProviders: allProviders }).tf);
    const mapped = Object.fromEntries(
      Object.entries(providers).map(([name, p]) => [
        name,
        Object.keys(p.attribute_mapping)
          .filter((k) => k !== "username")
          .sort(),
      ]),
    );
    expect(mapped).toEqual({
      Google: ["email", "email_verified", "name", "picture"],
      Facebook: ["email", "name"],
      SignInWithApple: ["email", "email_verified", "name"],
      LoginWithAmazon: ["email", "name"],
      CorpOkta: ["email", "email_verified", "name", "picture"],
      CorpAdfs: ["email", "name"],
    });
    expect(providers.CorpAdfs.attribute_mapping.email).toBe(
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    );
    expect(providers.LoginWithAmazon.attribute_mapping.username).toBe("user_id");
  });

  test("asks each provider for the scopes its mapping needs", () => {
    const providers = providersOf(synthPool({ identityProviders: allProviders }).tf);
    expect(
      Object.fromEntries(Object.entries(providers).map(([name, p]) => [name, p.provider_details.authorize_scopes])),
    ).toEqual({
      Google: "openid email profile",
      Facebook: "public_profile,email",
      SignInWithApple: "email name",
      LoginWithAmazon: "profile",
      CorpOkta: "openid email profile",
      CorpAdfs: undefined,
    });
  });

  test("reads every secret from a sensitive variable without a default, so no secret is in the synthesized JSON", () => {
    const { tf, text } = synthPool({ identityProviders: allProviders });
    expect(tf.variable).toEqual({
      google_client_secret: expect.objectContaining({ type: "string", sensitive: true, nullable: false }),
      facebook_client_secret: expect.objectContaining({ type: "string", sensitive: true, nullable: false }),
      apple_private_key: expect.objectContaining({ type: "string", sensitive: true, nullable: false }),
      amazon_client_secret: expect.objectContaining({ type: "string", sensitive: true, nullable: false }),
      corpokta_client_secret: expect.objectContaining({ type: "string", sensitive: true, nullable: false }),
    });
    expect(Object.values(tf.variable as Record<string, object>).filter((v) => "default" in v)).toEqual([]);
    const providers = providersOf(tf);
    expect(providers.Google.provider_details.client_secret).toBe("${var.google_client_secret}");
    expect(providers.SignInWithApple.provider_details.private_key).toBe("${var.apple_private_key}");
    expect(text).not.toMatch(/secret"\s*:\s*"(?!\$\{)/);
  });

  test("takes a secret from an SSM parameter, decrypted by Terraform", () => {
    const { tf } = synthPool({
      identityProviders: [{ ...google, clientSecret: { ssmParameter: "/auth/google/client-secret" } }],
    });
    const [name, parameter] = Object.entries((tf.data as any).aws_ssm_parameter)[0] as [string, any];
    expect(parameter).toEqual(expect.objectContaining({ name: "/auth/google/client-secret", with_decryption: true }));
    expect(providersOf(tf).Google.provider_details.client_secret).toBe(`\${data.aws_ssm_parameter.${name}.value}`);
    expect(tf.variable).toBeUndefined();
  });

  test("takes a secret from one key of a Secrets Manager secret", () => {
    const { tf } = synthPool({
      identityProviders: [
        { ...facebook, clientSecret: { secretsManagerSecret: "auth/facebook", jsonKey: "appSecret" } },
      ],
    });
    const [name, secret] = Object.entries((tf.data as any).aws_secretsmanager_secret_version)[0] as [string, any];
    expect(secret.secret_id).toBe("auth/facebook");
    expect(providersOf(tf).Facebook.provider_details.client_secret).toBe(
      `\${jsondecode(data.aws_secretsmanager_secret_version.${name}.secret_string).appSecret}`,
    );
  });

  test("names the variable as asked, so two pools in one stack can have their own", () => {
    const { tf } = synthPool({ identityProviders: [{ ...google, clientSecret: { variable: "shop_google_secret" } }] });
    expect(Object.keys(tf.variable as object)).toEqual(["shop_google_secret"]);
  });

  test("adds and replaces attribute mappings on top of the defaults", () => {
    const { tf } = synthPool({
      identityProviders: [
        { ...google, attributeMapping: { given_name: "given_name", picture: "avatar", "custom:tenant": "hd" } },
      ],
    });
    expect(providersOf(tf).Google.attribute_mapping).toEqual({
      email: "email",
      email_verified: "email_verified",
      name: "name",
      picture: "avatar",
      username: "sub",
      given_name: "given_name",
      "custom:tenant": "hd",
    });
  });

  test("routes users to OIDC and SAML providers by identifier and configures SAML for signed, encrypted assertions", () => {
    const providers = providersOf(synthPool({ identityProviders: allProviders }).tf);
    expect(providers.CorpOkta.idp_identifiers).toEqual(["corp.example.com"]);
    expect(providers.CorpOkta.provider_details).toEqual(
      expect.objectContaining({ oidc_issuer: "https://corp.okta.com", attributes_request_method: "GET" }),
    );
    expect(providers.CorpAdfs.provider_details).toEqual({
      MetadataURL: "https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml",
      IDPSignout: "false",
      RequestSigningAlgorithm: "rsa-sha256",
      EncryptedResponses: "true",
    });
  });

  test("hands the linking trigger Google and Apple, and the other providers only for the email domains they are trusted for", () => {
    const { tf } = synthPool({
      identityProviders: [
        ...allProviders,
        { type: "OIDC", name: "Partner", clientId: "p", issuerUrl: "https://partner.example.net" },
      ],
    });
    // Facebook, Login with Amazon and Partner name no domains: each could assert any address.
    expect(JSON.parse(onlyResource(tf, "aws_lambda_function").environment.variables.LINKABLE_PROVIDERS)).toEqual([
      { name: "Google", type: "Google", trustEmail: false, emailDomains: [] },
      { name: "SignInWithApple", type: "SignInWithApple", trustEmail: false, emailDomains: [] },
      { name: "CorpOkta", type: "OIDC", trustEmail: false, emailDomains: ["corp.example.com"] },
      { name: "CorpAdfs", type: "SAML", trustEmail: true, emailDomains: ["example.com"] },
    ]);
  });

  test("offers every configured provider, and passwords, on the web client", () => {
    const client = onlyResource(synthPool({ identityProviders: [google, oidc] }).tf, "aws_cognito_user_pool_client");
    expect(client.supported_identity_providers).toEqual(["COGNITO", "Google", "CorpOkta"]);
    expect(client.depends_on).toEqual([
      expect.stringMatching(/^aws_cognito_identity_provider\..*google/),
      expect.stringMatching(/^aws_cognito_identity_provider\..*corpokta/),
    ]);
  });

  describe("rejects invalid providers, naming the prop", () => {
    test.each<[string, IdentityProviderConfig[], RegExp]>([
      [
        "a secret written as a string",
        [{ ...google, clientSecret: "hunter2" as never }],
        /providers\[0\]\.clientSecret must name where the secret comes from.*never the secret itself/,
      ],
      [
        "a secret source with two kinds",
        [{ ...google, clientSecret: { variable: "a", ssmParameter: "/b" } as never }],
        /clientSecret must name where the secret comes from/,
      ],
      [
        "an unknown provider type",
        [{ type: "Myspace", clientId: "x" } as never],
        /identityProviders\[0\]\.type must be one of "Google", "Facebook", "SignInWithApple", "LoginWithAmazon", "OIDC", "SAML", got "Myspace"/,
      ],
      [
        "the same provider twice",
        [google, google],
        /identityProviders names must be unique, "Google" appears more than once/,
      ],
      [
        "an OIDC name with an underscore",
        [{ ...oidc, name: "Corp_Okta" }],
        /identityProviders\[0\]\.name must be 2–32 letters, digits, '\.' or '-' \(no '_'/,
      ],
      [
        "an OIDC provider named like a social one",
        [{ ...oidc, name: "google" }],
        /name must not be a reserved provider name/,
      ],
      [
        "an OIDC issuer over plain http",
        [{ ...oidc, issuerUrl: "http://corp.okta.com" }],
        /providers\[0\]\.issuerUrl must be an https issuer URL/,
      ],
      [
        "a SAML provider without metadata",
        [{ type: "SAML", name: "Adfs" }],
        /providers\[0\] must set exactly one of metadataUrl and metadataFile/,
      ],
      [
        "SAML metadata that is not metadata",
        [{ type: "SAML", name: "Adfs", metadataFile: "<html/>" }],
        /metadataFile must be the IdP's SAML metadata XML/,
      ],
      [
        "an Apple team id of the wrong length",
        [{ type: "SignInWithApple", clientId: "c", teamId: "ABC", keyId: "KEY1234567" }],
        /providers\[0\]\.teamId must be Apple's 10-character team id/,
      ],
      [
        "a mapping to an attribute the pool does not have",
        [{ ...google, attributeMapping: { favourite_colour: "colour" } }],
        /attributeMapping keys must be standard user-pool attributes/,
      ],
      [
        "a Graph API version that is not one",
        [{ ...facebook, apiVersion: "latest" }],
        /providers\[0\]\.apiVersion must be a Graph API version such as v19\.0/,
      ],
      [
        "a variable name Terraform does not accept",
        [{ ...google, clientSecret: { variable: "Google Secret" } }],
        /clientSecret\.variable must be a Terraform variable name/,
      ],
      [
        "a JSON key Terraform cannot read as an attribute",
        [{ ...google, clientSecret: { secretsManagerSecret: "auth/google", jsonKey: "client.secret" } }],
        /clientSecret\.jsonKey must be a key of the secret's JSON object/,
      ],
      [
        "a client id with spaces",
        [{ ...google, clientId: "my client" }],
        /providers\[0\]\.clientId must be the client id the provider issued/,
      ],
    ])("%s", (_, identityProviders, message) => {
      expect(() => synthPool({ identityProviders })).toThrow(message);
    });
  });
});
