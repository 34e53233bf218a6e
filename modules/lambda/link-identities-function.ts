import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { BundledFunctionSettings, createBundledFunction, passedThroughSettings } from "./private/bundled-function";
import {
  attachInlinePolicy,
  freeId,
  freePolicyName,
  permissionsBoundary,
  policyDocument,
  RoleRef,
} from "../private/iam";
import {
  checkedEmailDomains,
  LinkableProviderSpec,
  PLATFORM_VERIFIED_PROVIDER_TYPES,
} from "../cognito/identity-providers";
import { DEFAULT_FUNCTION_RUNTIME } from "../private/limits";
import { fail } from "../private/validation";

/** Properties of {@link LinkIdentitiesFunction}. */
export interface LinkIdentitiesFunctionProps extends BundledFunctionSettings {
  /** Name of the Lambda function (also names its role and log group; 1–59 letters, digits, '-', '_'). */
  readonly functionName: string;
  /**
   * The providers whose first sign-ins are linked by email, each trusted for its `emailDomains`
   * (required except for Google and SignInWithApple, which are otherwise trusted for any domain).
   */
  readonly providers: LinkableProviderSpec[];
  /** The pool signs users in by email (`username_attributes = ["email"]`). @default true */
  readonly usernameIsEmail?: boolean;
  /** The pool's usernames are case-insensitive (Cognito then lowercases federated usernames). @default false */
  readonly caseInsensitiveUsernames?: boolean;
}

/** What {@link LinkIdentitiesFunction.bindToUserPool} created for one pool. */
export interface UserPoolBinding {
  /** The function role's inline policy on that pool. */
  readonly policy: IamRolePolicy;
  /** The permission that lets that pool invoke the function. */
  readonly permission: LambdaPermission;
}

/**
 * The pre sign-up trigger that links a first federated sign-in to the user with the same email
 * (functions/link-identities). Cognito waits at most 5 seconds for a trigger, so it runs with 5
 * seconds and enough memory for a quick start.
 *
 * Its user-pool permissions come from {@link LinkIdentitiesFunction.bindToUserPool}, a separate
 * policy that depends on the pool: the pool names the function in its `lambda_config`, so the
 * function itself must not depend on the pool.
 */
export class LinkIdentitiesFunction extends Construct {
  public readonly function: LambdaFunction;
  /** The function's execution role. */
  public readonly role: RoleRef;
  /** ARN of the function, for the pool's `lambda_config.pre_sign_up`. */
  public readonly functionArn: string;
  /** Name of the function. */
  public readonly functionName: string;
  /** The pools bound so far, by ARN. */
  private readonly bindings = new Map<string, UserPoolBinding>();

  constructor(scope: Construct, id: string, props: LinkIdentitiesFunctionProps) {
    super(scope, id);
    const runtime = props.runtime ?? DEFAULT_FUNCTION_RUNTIME;
    const logRetentionDays = props.logRetentionDays ?? 365;
    if (props.providers.length === 0) fail(this, "providers", "must list at least one identity provider to link");
    const providers = props.providers.map((provider, index) => linkingSettings(this, provider, `providers[${index}]`));
    const permissionsBoundaryArn = permissionsBoundary(this, props.permissionsBoundaryArn);

    const bundled = createBundledFunction(this, {
      bundle: "link-identities",
      functionName: props.functionName,
      description: "Pre sign-up trigger: links a first federated sign-in to the user with the same verified email",
      runtime,
      memorySize: 512,
      // Cognito gives a trigger 5 seconds; a longer timeout would only hide a failure behind Cognito's own.
      timeoutSeconds: 5,
      ...passedThroughSettings(props),
      logRetentionDays,
      permissionsBoundaryArn,
      environment: {
        LINKABLE_PROVIDERS: JSON.stringify(providers),
        USERNAME_IS_EMAIL: String(props.usernameIsEmail !== false),
        CASE_INSENSITIVE_USERNAMES: String(props.caseInsensitiveUsernames === true),
      },
    });
    // The user-pool policy is not among the function's dependencies: the pool depends on this function, and that policy on the pool.
    this.function = bundled.function;
    this.role = bundled.role;
    this.functionArn = this.function.arn;
    this.functionName = this.function.functionName;
  }

  /**
   * Lets the user pool `userPoolArn` invoke the function, and the function read users, create a
   * native user and link identities in that pool only. May be called for several pools (the first
   * binding keeps its construct ids, later ones get `-2`, `-3`, …); binding a pool again returns
   * the first binding.
   */
  public bindToUserPool(userPoolArn: string): UserPoolBinding {
    const existing = this.bindings.get(userPoolArn);
    if (existing) return existing;
    const n = this.bindings.size + 1;
    const policy = attachInlinePolicy(
      this,
      freeId(this, "user-pool-policy"),
      this.role,
      freePolicyName(this, this.role, "link-identities-in-own-pool"),
      policyDocument({
        Sid: "LinkIdentitiesInOwnPool",
        Effect: "Allow",
        Action: [
          "cognito-idp:ListUsers",
          "cognito-idp:AdminGetUser",
          "cognito-idp:AdminCreateUser",
          "cognito-idp:AdminSetUserPassword",
          "cognito-idp:AdminLinkProviderForUser",
        ],
        Resource: userPoolArn,
      }),
    );
    const permission = new LambdaPermission(this, freeId(this, "cognito-invoke"), {
      // Unique within the function's resource policy.
      statementId: n === 1 ? "AllowCognitoPreSignUp" : `AllowCognitoPreSignUp${n}`,
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "cognito-idp.amazonaws.com",
      sourceArn: userPoolArn,
    });
    const binding = { policy, permission };
    this.bindings.set(userPoolArn, binding);
    return binding;
  }
}

/**
 * One entry of the trigger's LINKABLE_PROVIDERS, after checking that a provider other than Google
 * and Sign in with Apple names the email domains it is trusted for: it can assert any address.
 */
function linkingSettings(scope: Construct, provider: LinkableProviderSpec, prop: string) {
  const emailDomains = checkedEmailDomains(
    scope,
    prop,
    "emailDomains",
    provider.emailDomains,
    provider.trustEmail === true,
  );
  if (emailDomains.length === 0 && !PLATFORM_VERIFIED_PROVIDER_TYPES.includes(provider.type)) {
    fail(
      scope,
      `${prop}.emailDomains`,
      `must name the email domains ${provider.name} is authoritative for: ` +
        `a ${provider.type} provider can assert any address, so only Google and SignInWithApple link without them`,
    );
  }
  return {
    name: provider.name,
    type: provider.type,
    trustEmail: provider.trustEmail === true,
    emailDomains,
    ...(provider.lowercaseUserIds === true ? { lowercaseUserIds: true } : {}),
  };
}
