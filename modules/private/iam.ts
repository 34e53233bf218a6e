import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";

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

/** Attaches `document` to `role` as an inline policy named `policyName`. */
export function attachInlinePolicy(scope: Construct, id: string, role: RoleRef, policyName: string, document: PolicyDocument): IamRolePolicy {
  return new IamRolePolicy(scope, id, { role: role.roleName, name: policyName, policy: renderPolicy(document) });
}
