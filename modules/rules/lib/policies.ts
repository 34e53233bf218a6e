import { asArray, blocksOf, resourcesOf } from "./terraform";
import { TerraformJson } from "../types";

/** One statement of an IAM policy as written (every element may be one value or a list). */
export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Who a policy speaks for: the holder (identity), who may assume a role (trust), or who may use a resource. */
export type PolicyKind = "identity" | "trust" | "resource";

/** A policy found in the configuration, parsed when it is literal JSON. */
export interface PolicyLocation {
  /** Address of the resource that holds the policy. */
  readonly address: string;
  readonly kind: PolicyKind;
  /** The statements, when the policy is literal JSON. */
  readonly statements?: Statement[];
  /** Why the policy could not be read, when it is not literal JSON. */
  readonly unreadable?: string;
}

/** Where policies live: resource type, attribute, kind. */
const POLICY_ATTRIBUTES: ReadonlyArray<[string, string, PolicyKind]> = [
  ["aws_iam_role", "assume_role_policy", "trust"],
  ["aws_iam_role_policy", "policy", "identity"],
  ["aws_iam_policy", "policy", "identity"],
  ["aws_iam_user_policy", "policy", "identity"],
  ["aws_iam_group_policy", "policy", "identity"],
  ["aws_s3_bucket_policy", "policy", "resource"],
  ["aws_s3_bucket", "policy", "resource"],
];

/** Every IAM policy of the configuration, identity, trust and resource policies alike. */
export function policiesOf(tf: TerraformJson): PolicyLocation[] {
  const found: PolicyLocation[] = [];
  for (const [type, attribute, kind] of POLICY_ATTRIBUTES) {
    for (const [address, body] of resourcesOf(tf, type)) {
      if (body[attribute] !== undefined) found.push(readPolicy(address, kind, body[attribute]));
    }
  }
  for (const [address, role] of resourcesOf(tf, "aws_iam_role")) {
    for (const inline of blocksOf(role.inline_policy)) {
      if (inline.policy !== undefined) found.push(readPolicy(address, "identity", inline.policy));
    }
  }
  return found;
}

/** Policies of one kind. */
export function policiesOfKind(tf: TerraformJson, kind: PolicyKind): PolicyLocation[] {
  return policiesOf(tf).filter((policy) => policy.kind === kind);
}

/**
 * Parses a policy as Terraform hands it to AWS: `$${` is Terraform's escape for a literal `${`
 * (an IAM policy variable). A policy built by an expression (a data source, `jsonencode`) cannot be
 * read before apply and is reported as unreadable rather than skipped.
 */
export function readPolicy(address: string, kind: PolicyKind, value: unknown): PolicyLocation {
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value.replace(/\$\$\{/g, "${"));
    } catch {
      return {
        address,
        kind,
        unreadable: "the policy is not literal JSON (built by an expression), so it cannot be checked before apply",
      };
    }
  }
  const statements =
    typeof document === "object" && document !== null ? (document as { Statement?: unknown }).Statement : undefined;
  if (statements === undefined) return { address, kind, unreadable: "the policy has no Statement" };
  return { address, kind, statements: asArray<Statement>(statements) };
}

/** Values of a policy element as strings (`"*"`, `["a", "b"]`). */
export function valuesOf(element: unknown): string[] {
  return asArray(element).map(String);
}

/** Values of one principal type (`AWS`, `Service`, `Federated`), with `"*"` standing for every type. */
export function principalsOf(statement: Statement, type: string): string[] {
  const principal = statement.Principal;
  if (principal === "*") return ["*"];
  if (typeof principal !== "object" || principal === null) return [];
  return valuesOf((principal as Record<string, unknown>)[type]);
}

/** True when a statement names every principal (`"*"` or `{"AWS": "*"}`). */
export function isAnyPrincipal(statement: Statement): boolean {
  return principalsOf(statement, "AWS").includes("*") || statement.Principal === "*";
}

/** Conditions of a statement as `[operator, key, values]`, keys compared without case as IAM does. */
export function conditionsOf(statement: Statement): Array<[string, string, string[]]> {
  return Object.entries(statement.Condition ?? {}).flatMap(([operator, entries]) =>
    Object.entries(entries ?? {}).map(([key, values]): [string, string, string[]] => [
      operator,
      key.toLowerCase(),
      valuesOf(values),
    ]),
  );
}

/** True when the statement is an Allow (IAM's default effect is never Allow, but a missing Effect is a broken policy). */
export function isAllow(statement: Statement): boolean {
  return statement.Effect === "Allow";
}
