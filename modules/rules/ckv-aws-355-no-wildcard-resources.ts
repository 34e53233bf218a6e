import { isAllow, policiesOfKind, valuesOf } from "./lib/policies";
import { Finding, Rule } from "./types";

/**
 * Actions that have no resource-level permissions: IAM accepts only `"*"` as their resource, so a
 * wildcard there grants nothing more. Checkov exempts such actions the same way. The list is kept
 * short on purpose (what observability and the upload flow use); the tests check every entry
 * against AWS's service authorization data.
 */
export const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: readonly string[] = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "logs:DescribeLogGroups",
  "s3:ListAllMyBuckets",
  "sts:GetCallerIdentity",
  "ec2:DescribeNetworkInterfaces",
];
const EXEMPT = new Set(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.map((action) => action.toLowerCase()));

/** A resource that matches everything of its kind: `"*"`, `arn:aws:s3:::*`, `arn:aws:svc:region:account:*`. */
const isWildcardResource = (resource: string) =>
  resource === "*" || /^arn:[^:]+:s3:::\*$/.test(resource) || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(resource);

/**
 * Mirrors Checkov CKV_AWS_355: an identity policy may not allow restrictable actions on `"*"`, nor
 * on everything but some resources (`NotResource`). Actions without resource-level permissions are
 * exempt; a wildcard action (`xray:Put*`) is not, since it may cover restrictable ones.
 */
export const noWildcardResources: Rule = {
  id: "CKV_AWS_355",
  aliases: [],
  severity: "H",
  title:
    "Identity policies scope restrictable actions to named resources (actions without resource-level permissions exempt)",
  check: (tf) =>
    policiesOfKind(tf, "identity").flatMap(({ address, statements, unreadable }): Finding[] => {
      if (!statements) return [{ address, message: unreadable ?? "unreadable policy" }];
      return statements.filter(isAllow).flatMap((statement, index): Finding[] => {
        const where = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
        if (statement.NotResource !== undefined)
          return [{ address, message: `${where} allows actions on everything except some resources (NotResource)` }];
        if (!valuesOf(statement.Resource).some(isWildcardResource)) return [];
        const restrictable = valuesOf(statement.Action ?? "*").filter((action) => !EXEMPT.has(action.toLowerCase()));
        return restrictable.length > 0
          ? [{ address, message: `${where} allows ${restrictable.join(", ")} on every resource` }]
          : [];
      });
    }),
};
