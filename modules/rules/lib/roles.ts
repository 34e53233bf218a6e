import { isAllow, PolicyLocation, principalsOf, readPolicy, Statement, valuesOf } from "./policies";
import { blocksOf, isExpression, referenceIn, resourcesOf } from "./terraform";
import { TerraformJson, TerraformResource } from "../types";

/** A role of the configuration and the Allow statements of its trust policy that name a given principal. */
export interface TrustingRole {
  readonly address: string;
  readonly role: TerraformResource;
  readonly statements: Statement[];
}

/** Roles whose trust policy lets `principal` (a `Service` or `Federated` principal) assume them. */
export function rolesTrusting(tf: TerraformJson, type: "Service" | "Federated", principal: string): TrustingRole[] {
  return resourcesOf(tf, "aws_iam_role").flatMap(([address, role]): TrustingRole[] => {
    const statements = (readPolicy(address, "trust", role.assume_role_policy).statements ?? []).filter(
      (statement) => isAllow(statement) && principalsOf(statement, type).includes(principal),
    );
    return statements.length > 0 ? [{ address, role, statements }] : [];
  });
}

/**
 * The identity policies that apply to the role at `roleAddress`: its inline policies (the
 * `aws_iam_role_policy` resource, referencing the role by name or id or naming it literally, and
 * the role's `inline_policy` blocks) and the configuration's own managed policies attached to it.
 * AWS-managed policies attached by ARN are not in the configuration and are left out.
 */
export function policiesOfRole(tf: TerraformJson, roleAddress: string): PolicyLocation[] {
  const [type, name] = roleAddress.split(".");
  const role = tf.resource?.[type]?.[name];
  if (!role) return [];
  const literalName = typeof role.name === "string" && !isExpression(role.name) ? role.name : undefined;
  const namesRole = (value: unknown) => {
    const reference = referenceIn(value);
    if (reference)
      return reference.address === roleAddress && (reference.attribute === "name" || reference.attribute === "id");
    return literalName !== undefined && value === literalName;
  };
  const inline = resourcesOf(tf, "aws_iam_role_policy")
    .filter(([, body]) => namesRole(body.role))
    .map(([address, body]) => readPolicy(address, "identity", body.policy));
  const blocks = blocksOf(role.inline_policy)
    .filter((block) => block.policy !== undefined)
    .map((block) => readPolicy(roleAddress, "identity", block.policy));
  const attached = resourcesOf(tf, "aws_iam_role_policy_attachment")
    .filter(([, body]) => namesRole(body.role))
    .flatMap(([, body]) => {
      const reference = referenceIn(body.policy_arn);
      if (reference?.type !== "aws_iam_policy" || reference.attribute !== "arn") return [];
      const [policyType, policyName] = reference.address.split(".");
      const policy = tf.resource?.[policyType]?.[policyName];
      return policy ? [readPolicy(reference.address, "identity", policy.policy)] : [];
    });
  return [...inline, ...blocks, ...attached];
}

/** True when an action pattern of a policy (`s3:Put*`, `*`) covers `action`; IAM compares actions without case. */
export function actionCovers(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.split("?").map(escapeRegex).join("."))
      .join(".*")}$`,
    "i",
  );
  return regex.test(action);
}

/** True when the statement allows `action`, by name, by a wildcard, or by leaving it out of a NotAction. */
export function allowsAction(statement: Statement, action: string): boolean {
  if (!isAllow(statement)) return false;
  if (statement.NotAction !== undefined)
    return !valuesOf(statement.NotAction).some((pattern) => actionCovers(pattern, action));
  return valuesOf(statement.Action).some((pattern) => actionCovers(pattern, action));
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
