import { isAllow, PolicyLocation, policiesOf, valuesOf } from "./lib/policies";
import { resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

/** AWS-managed policies that amount to administrator access. */
const ADMIN_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"].map(
  (name) => `arn:aws:iam::aws:policy/${name}`,
);

/**
 * Mirrors Checkov CKV_AWS_62 (no `"*"` admin statement) and CKV_AWS_63 (no `"*"` action), and goes
 * further: an Allow of a whole service (`s3:*`) or of everything but some actions (`NotAction`) is
 * as broad, and so is attaching an administrator managed policy. Partial wildcards (`s3:Get*`) pass.
 */
export const noWildcardActions: Rule = {
  id: "CKV_AWS_62",
  aliases: ["CKV_AWS_63"],
  severity: "H",
  title: 'Policies allow named actions only: no "*", no service-wide "svc:*", no NotAction, no admin policy',
  check: (tf) => [
    ...policiesOf(tf)
      .filter((policy) => policy.kind !== "trust")
      .flatMap(wildcardAllows),
    ...attachedAdminPolicies(tf),
  ],
};

function wildcardAllows({ address, statements, unreadable }: PolicyLocation): Finding[] {
  if (!statements) return [{ address, message: unreadable ?? "unreadable policy" }];
  return statements.filter(isAllow).flatMap((statement, index): Finding[] => {
    const where = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
    if (statement.NotAction !== undefined)
      return [{ address, message: `${where} allows everything except some actions (NotAction)` }];
    const broad = valuesOf(statement.Action).filter((action) => action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action));
    return broad.length > 0 ? [{ address, message: `${where} allows ${broad.map((a) => `"${a}"`).join(", ")}` }] : [];
  });
}

function attachedAdminPolicies(tf: Parameters<Rule["check"]>[0]): Finding[] {
  const attachments = [
    ...resourcesOf(tf, "aws_iam_role_policy_attachment").map(([address, body]): [string, unknown] => [
      address,
      body.policy_arn,
    ]),
    ...resourcesOf(tf, "aws_iam_policy_attachment").map(([address, body]): [string, unknown] => [
      address,
      body.policy_arn,
    ]),
    ...resourcesOf(tf, "aws_iam_role").flatMap(([address, body]) =>
      valuesOf(body.managed_policy_arns).map((arn): [string, unknown] => [address, arn]),
    ),
  ];
  return attachments
    .filter(
      ([, arn]) =>
        typeof arn === "string" &&
        ADMIN_POLICIES.some((admin) => arn.replace(/^arn:aws[a-z-]*:/, "arn:aws:") === admin),
    )
    .map(([address, arn]) => ({ address, message: `attaches ${String(arn)}` }));
}
