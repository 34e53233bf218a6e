import {
  IdentityPoolWithRoles,
  IdentityPoolWithRolesProps,
} from "../../../modules/identity-pool/identity-pool-with-roles";
import { policyDocument } from "../../../modules/private/iam";
import { onlyResource, parsePolicy, resourcesOf, synthOf } from "../../support/synth";

const userPool = {
  userPoolId: "us-east-1_Example",
  userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Example",
  userPoolEndpoint: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
  userPoolClientId: "exampleclientid",
};

function synthIdentityPool(
  props: Partial<IdentityPoolWithRolesProps> = {},
  extra?: (pool: IdentityPoolWithRoles) => void,
) {
  return synthOf((stack) => {
    const pool = new IdentityPoolWithRoles(stack, "identities", { name: "photos", userPool, ...props });
    extra?.(pool);
  });
}

function roleByName(tf: ReturnType<typeof synthIdentityPool>["tf"], name: string) {
  const role = Object.values(resourcesOf(tf, "aws_iam_role")).find((r) => r.name === name);
  if (!role) throw new Error(`no role named ${name}`);
  return role;
}

describe("IdentityPoolWithRoles", () => {
  describe("by default", () => {
    const { tf } = synthIdentityPool();
    const pool = onlyResource(tf, "aws_cognito_identity_pool");

    test("refuses guests and the classic flow", () => {
      expect(pool.allow_unauthenticated_identities).toBe(false);
      expect(pool.allow_classic_flow).toBe(false);
    });

    test("accepts the user-pool client with a server-side token check", () => {
      expect(pool.cognito_identity_providers).toEqual([
        { client_id: "exampleclientid", provider_name: userPool.userPoolEndpoint, server_side_token_check: true },
      ]);
    });

    test("creates only the authenticated role and attaches it", () => {
      expect(Object.keys(resourcesOf(tf, "aws_iam_role"))).toHaveLength(1);
      const attachment = onlyResource(tf, "aws_cognito_identity_pool_roles_attachment");
      expect(Object.keys(attachment.roles)).toEqual(["authenticated"]);
      expect(attachment.roles.authenticated).toMatch(/^\$\{aws_iam_role\.identities_authenticated-role_\w+\.arn\}$/);
    });

    test("trusts only this identity pool's authenticated identities, with session tags", () => {
      const trust = parsePolicy(roleByName(tf, "photos-authenticated").assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Federated: "cognito-identity.amazonaws.com" },
          Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "cognito-identity.amazonaws.com:aud": expect.stringMatching(
                /^\$\{aws_cognito_identity_pool\.identities_pool_\w+\.id\}$/,
              ),
            },
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
          },
        },
      ]);
    });

    test("maps the user-pool sub claim to the principal tag sub, without the default tags", () => {
      const tags = onlyResource(tf, "aws_cognito_identity_pool_provider_principal_tag");
      expect(tags).toEqual(
        expect.objectContaining({
          identity_provider_name: userPool.userPoolEndpoint,
          use_defaults: false,
          principal_tags: { sub: "sub" },
        }),
      );
    });
  });

  describe("with guests allowed", () => {
    const { tf } = synthIdentityPool({ allowGuests: true });

    test("allows unauthenticated identities and attaches a guest role", () => {
      expect(onlyResource(tf, "aws_cognito_identity_pool").allow_unauthenticated_identities).toBe(true);
      expect(Object.keys(onlyResource(tf, "aws_cognito_identity_pool_roles_attachment").roles).sort()).toEqual([
        "authenticated",
        "unauthenticated",
      ]);
    });

    test("trusts only unauthenticated identities in the guest role", () => {
      const trust = parsePolicy(roleByName(tf, "photos-guest").assume_role_policy);
      expect(trust.Statement[0].Condition?.["ForAnyValue:StringLike"]).toEqual({
        "cognito-identity.amazonaws.com:amr": "unauthenticated",
      });
    });

    test("gives the guest role no permissions of its own", () => {
      expect(resourcesOf(tf, "aws_iam_role_policy")).toEqual({});
    });
  });

  test("attaches a policy to the authenticated role", () => {
    const { tf } = synthIdentityPool({}, (pool) =>
      pool.attachToAuthenticatedRole(
        "extra",
        "read-profile",
        policyDocument({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::profiles/*" }),
      ),
    );
    const policy = onlyResource(tf, "aws_iam_role_policy");
    expect(policy.name).toBe("read-profile");
    expect(policy.role).toMatch(/aws_iam_role\.identities_authenticated-role_\w+\.name/);
    expect(parsePolicy(policy.policy).Statement[0].Resource).toBe("arn:aws:s3:::profiles/*");
  });

  test("attaches policies under any number of ids and returns each, but refuses a second policy of the same name on the role", () => {
    const read = policyDocument({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::profiles/*" });
    let returned: string[] = [];
    const { tf } = synthIdentityPool({}, (pool) => {
      returned = [
        pool.attachToAuthenticatedRole("a", "read-a", read),
        pool.attachToAuthenticatedRole("b", "read-b", read),
      ].map((p) => p.friendlyUniqueId);
    });
    expect(Object.keys(resourcesOf(tf, "aws_iam_role_policy")).sort()).toEqual(returned.sort());
    // In AWS the second inline policy of a name replaces the first, and each apply would swap them back.
    expect(() =>
      synthIdentityPool({}, (pool) => {
        pool.attachToAuthenticatedRole("a", "read", read);
        pool.attachToAuthenticatedRole("b", "read", read);
      }),
    ).toThrow(
      /the role already has an inline policy named "read" \(attached by test\/identities\/a\); a second one would replace it/,
    );
  });

  test("refuses to attach a guest policy when guests are off, saying why", () => {
    expect(() =>
      synthIdentityPool({}, (pool) =>
        pool.attachToGuestRole(
          "extra",
          "guest-read",
          policyDocument({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
        ),
      ),
    ).toThrow(/allowGuests is false, so there is no guest role/);
  });

  test("rejects a name that would not fit the role names, naming the construct's path", () => {
    // IAM role names have at most 64 characters, and "-authenticated" takes 14 of them.
    expect(
      roleByName(synthIdentityPool({ name: "x".repeat(50) }).tf, `${"x".repeat(50)}-authenticated`).name,
    ).toHaveLength(64);
    expect(() => synthIdentityPool({ name: "x".repeat(51) })).toThrow(/^test\/identities: name must be 1–50 letters/);
    expect(() => synthIdentityPool({ name: "photos/prod" })).toThrow(/name must be/);
  });

  describe("with several app clients", () => {
    test("accepts the id tokens of every client the user pool lists, each checked with the user pool", () => {
      const { tf } = synthIdentityPool({ userPool: { ...userPool, userPoolClientIds: ["webclient", "mobileclient"] } });
      expect(onlyResource(tf, "aws_cognito_identity_pool").cognito_identity_providers).toEqual(
        ["webclient", "mobileclient"].map((id) => ({
          client_id: id,
          provider_name: userPool.userPoolEndpoint,
          server_side_token_check: true,
        })),
      );
    });

    test("takes the client ids it is given over the user pool's", () => {
      const { tf } = synthIdentityPool({ clientIds: ["onlythisone"] });
      expect(
        onlyResource(tf, "aws_cognito_identity_pool").cognito_identity_providers.map(
          (p: { client_id: string }) => p.client_id,
        ),
      ).toEqual(["onlythisone"]);
    });

    test("keeps one principal-tag mapping for the user pool, whatever the number of clients", () => {
      const { tf } = synthIdentityPool({ clientIds: ["a", "b", "c"] });
      expect(onlyResource(tf, "aws_cognito_identity_pool_provider_principal_tag").principal_tags).toEqual({
        sub: "sub",
      });
    });

    test("rejects an empty or repeated client list, naming the prop", () => {
      expect(() => synthIdentityPool({ clientIds: [] })).toThrow(/clientIds must list at least one app client/);
      expect(() => synthIdentityPool({ clientIds: ["a", "a"] })).toThrow(
        /clientIds must be unique, "a" appears more than once/,
      );
    });
  });
});
