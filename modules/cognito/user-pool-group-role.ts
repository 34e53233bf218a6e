import { CognitoUserGroup } from "@cdktf/provider-aws/lib/cognito-user-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { permissionsBoundary, RoleRef } from "../private/iam";
import { identityPoolTrustPolicy } from "../identity-pool/private/identity-pool-trust";
import { GROUP_DESCRIPTION, GROUP_NAME, GROUP_PRECEDENCE, ROLE_NAME } from "../private/limits";
import { fail, requireLimit, violationOf } from "../private/validation";

/**
 * A user-pool group whose members get their own identity-pool role, e.g. `admins` with a role that
 * may read every user's images.
 *
 * Precedence: a lower number wins. A user in several groups gets, as `cognito:preferred_role`, the
 * role of the group with the lowest precedence; the identity pool hands out that role (token
 * mapping) or the role of the first matching rule, rules ordered by precedence. A user in no group
 * with a role gets the authenticated role.
 */
export interface GroupRoleOptions {
  /** Group name (1–128 letters, digits and `._-`). */
  readonly name: string;
  /** Whole number from 0; lower wins; unique among the groups. */
  readonly precedence: number;
  /** What the group is for. @default - none */
  readonly description?: string;
  /** Name of the group's IAM role. @default "<identity pool name>-<group name>" */
  readonly roleName?: string;
}

/** Properties of {@link UserPoolGroupRole}. */
export interface UserPoolGroupRoleProps extends GroupRoleOptions {
  /** Id of the user pool the group belongs to. */
  readonly userPoolId: string;
  /** Id of the identity pool that hands out the role (the trust policy's `aud`). */
  readonly identityPoolId: string;
  /** Role name used when `roleName` is not given. */
  readonly defaultRoleName: string;
  /** Tags for the role. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds the role (its permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

/** A user-pool group and the IAM role its members assume through the identity pool. */
export class UserPoolGroupRole extends Construct {
  public readonly group: CognitoUserGroup;
  public readonly role: RoleRef;
  public readonly groupName: string;
  public readonly precedence: number;

  constructor(scope: Construct, id: string, props: UserPoolGroupRoleProps) {
    super(scope, id);
    requireLimit(this, "name", props.name, GROUP_NAME);
    requireLimit(this, `precedence of group "${props.name}"`, props.precedence, GROUP_PRECEDENCE);
    const roleName = props.roleName ?? props.defaultRoleName;
    const roleNameProblem = Token.isUnresolved(roleName) ? undefined : violationOf(ROLE_NAME, roleName);
    if (roleNameProblem)
      fail(this, `roleName of group "${props.name}"`, `${roleNameProblem} (set roleName when the default is too long)`);
    if (props.description !== undefined) requireLimit(this, "description", props.description, GROUP_DESCRIPTION);
    const boundary = permissionsBoundary(this, props.permissionsBoundaryArn);

    const role = new IamRole(this, "role", {
      name: roleName,
      description: `Assumed through identity pool by members of the ${props.name} group`,
      // The same trust as the authenticated role: this pool's signed-in identities only.
      assumeRolePolicy: identityPoolTrustPolicy(props.identityPoolId, "authenticated"),
      maxSessionDuration: 3600,
      permissionsBoundary: boundary,
      tags: props.tags,
    });
    this.role = { roleName: role.name, roleArn: role.arn };
    this.group = new CognitoUserGroup(this, "group", {
      userPoolId: props.userPoolId,
      name: props.name,
      description: props.description,
      precedence: props.precedence,
      roleArn: role.arn,
    });
    this.groupName = props.name;
    this.precedence = props.precedence;
  }
}
