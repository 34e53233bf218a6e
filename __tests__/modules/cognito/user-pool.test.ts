import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { onlyResource, synthOf } from "../../support/synth";

const required: UserPoolProps = {
  name: "photos",
  domainPrefix: "photos-dev",
  callbackUrls: ["https://app.example.com/callback"],
};
const synthPool = (props: Partial<UserPoolProps> = {}) =>
  synthOf((stack) => new UserPool(stack, "users", { ...required, ...props }));

describe("UserPool", () => {
  describe("by default", () => {
    const { text, tf } = synthPool();
    const pool = onlyResource(tf, "aws_cognito_user_pool");
    const client = onlyResource(tf, "aws_cognito_user_pool_client");

    test("signs users in by email and verifies the address", () => {
      expect(pool.username_attributes).toEqual(["email"]);
      expect(pool.alias_attributes).toBeUndefined();
      expect(pool.auto_verified_attributes).toEqual(["email"]);
      expect(pool.verification_message_template).toEqual({ default_email_option: "CONFIRM_WITH_CODE" });
    });

    test("makes usernames case-insensitive, so Alice@x.com and alice@x.com are one user", () => {
      expect(pool.username_configuration).toEqual({ case_sensitive: false });
    });

    test("protects the pool from deletion and hides whether a user exists", () => {
      expect(pool.deletion_protection).toBe("ACTIVE");
      expect(client.prevent_user_existence_errors).toBe("ENABLED");
    });

    test("requires passwords of at least 12 characters with every character class", () => {
      expect(pool.password_policy).toEqual(
        expect.objectContaining({
          minimum_length: 12,
          require_lowercase: true,
          require_uppercase: true,
          require_numbers: true,
          require_symbols: true,
        }),
      );
    });

    test("offers TOTP as an optional second factor", () => {
      expect(pool.mfa_configuration).toBe("OPTIONAL");
      expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
    });

    test("recovers accounts by verified email only", () => {
      expect(pool.account_recovery_setting).toEqual({ recovery_mechanism: [{ name: "verified_email", priority: 1 }] });
    });

    test("creates a prefix domain for the hosted sign-in", () => {
      expect(text).toHaveResourceWithProperties(CognitoUserPoolDomain, { domain: "photos-dev" });
    });

    test("gives the web client the code flow without a secret and without the implicit grant", () => {
      expect(client.generate_secret).toBe(false);
      expect(client.allowed_oauth_flows).toEqual(["code"]);
      expect(client.allowed_oauth_flows_user_pool_client).toBe(true);
      expect(client.explicit_auth_flows).toEqual(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
      expect(client.callback_urls).toEqual(["https://app.example.com/callback"]);
      expect(client.logout_urls).toEqual(["https://app.example.com/callback"]);
    });

    test("keeps tokens short-lived and revocable", () => {
      expect(client).toEqual(
        expect.objectContaining({
          id_token_validity: 60,
          access_token_validity: 60,
          refresh_token_validity: 30,
          enable_token_revocation: true,
          token_validity_units: [{ id_token: "minutes", access_token: "minutes", refresh_token: "days" }],
        }),
      );
    });
  });

  test("lets users pick a username when asked", () => {
    const pool = onlyResource(synthPool({ signInWithUsername: true }).tf, "aws_cognito_user_pool");
    expect(pool.alias_attributes).toEqual(["email"]);
    expect(pool.username_attributes).toBeUndefined();
    expect(pool.username_configuration).toEqual({ case_sensitive: false });
  });

  test("requires a second factor when MFA is required", () => {
    expect(synthPool({ mfa: "required" }).text).toHaveResourceWithProperties(CognitoUserPool, {
      mfa_configuration: "ON",
    });
  });

  test("drops the TOTP configuration when MFA is off", () => {
    const pool = onlyResource(synthPool({ mfa: "off" }).tf, "aws_cognito_user_pool");
    expect(pool.mfa_configuration).toBe("OFF");
    expect(pool.software_token_mfa_configuration).toBeUndefined();
  });

  test("turns deletion protection off only when explicitly asked", () => {
    expect(synthPool({ deletionProtection: false }).text).toHaveResourceWithProperties(CognitoUserPool, {
      deletion_protection: "INACTIVE",
    });
  });

  test("passes custom token lifetimes to the client", () => {
    const { text } = synthPool({
      idTokenValidityMinutes: 5,
      accessTokenValidityMinutes: 1440,
      refreshTokenValidityDays: 3650,
    });
    expect(text).toHaveResourceWithProperties(CognitoUserPoolClient, {
      id_token_validity: 5,
      access_token_validity: 1440,
      refresh_token_validity: 3650,
    });
  });

  describe("rejects invalid props, naming the prop", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      [
        "an unknown MFA mode",
        { mfa: "sometimes" as never },
        /mfa must be one of "off", "optional", "required", got "sometimes"/,
      ],
      [
        "a password shorter than 12",
        { passwordMinLength: 8 },
        /passwordMinLength must be a whole number from 12 to 99/,
      ],
      [
        "an id token under 5 minutes",
        { idTokenValidityMinutes: 4 },
        /idTokenValidityMinutes must be a whole number from 5 to 1440 minutes/,
      ],
      [
        "an access token over a day",
        { accessTokenValidityMinutes: 1441 },
        /accessTokenValidityMinutes must be a whole number from 5 to 1440/,
      ],
      [
        "a refresh token over ten years",
        { refreshTokenValidityDays: 3651 },
        /refreshTokenValidityDays must be a whole number from 1 to 3650/,
      ],
      ["a fractional lifetime", { refreshTokenValidityDays: 1.5 }, /refreshTokenValidityDays must be a whole number/],
      ["an uppercase domain prefix", { domainPrefix: "Photos" }, /domainPrefix must be 1–63 lowercase letters/],
      [
        "a domain prefix with a reserved word",
        { domainPrefix: "my-cognito-login" },
        /domainPrefix must not contain the reserved word "cognito"/,
      ],
      ["no callback URL", { callbackUrls: [] }, /callbackUrls must list at least one URL/],
      [
        "a plain-http callback URL",
        { callbackUrls: ["http://app.example.com/"] },
        /callbackUrls entries must be https URLs/,
      ],
      [
        "a logout URL with a fragment",
        { logoutUrls: ["https://app.example.com/#x"] },
        /logoutUrls entries must be https URLs/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });
  });

  test("keeps the addresses of the pool, the web client and the domain, so an upgrade does not replace them", () => {
    const { tf } = synthPool({
      identityProviders: [{ type: "Google", clientId: "g" }],
      clients: [{ name: "mobile", preset: "mobile", callbackUrls: ["com.example.photos://cb"] }],
    });
    expect(Object.keys(tf.resource?.aws_cognito_user_pool ?? {})).toEqual([
      expect.stringMatching(/^users_pool_[0-9A-F]{8}$/),
    ]);
    expect(Object.keys(tf.resource?.aws_cognito_user_pool_domain ?? {})).toEqual([
      expect.stringMatching(/^users_domain_[0-9A-F]{8}$/),
    ]);
    expect(Object.keys(tf.resource?.aws_cognito_user_pool_client ?? {})).toContain(
      Object.keys(synthPool().tf.resource?.aws_cognito_user_pool_client ?? {})[0],
    );
  });

  test("has no trigger and no federation unless identity providers are configured", () => {
    const { tf } = synthPool();
    expect(onlyResource(tf, "aws_cognito_user_pool").lambda_config).toBeUndefined();
    expect(onlyResource(tf, "aws_cognito_user_pool_client").supported_identity_providers).toEqual(["COGNITO"]);
    expect(tf.resource?.aws_cognito_identity_provider).toBeUndefined();
  });

  test("accepts http://localhost redirect URLs for development", () => {
    expect(() => synthPool({ callbackUrls: ["http://localhost:5173/"] })).not.toThrow();
  });
});
