import {
  IdentityPoolWithRoles,
  IdentityPoolWithRolesProps,
} from "../../../modules/identity-pool/identity-pool-with-roles";
import { policyDocument } from "../../../modules/private/iam";
import { inlinePoliciesOf, logicalName, onlyResource, parsePolicy, resourcesOf, synthOf } from "../../support/synth";
import { buildSignInStack } from "../../support/sign-in-fixtures";

const userPool = {
  userPoolId: "us-east-1_Example",
  userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Example",
  userPoolEndpoint: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
  userPoolClientId: "webclient",
  userPoolClientIds: ["webclient", "mobileclient"],
};
const groups = [
  { name: "editors", precedence: 10 },
  { name: "admins", precedence: 0, description: "Read every user's images" },
];
function synthIdentities(
  props: Partial<IdentityPoolWithRolesProps> = {},
  extra?: (pool: IdentityPoolWithRoles) => void,
) {
  return synthOf((stack) => {
    const pool = new IdentityPoolWithRoles(stack, "identities", { name: "photos", userPool, groups, ...props });
    extra?.(pool);
  });
}
const roleNamed = (tf: ReturnType<typeof synthIdentities>["tf"], name: string) =>
  Object.values(resourcesOf(tf, "aws_iam_role")).find((r) => r.name === name);

describe("user-pool groups mapped to identity-pool roles", () => {
  const { tf } = synthIdentities();

  test("creates each group in the user pool with its role and precedence", () => {
    const created = Object.values(resourcesOf(tf, "aws_cognito_user_group"))
      .map((g) => [g.name, g.precedence, g.user_pool_id])
      .sort();
    expect(created).toEqual([
      ["admins", 0, "us-east-1_Example"],
      ["editors", 10, "us-east-1_Example"],
    ]);
    const admins = Object.values(resourcesOf(tf, "aws_cognito_user_group")).find((g) => g.name === "admins");
    expect(admins?.role_arn).toMatch(/^\$\{aws_iam_role\.identities_group-admins_role_\w+\.arn\}$/);
  });

  test("gives every group role the authenticated role's trust: this identity pool's signed-in users only", () => {
    const authenticated = parsePolicy(roleNamed(tf, "photos-authenticated")?.assume_role_policy);
    for (const name of ["photos-admins", "photos-editors"]) {
      expect(parsePolicy(roleNamed(tf, name)?.assume_role_policy)).toEqual(authenticated);
    }
    expect(authenticated.Statement[0].Condition?.["ForAnyValue:StringLike"]).toEqual({
      "cognito-identity.amazonaws.com:amr": "authenticated",
    });
  });

  test("maps roles from the token for every client, falling back to the authenticated role", () => {
    expect(onlyResource(tf, "aws_cognito_identity_pool_roles_attachment").role_mapping).toEqual([
      {
        identity_provider: `${userPool.userPoolEndpoint}:webclient`,
        type: "Token",
        ambiguous_role_resolution: "AuthenticatedRole",
      },
      {
        identity_provider: `${userPool.userPoolEndpoint}:mobileclient`,
        type: "Token",
        ambiguous_role_resolution: "AuthenticatedRole",
      },
    ]);
  });

  test("maps roles by rules on cognito:groups in precedence order when asked", () => {
    const { tf: rules } = synthIdentities({ roleMapping: "rules" });
    const [web] = onlyResource(rules, "aws_cognito_identity_pool_roles_attachment").role_mapping;
    expect(web.type).toBe("Rules");
    expect(web.mapping_rule.map((r: Record<string, string>) => [r.claim, r.match_type, r.value])).toEqual([
      ["cognito:groups", "Contains", "admins"],
      ["cognito:groups", "Contains", "editors"],
    ]);
    expect(web.mapping_rule[0].role_arn).toMatch(/identities_group-admins_role_/);
  });

  test("leaves the roles attachment without mappings when there are no groups", () => {
    expect(
      onlyResource(synthIdentities({ groups: [] }).tf, "aws_cognito_identity_pool_roles_attachment").role_mapping,
    ).toBeUndefined();
  });

  test("lets an admins group read every user's images while users keep only their own upload folder", () => {
    const { tf: stack } = synthOf((s) => buildSignInStack(s));
    const admins = inlinePoliciesOf(stack, logicalName(stack, "aws_iam_role", "group-admins"));
    expect(admins.flatMap((p) => p.Statement)).toEqual([
      {
        Sid: "ReadEveryImage",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: expect.stringMatching(/\.arn\}\/images\/\*$/),
      },
      {
        Sid: "ListImages",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: expect.stringMatching(/\.arn\}$/),
        Condition: { StringLike: { "s3:prefix": ["images/*"] } },
      },
    ]);
    const users = inlinePoliciesOf(stack, logicalName(stack, "aws_iam_role", "authenticated-role")).flatMap(
      (p) => p.Statement,
    );
    expect(users.map((s) => s.Resource)).toEqual([expect.stringMatching(/\/tmp\/\$\{aws:PrincipalTag\/sub\}\/\*$/)]);
  });

  test("attaches a policy to a group's role by group name", () => {
    const { tf: withPolicy } = synthIdentities({}, (pool) =>
      pool.attachToGroupRole(
        "editors",
        "editors-write",
        "write-shared",
        policyDocument({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::shared/*" }),
      ),
    );
    expect(onlyResource(withPolicy, "aws_iam_role_policy").role).toMatch(/identities_group-editors_role_\w+\.name/);
  });

  test("accepts group names inside one another with token mapping, where the role comes from the token", () => {
    const names = [
      { name: "admins", precedence: 1 },
      { name: "sysadmins", precedence: 2 },
    ];
    expect(Object.keys(resourcesOf(synthIdentities({ groups: names }).tf, "aws_cognito_user_group"))).toHaveLength(2);
  });

  describe("rejects invalid groups, naming the prop", () => {
    test.each<[string, Partial<IdentityPoolWithRolesProps>, RegExp]>([
      [
        "two groups with one precedence",
        {
          groups: [
            { name: "a", precedence: 1 },
            { name: "b", precedence: 1 },
          ],
        },
        /groups precedence values \(a tie leaves the preferred role ambiguous\) must be unique/,
      ],
      [
        "a group twice",
        {
          groups: [
            { name: "a", precedence: 1 },
            { name: "a", precedence: 2 },
          ],
        },
        /groups names must be unique, "a" appears more than once/,
      ],
      [
        "a negative precedence",
        { groups: [{ name: "a", precedence: -1 }] },
        /precedence of group "a" must be a whole number from 0/,
      ],
      [
        "a group name with spaces",
        { groups: [{ name: "site admins", precedence: 1 }] },
        /test\/identities\/group-site admins: name must be 1–128 letters/,
      ],
      [
        "a role name over 64 characters",
        { groups: [{ name: "g".repeat(60), precedence: 1 }] },
        /roleName of group "g+" must be 1–64 letters.*set roleName when the default is too long/,
      ],
      [
        "an unknown mapping type",
        { roleMapping: "claims" as never },
        /roleMapping must be one of "token", "rules", got "claims"/,
      ],
      [
        "more rules than Cognito allows",
        { roleMapping: "rules", groups: Array.from({ length: 26 }, (_, i) => ({ name: `g${i}`, precedence: i })) },
        /roleMapping "rules" allows at most 25 groups, got 26; use "token"/,
      ],
      [
        "with rules, a group name inside another",
        {
          roleMapping: "rules",
          groups: [
            { name: "admins", precedence: 1 },
            { name: "sysadmins", precedence: 2 },
          ],
        },
        /groups must not have a name that contains another when roleMapping is "rules" \("sysadmins" contains "admins"\).*use "token"/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthIdentities(props)).toThrow(message);
    });

    test("a policy for a group that does not exist", () => {
      expect(() =>
        synthIdentities({}, (pool) =>
          pool.attachToGroupRole(
            "owners",
            "x",
            "x",
            policyDocument({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
          ),
        ),
      ).toThrow(/groups has no group "owners" to attach "x" to \(groups: editors, admins\)/);
    });
  });
});
