import { IdentityPoolWithRoles } from "../../../modules/identity-pool/identity-pool-with-roles";
import { AppClientOptions } from "../../../modules/cognito/private/app-client-config";
import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { onlyResource, resourcesOf, synthOf } from "../../support/synth";

const required: UserPoolProps = {
  name: "photos",
  domainPrefix: "photos-dev",
  callbackUrls: ["https://app.example.com/callback"],
};
const api = {
  identifier: "https://api.example.com",
  name: "Photos API",
  scopes: [
    { name: "images.read", description: "Read images" },
    { name: "images.write", description: "Write images" },
  ],
};
const mobile: AppClientOptions = { name: "mobile", preset: "mobile", callbackUrls: ["com.example.photos://callback"] };
const server: AppClientOptions = {
  name: "reporting",
  preset: "server",
  scopes: ["https://api.example.com/images.read"],
};

function synthPool(props: Partial<UserPoolProps> = {}) {
  let pool: UserPool | undefined;
  const synthesized = synthOf((stack) => {
    pool = new UserPool(stack, "users", { ...required, ...props });
  });
  return { ...synthesized, pool: pool as UserPool };
}
const clientNamed = (tf: ReturnType<typeof synthPool>["tf"], name: string) => {
  const client = Object.values(resourcesOf(tf, "aws_cognito_user_pool_client")).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client;
};

describe("UserPool app clients", () => {
  const { tf, pool } = synthPool({
    clients: [mobile, server, { name: "admin-web", preset: "web", callbackUrls: ["https://admin.example.com/"] }],
    resourceServers: [api],
  });

  test("creates the web client and every extra client at once", () => {
    expect(
      Object.values(resourcesOf(tf, "aws_cognito_user_pool_client"))
        .map((c) => c.name)
        .sort(),
    ).toEqual(["admin-web", "mobile", "reporting", "web"]);
    expect(Object.keys(pool.clients).sort()).toEqual(["admin-web", "mobile", "reporting", "web"]);
  });

  test("makes the mobile client public, with the code flow to native redirect URIs and SRP for in-app sign-in", () => {
    expect(clientNamed(tf, "mobile")).toEqual(
      expect.objectContaining({
        generate_secret: false,
        allowed_oauth_flows: ["code"],
        allowed_oauth_flows_user_pool_client: true,
        callback_urls: ["com.example.photos://callback"],
        explicit_auth_flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
  });

  test("makes the server client confidential, with client credentials for its resource-server scopes only", () => {
    const client = clientNamed(tf, "reporting");
    expect(client).toEqual(
      expect.objectContaining({
        generate_secret: true,
        allowed_oauth_flows: ["client_credentials"],
        allowed_oauth_scopes: ["https://api.example.com/images.read"],
        explicit_auth_flows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    expect(client.callback_urls).toBeUndefined();
    expect(client.supported_identity_providers).toBeUndefined();
    expect(client.depends_on).toEqual([expect.stringMatching(/^aws_cognito_resource_server\./)]);
  });

  test("defines the resource server and its scopes", () => {
    expect(onlyResource(tf, "aws_cognito_resource_server")).toEqual(
      expect.objectContaining({
        identifier: "https://api.example.com",
        name: "Photos API",
        scope: [
          { scope_name: "images.read", scope_description: "Read images" },
          { scope_name: "images.write", scope_description: "Write images" },
        ],
      }),
    );
  });

  test("turns revocation on and hides whether a user exists, on every client", () => {
    for (const client of Object.values(resourcesOf(tf, "aws_cognito_user_pool_client"))) {
      expect([client.name, client.enable_token_revocation, client.prevent_user_existence_errors]).toEqual([
        client.name,
        true,
        "ENABLED",
      ]);
    }
  });

  test("lets the identity pool accept the web and mobile clients, not the server client", () => {
    const { tf: both } = synthOf((stack) => {
      const users = new UserPool(stack, "users", { ...required, clients: [mobile, server], resourceServers: [api] });
      new IdentityPoolWithRoles(stack, "identities", { name: "photos", userPool: users });
    });
    expect(
      onlyResource(both, "aws_cognito_identity_pool").cognito_identity_providers.map(
        (p: { client_id: string }) => p.client_id,
      ),
    ).toEqual([
      expect.stringMatching(/^\$\{aws_cognito_user_pool_client\.users_web-client_\w+\.id\}$/),
      expect.stringMatching(/^\$\{aws_cognito_user_pool_client\.users_client-mobile_\w+\.id\}$/),
    ]);
  });

  test("gives each client its own token lifetimes", () => {
    const { tf: tuned } = synthPool({
      idTokenValidityMinutes: 30,
      clients: [
        { ...mobile, idTokenValidityMinutes: 5, accessTokenValidityMinutes: 1440, refreshTokenValidityDays: 3650 },
      ],
    });
    expect(clientNamed(tuned, "web")).toEqual(
      expect.objectContaining({ id_token_validity: 30, access_token_validity: 60, refresh_token_validity: 30 }),
    );
    expect(clientNamed(tuned, "mobile")).toEqual(
      expect.objectContaining({ id_token_validity: 5, access_token_validity: 1440, refresh_token_validity: 3650 }),
    );
  });

  test("offers a client only the identity providers it names", () => {
    const { tf: chosen } = synthPool({
      identityProviders: [
        { type: "Google", clientId: "g" },
        { type: "Facebook", clientId: "f" },
      ],
      clients: [{ ...mobile, identityProviders: ["Google"] }],
    });
    expect(clientNamed(chosen, "mobile").supported_identity_providers).toEqual(["Google"]);
    expect(clientNamed(chosen, "web").supported_identity_providers).toEqual(["COGNITO", "Google", "Facebook"]);
  });

  test("accepts https app links and localhost redirects for a mobile client", () => {
    expect(() =>
      synthPool({
        clients: [
          { ...mobile, callbackUrls: ["https://photos.example.com/app/callback", "http://localhost:8081/callback"] },
        ],
      }),
    ).not.toThrow();
  });

  describe("rejects invalid clients, naming the prop and what is allowed", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      [
        "an id token over a day",
        { clients: [{ ...mobile, idTokenValidityMinutes: 1441 }] },
        /clients\[0\]\.idTokenValidityMinutes must be a whole number from 5 to 1440 minutes, got 1441/,
      ],
      [
        "an access token under 5 minutes",
        { clients: [{ ...server, accessTokenValidityMinutes: 4 }], resourceServers: [api] },
        /clients\[0\]\.accessTokenValidityMinutes must be a whole number from 5 to 1440 minutes/,
      ],
      [
        "a refresh token over ten years",
        { clients: [{ ...mobile, refreshTokenValidityDays: 3651 }] },
        /clients\[0\]\.refreshTokenValidityDays must be a whole number from 1 to 3650 days/,
      ],
      [
        "an unknown preset",
        { clients: [{ ...mobile, preset: "desktop" as never }] },
        /clients\[0\]\.preset must be one of "web", "mobile", "server", got "desktop"/,
      ],
      [
        "a second client called web",
        { clients: [{ ...mobile, name: "web" }] },
        /clients names must be unique, "web" appears more than once/,
      ],
      [
        "a mobile client without redirect URIs",
        { clients: [{ ...mobile, callbackUrls: [] }] },
        /clients\[0\]\.callbackUrls must list at least one URL the mobile client's sign-in may return to/,
      ],
      [
        "a javascript: redirect",
        { clients: [{ ...mobile, callbackUrls: ["javascript://alert(1)"] }] },
        /clients\[0\]\.callbackUrls entries must be custom-scheme URLs/,
      ],
      [
        "a plain-http mobile redirect",
        { clients: [{ ...mobile, callbackUrls: ["http://photos.example.com/cb"] }] },
        /clients\[0\]\.callbackUrls entries must be custom-scheme URLs/,
      ],
      [
        "a custom scheme on a web client",
        { clients: [{ name: "w", preset: "web", callbackUrls: ["com.example://cb"] }] },
        /clients\[0\]\.callbackUrls entries must be https URLs/,
      ],
      [
        "a server client without scopes",
        { clients: [{ name: "s", preset: "server" }], resourceServers: [api] },
        /clients\[0\]\.scopes must list the resource-server scopes/,
      ],
      [
        "a server client asking for openid",
        { clients: [{ ...server, scopes: ["openid"] }], resourceServers: [api] },
        /clients\[0\]\.scopes entries must be resource-server scopes of this pool \("https:\/\/api\.example\.com\/images\.read", "https:\/\/api\.example\.com\/images\.write"\), got "openid"/,
      ],
      [
        "a server client with no resource server to ask",
        { clients: [server] },
        /scopes entries must be resource-server scopes of this pool \(none: add a resource server\)/,
      ],
      [
        "a server client with redirect URLs",
        { clients: [{ ...server, callbackUrls: ["https://x.example.com/"] }], resourceServers: [api] },
        /clients\[0\]\.callbackUrls does not apply to a server client/,
      ],
      [
        "a scope nobody defines",
        { clients: [{ ...mobile, scopes: ["openid", "photos/admin"] }] },
        /clients\[0\]\.scopes entries must be one of "openid", "email", "profile", "phone", "aws\.cognito\.signin\.user\.admin", got "photos\/admin"/,
      ],
      [
        "an identity provider the pool does not have",
        { clients: [{ ...mobile, identityProviders: ["Google"] }] },
        /clients\[0\]\.identityProviders entries must be one of "COGNITO", got "Google"/,
      ],
      [
        "a resource server without scopes",
        { resourceServers: [{ ...api, scopes: [] }] },
        /resourceServers\[0\]\.scopes must list 1 to 100 scopes, got 0/,
      ],
      [
        "a scope name with a slash",
        { resourceServers: [{ ...api, scopes: [{ name: "images/read", description: "x" }] }] },
        /resourceServers\[0\]\.scopes\[0\]\.name must be 1–256 printable characters without spaces, quotes, '\/'/,
      ],
      [
        "two resource servers with one identifier",
        { resourceServers: [api, api] },
        /resourceServers identifiers must be unique/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });
  });
});

describe("UserPool app client attributes", () => {
  const google = { type: "Google" as const, clientId: "123.apps.googleusercontent.com" };
  const saml = {
    type: "SAML" as const,
    name: "Corp",
    metadataUrl: "https://idp.example.com/metadata",
    attributeMapping: { "custom:department": "department" },
  };

  test("sets explicit write attributes on every client, without the verification flags or custom attributes", () => {
    const { tf } = synthPool({ clients: [mobile, server], resourceServers: [api] });
    for (const client of Object.values(resourcesOf(tf, "aws_cognito_user_pool_client"))) {
      expect(client.write_attributes).toEqual(expect.arrayContaining(["email", "name", "picture"]));
      for (const sensitive of ["email_verified", "phone_number_verified", "phone_number"])
        expect(client.write_attributes).not.toContain(sensitive);
      expect(client.write_attributes.filter((name: string) => name.startsWith("custom:"))).toEqual([]);
      expect(client.read_attributes).toEqual(expect.arrayContaining(["email", "email_verified"]));
    }
  });

  test("lets users write their phone number only when the pool sends SMS codes", () => {
    const { tf } = synthPool({ mfaFactors: ["totp", "sms"] });
    expect(clientNamed(tf, "web").write_attributes).toContain("phone_number");
    expect(clientNamed(tf, "web").write_attributes).not.toContain("phone_number_verified");
  });

  test("keeps the attributes an identity provider maps writable on the clients that offer it, and only there", () => {
    const { tf } = synthPool({
      identityProviders: [google, saml],
      linkAccountsByEmail: false,
      clients: [{ ...mobile, identityProviders: ["COGNITO"] }],
    });
    expect(clientNamed(tf, "web").write_attributes).toEqual(
      expect.arrayContaining(["email_verified", "custom:department"]),
    );
    expect(clientNamed(tf, "mobile").write_attributes).not.toContain("email_verified");
    expect(clientNamed(tf, "mobile").write_attributes).not.toContain("custom:department");
  });

  test("takes the write attributes a client names, and refuses the verification flags, naming the prop", () => {
    const { tf } = synthPool({ clients: [{ ...mobile, writeAttributes: ["name", "custom:nickname2"] }] });
    expect(clientNamed(tf, "mobile").write_attributes).toEqual(["custom:nickname2", "name"]);
    expect(() => synthPool({ clients: [{ ...mobile, writeAttributes: ["email_verified"] }] })).toThrow(
      /clients\[0\]\.writeAttributes entries must be one of .* got "email_verified"/,
    );
    expect(() => synthPool({ clients: [{ ...mobile, readAttributes: ["shoe_size"] }] })).toThrow(
      /clients\[0\]\.readAttributes entries must be one of/,
    );
  });
});
