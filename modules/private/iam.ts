import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { IAM_POLICY_ARN } from "./limits";
import { requireLimit, Where } from "./validation";

/** One statement of an IAM policy, in the JSON shape AWS reads. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** What a grant needs to know about a role: it may come from this library or from an existing estate. */
export interface RoleRef {
  /** Name of the IAM role. */
  readonly roleName: string;
  /** ARN of the IAM role. */
  readonly roleArn: string;
}

/** The identity-pool principal tag that carries the user-pool `sub` claim, as an IAM policy variable. */
export const PRINCIPAL_TAG_SUB = "${aws:PrincipalTag/sub}";

/** Builds a policy document from statements. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Renders a policy as literal, indented JSON so that a pull request shows it line by line.
 *
 * Terraform reads every string of the synthesized configuration as a template, so an IAM policy
 * variable such as `${aws:PrincipalTag/sub}` would be taken for an interpolation. It is escaped as
 * `$${...}`, which Terraform hands to AWS as the literal `${...}`. Token placeholders that cdktf
 * resolves to real references (bucket ARN, pool id) are left alone.
 */
export function renderPolicy(document: PolicyDocument): string {
  return JSON.stringify(document, null, 2).replace(/\$\{(?!TfToken\[)/g, () => "$${");
}

/**
 * The inline policies attached so far in each stack, by role name and policy name, with the path of
 * the construct that attached each: in AWS a second inline policy of the same name on a role
 * replaces the first, and Terraform would then rewrite each in turn on every apply.
 */
const attachedPolicies = new WeakMap<IConstruct, Map<string, string>>();

function attachedIn(scope: Construct): Map<string, string> {
  const stack = TerraformStack.of(scope);
  const attached = attachedPolicies.get(stack) ?? new Map<string, string>();
  attachedPolicies.set(stack, attached);
  return attached;
}

const policyKey = (role: RoleRef, policyName: string) => JSON.stringify([role.roleName, policyName]);

/**
 * Attaches `document` to `role` as an inline policy named `policyName`. Throws when the same role
 * (the same `roleName` value) already has an inline policy of that name in the stack.
 */
export function attachInlinePolicy(
  scope: Construct,
  id: string,
  role: RoleRef,
  policyName: string,
  document: PolicyDocument,
): IamRolePolicy {
  const attached = attachedIn(scope);
  const key = policyKey(role, policyName);
  const first = attached.get(key);
  if (first !== undefined && !Token.isUnresolved(policyName)) {
    throw new Error(
      `${scope.node.path}: the role already has an inline policy named "${policyName}" (attached by ${first}); a second one would replace it, so give it another policyName`,
    );
  }
  const policy = new IamRolePolicy(scope, id, {
    role: role.roleName,
    name: policyName,
    policy: renderPolicy(document),
  });
  attached.set(key, policy.node.path);
  return policy;
}

/** `policyName`, or `policyName-2`, `-3`, … when `role` already has an inline policy of that name in the stack. */
export function freePolicyName(scope: Construct, role: RoleRef, policyName: string): string {
  const attached = attachedIn(scope);
  let name = policyName;
  for (let n = 2; attached.has(policyKey(role, name)); n++) name = `${policyName}-${n}`;
  return name;
}

/** `id`, or `id-2`, `id-3`, … when `scope` already has a child of that id: the first keeps its address. */
export function freeId(scope: Construct, id: string): string {
  let free = id;
  for (let n = 2; scope.node.tryFindChild(free) !== undefined; n++) free = `${id}-${n}`;
  return free;
}

/** An IAM managed policy's ARN: the account's own (`<12 digits>`) or AWS's (`aws`), with an optional path. */

/**
 * `permissionsBoundaryArn` after checking it is an IAM policy ARN (unresolved tokens pass), for
 * the `permissions_boundary` of every role a construct creates. Undefined stays undefined, so that
 * a role without a boundary is synthesized as before.
 */
export function permissionsBoundary(where: Where, permissionsBoundaryArn: string | undefined): string | undefined {
  if (permissionsBoundaryArn === undefined) return undefined;
  requireLimit(where, "permissionsBoundaryArn", permissionsBoundaryArn, IAM_POLICY_ARN);
  return permissionsBoundaryArn;
}
