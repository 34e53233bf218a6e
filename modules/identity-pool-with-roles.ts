import { CognitoIdentityPool } from "@cdktf/provider-aws/lib/cognito-identity-pool";
import { CognitoIdentityPoolProviderPrincipalTag } from "@cdktf/provider-aws/lib/cognito-identity-pool-provider-principal-tag";
import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { attachInlinePolicy, PolicyDocument, policyDocument, renderPolicy, RoleRef } from "./iam";
import { UserPoolRef } from "./user-pool";
import { requireMatch } from "./validation";

/** Properties of {@link IdentityPoolWithRoles}. */
export interface IdentityPoolWithRolesProps {
  /** Name of the identity pool (letters, digits, spaces, `-` and `_`); also the stem of the role names. */
  readonly name: string;
  /** The user pool and app client whose signed-in users receive credentials. */
  readonly userPool: UserPoolRef;
  /**
   * Give credentials to visitors who have not signed in, through a separate guest role.
   * Unsafe unless the guest role's policies are reviewed: anyone on the internet gets them.
   * @default false
   */
  readonly allowGuests?: boolean;
  /** Tags for the pool and its roles. @default - none */
  readonly tags?: Record<string, string>;
}

const OWNER = "IdentityPoolWithRoles";
const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";

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
  private readonly authenticatedRoleResource: IamRole;
  private readonly guestRoleResource?: IamRole;

  constructor(scope: Construct, id: string, props: IdentityPoolWithRolesProps) {
    super(scope, id);
    requireMatch(OWNER, "name", props.name, /^[\w\s-]{1,48}$/, "1–48 letters, digits, spaces, '-' or '_' (role names add up to 16 characters)");
    const roleStem = props.name.replace(/\s+/g, "-");

    this.identityPool = new CognitoIdentityPool(this, "pool", {
      identityPoolName: props.name,
      allowUnauthenticatedIdentities: props.allowGuests === true,
      // The basic (classic) flow lets a client pick any role the pool trusts; only the enhanced flow is allowed.
      allowClassicFlow: false,
      cognitoIdentityProviders: [
        {
          clientId: props.userPool.userPoolClientId,
          providerName: props.userPool.userPoolEndpoint,
          // Tokens are checked with the user pool, so a signed-out or deleted user gets no new credentials.
          serverSideTokenCheck: true,
        },
      ],
      tags: props.tags,
    });
    this.identityPoolId = this.identityPool.id;

    this.authenticatedRoleResource = this.createRole("authenticated-role", `${roleStem}-authenticated`, "authenticated", props.tags);
    this.authenticatedRole = { roleName: this.authenticatedRoleResource.name, roleArn: this.authenticatedRoleResource.arn };
    if (props.allowGuests === true) {
      this.guestRoleResource = this.createRole("guest-role", `${roleStem}-guest`, "unauthenticated", props.tags);
      this.guestRole = { roleName: this.guestRoleResource.name, roleArn: this.guestRoleResource.arn };
    }

    new CognitoIdentityPoolRolesAttachment(this, "roles", {
      identityPoolId: this.identityPool.id,
      roles: {
        authenticated: this.authenticatedRole.roleArn,
        ...(this.guestRole ? { unauthenticated: this.guestRole.roleArn } : {}),
      },
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
      throw new Error(`${OWNER}: cannot attach "${policyName}" to the guest role: allowGuests is false, so there is no guest role`);
    }
    return attachInlinePolicy(this, id, this.guestRole, policyName, document);
  }

  private createRole(id: string, name: string, amr: "authenticated" | "unauthenticated", tags?: Record<string, string>): IamRole {
    const trust = policyDocument({
      Effect: "Allow",
      Principal: { Federated: COGNITO_IDENTITY },
      // TagSession lets the identity pool pass the `sub` principal tag into the session.
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringEquals: { [`${COGNITO_IDENTITY}:aud`]: this.identityPool.id },
        "ForAnyValue:StringLike": { [`${COGNITO_IDENTITY}:amr`]: amr },
      },
    });
    return new IamRole(this, id, {
      name,
      description: `Assumed through identity pool by ${amr} users`,
      assumeRolePolicy: renderPolicy(trust),
      maxSessionDuration: 3600,
      tags,
    });
  }
}
