import { CognitoIdentityPool } from "@cdktf/provider-aws/lib/cognito-identity-pool";
import { CognitoIdentityPoolProviderPrincipalTag } from "@cdktf/provider-aws/lib/cognito-identity-pool-provider-principal-tag";
import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { attachInlinePolicy, permissionsBoundary, PolicyDocument, RoleRef } from "../private/iam";
import { identityPoolTrustPolicy } from "./private/identity-pool-trust";
import type { UserPoolRef } from "../cognito/user-pool";
import { GroupRoleOptions, UserPoolGroupRole } from "../cognito/user-pool-group-role";
import { IDENTITY_POOL_NAME, IDENTITY_POOL_ROLE_SUFFIXES, MAX_ROLE_MAPPING_RULES } from "../private/limits";
import { fail, requireLimit, requireOneOf, requireUnique } from "../private/validation";

/**
 * How the identity pool picks a group's role: `token` takes the id token's `cognito:preferred_role`
 * (the role of the user's group with the lowest precedence); `rules` matches `cognito:groups`
 * against the groups in precedence order. Either way a user without a group role, or with an
 * ambiguous one, gets the authenticated role.
 */
export const ROLE_MAPPING_TYPES = ["token", "rules"] as const;
export type RoleMappingType = (typeof ROLE_MAPPING_TYPES)[number];

/** Properties of {@link IdentityPoolWithRoles}. */
export interface IdentityPoolWithRolesProps {
  /** Name of the identity pool (letters, digits, spaces, `-` and `_`); also the stem of the role names. */
  readonly name: string;
  /** The user pool and app client whose signed-in users receive credentials. */
  readonly userPool: UserPoolRef;
  /**
   * Ids of every app client whose id tokens may be exchanged for credentials (web, mobile).
   * @default - the user pool's `userPoolClientIds`, else its `userPoolClientId`
   */
  readonly clientIds?: string[];
  /** User-pool groups whose members get a role of their own (at most 25 with `rules`). @default - none */
  readonly groups?: GroupRoleOptions[];
  /** How a group's role is chosen: "token" or "rules". @default "token" */
  readonly roleMapping?: RoleMappingType;
  /**
   * Give credentials to visitors who have not signed in, through a separate guest role.
   * Unsafe unless the guest role's policies are reviewed: anyone on the internet gets them.
   * @default false
   */
  readonly allowGuests?: boolean;
  /** Tags for the pool and its roles. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds every role of the pool, group roles included (their permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

/**
 * A Cognito identity pool that trades a user-pool sign-in for temporary AWS credentials of an
 * authenticated role (and of a guest role only when asked for). The user-pool `sub` claim becomes
 * the session's principal tag `sub`, so policies can scope each user to `.../${aws:PrincipalTag/sub}/*`.
 */
export class IdentityPoolWithRoles extends Construct {
  public readonly identityPool: CognitoIdentityPool;
  /** Id of the identity pool. */
  public readonly identityPoolId: string;
  /** The role signed-in users assume. */
  public readonly authenticatedRole: RoleRef;
  /** The role visitors who have not signed in assume; undefined unless `allowGuests`. */
  public readonly guestRole?: RoleRef;
  /** The roles of the user-pool groups, by group name. */
  public readonly groupRoles: Readonly<Record<string, RoleRef>>;
  /** Ids of the app clients whose tokens the pool accepts. */
  public readonly clientIds: string[];
  private readonly authenticatedRoleResource: IamRole;
  private readonly guestRoleResource?: IamRole;

  constructor(scope: Construct, id: string, props: IdentityPoolWithRolesProps) {
    super(scope, id);
    requireLimit(this, "name", props.name, IDENTITY_POOL_NAME);
    const roleStem = props.name.replace(/\s+/g, "-");
    this.clientIds = props.clientIds ?? props.userPool.userPoolClientIds ?? [props.userPool.userPoolClientId];
    if (!Token.isUnresolved(this.clientIds) && this.clientIds.length === 0) {
      fail(this, "clientIds", "must list at least one app client whose users receive credentials");
    }
    requireUnique(this, "clientIds", this.clientIds);
    const boundary = permissionsBoundary(this, props.permissionsBoundaryArn);

    this.identityPool = new CognitoIdentityPool(this, "pool", {
      identityPoolName: props.name,
      allowUnauthenticatedIdentities: props.allowGuests === true,
      // The basic (classic) flow lets a client pick any role the pool trusts; only the enhanced flow is allowed.
      allowClassicFlow: false,
      cognitoIdentityProviders: this.clientIds.map((clientId) => ({
        clientId,
        providerName: props.userPool.userPoolEndpoint,
        // Tokens are checked with the user pool, so a signed-out or deleted user gets no new credentials.
        serverSideTokenCheck: true,
      })),
      tags: props.tags,
    });
    this.identityPoolId = this.identityPool.id;

    this.authenticatedRoleResource = this.createRole(
      "authenticated-role",
      `${roleStem}${IDENTITY_POOL_ROLE_SUFFIXES.authenticated}`,
      "authenticated",
      props.tags,
      boundary,
    );
    this.authenticatedRole = {
      roleName: this.authenticatedRoleResource.name,
      roleArn: this.authenticatedRoleResource.arn,
    };
    if (props.allowGuests === true) {
      this.guestRoleResource = this.createRole(
        "guest-role",
        `${roleStem}${IDENTITY_POOL_ROLE_SUFFIXES.guest}`,
        "unauthenticated",
        props.tags,
        boundary,
      );
      this.guestRole = { roleName: this.guestRoleResource.name, roleArn: this.guestRoleResource.arn };
    }

    const groups = this.createGroupRoles(props, roleStem);
    this.groupRoles = Object.fromEntries(groups.map((group) => [group.groupName, group.role]));

    new CognitoIdentityPoolRolesAttachment(this, "roles", {
      identityPoolId: this.identityPool.id,
      roles: {
        authenticated: this.authenticatedRole.roleArn,
        ...(this.guestRole ? { unauthenticated: this.guestRole.roleArn } : {}),
      },
      ...(groups.length > 0 ? { roleMapping: this.roleMappings(props, groups) } : {}),
    });

    new CognitoIdentityPoolProviderPrincipalTag(this, "principal-tags", {
      identityPoolId: this.identityPool.id,
      identityProviderName: props.userPool.userPoolEndpoint,
      // Only the mapping below: the default mapping would also tag `client` and change the tag set users see.
      useDefaults: false,
      principalTags: { sub: "sub" },
    });
  }

  /** Attaches `document` as an inline policy of the authenticated role. */
  public attachToAuthenticatedRole(id: string, policyName: string, document: PolicyDocument): IamRolePolicy {
    return attachInlinePolicy(this, id, this.authenticatedRole, policyName, document);
  }

  /** Attaches `document` as an inline policy of the guest role; fails when guests are not allowed. */
  public attachToGuestRole(id: string, policyName: string, document: PolicyDocument): IamRolePolicy {
    if (!this.guestRole) {
      fail(this, "allowGuests", `is false, so there is no guest role to attach "${policyName}" to`);
    }
    return attachInlinePolicy(this, id, this.guestRole, policyName, document);
  }

  /** Attaches `document` as an inline policy of the role of group `groupName`. */
  public attachToGroupRole(groupName: string, id: string, policyName: string, document: PolicyDocument): IamRolePolicy {
    const role = this.groupRoles[groupName];
    if (!role) {
      const known = Object.keys(this.groupRoles);
      fail(
        this,
        "groups",
        `has no group "${groupName}" to attach "${policyName}" to (groups: ${known.length ? known.join(", ") : "none"})`,
      );
    }
    return attachInlinePolicy(this, id, role, policyName, document);
  }

  private createGroupRoles(props: IdentityPoolWithRolesProps, roleStem: string): UserPoolGroupRole[] {
    const groups = props.groups ?? [];
    requireUnique(
      this,
      "groups names",
      groups.map((group) => group.name),
    );
    requireUnique(
      this,
      "groups precedence values (a tie leaves the preferred role ambiguous)",
      groups.map((group) => String(group.precedence)),
    );
    return groups.map(
      (group) =>
        new UserPoolGroupRole(this, `group-${group.name}`, {
          ...group,
          userPoolId: props.userPool.userPoolId,
          identityPoolId: this.identityPool.id,
          defaultRoleName: `${roleStem}-${group.name}`,
          tags: props.tags,
          permissionsBoundaryArn: props.permissionsBoundaryArn,
        }),
    );
  }

  private roleMappings(props: IdentityPoolWithRolesProps, groups: UserPoolGroupRole[]) {
    const type = props.roleMapping ?? "token";
    requireOneOf(this, "roleMapping", type, ROLE_MAPPING_TYPES);
    if (type === "rules" && groups.length > MAX_ROLE_MAPPING_RULES) {
      fail(
        this,
        "roleMapping",
        `"rules" allows at most ${MAX_ROLE_MAPPING_RULES} groups, got ${groups.length}; use "token"`,
      );
    }
    if (type === "rules") this.requireNoNameInside(groups.map((group) => group.groupName));
    const byPrecedence = [...groups].sort((a, b) => a.precedence - b.precedence);
    return this.clientIds.map((clientId) => ({
      // A user-pool client is named `<pool endpoint>:<client id>` in role mappings.
      identityProvider: `${props.userPool.userPoolEndpoint}:${clientId}`,
      type: type === "token" ? "Token" : "Rules",
      // Least privilege when no group decides: the plain authenticated role, not a refusal.
      ambiguousRoleResolution: "AuthenticatedRole",
      ...(type === "rules"
        ? {
            mappingRule: byPrecedence.map((group) => ({
              claim: "cognito:groups",
              matchType: "Contains",
              value: group.groupName,
              roleArn: group.role.roleArn,
            })),
          }
        : {}),
    }));
  }

  private createRole(
    id: string,
    name: string,
    amr: "authenticated" | "unauthenticated",
    tags?: Record<string, string>,
    boundary?: string,
  ): IamRole {
    return new IamRole(this, id, {
      name,
      description: `Assumed through identity pool by ${amr} users`,
      assumeRolePolicy: identityPoolTrustPolicy(this.identityPool.id, amr),
      maxSessionDuration: 3600,
      permissionsBoundary: boundary,
      tags,
    });
  }

  /**
   * Cognito documents a `Contains` rule only as "the claim contains the value", not as a match of one
   * whole entry of `cognito:groups`, so `admins` would also match a member of `sysadmins`. No other
   * match type works on a list of groups: with rules, no group name may contain another.
   */
  private requireNoNameInside(names: readonly string[]): void {
    for (const inner of names) {
      if (Token.isUnresolved(inner)) continue;
      const outer = names.find((name) => name !== inner && !Token.isUnresolved(name) && name.includes(inner));
      if (outer) {
        fail(
          this,
          "groups",
          `must not have a name that contains another when roleMapping is "rules" ("${outer}" contains "${inner}"), ` +
            `because a Contains rule on cognito:groups may match part of a name; rename a group or use "token"`,
        );
      }
    }
  }
}
