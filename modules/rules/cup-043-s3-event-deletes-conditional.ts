import { conditionsOf, PolicyLocation, Statement } from "./lib/policies";
import { allowsAction, policiesOfRole } from "./lib/roles";
import { referenceIn, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

/**
 * No tool checks this. A function that S3's own events invoke (the target of an EventBridge rule
 * matching `source: aws.s3`, such as the oversize sweeper) deletes objects only conditionally: every
 * statement that allows s3:DeleteObject requires the `If-Match` header (`Null {"s3:if-match":
 * "false"}`). Events arrive late and more than once; an unconditional delete could remove the upload
 * that replaced the one the event reported.
 */
export const s3EventDeletesConditional: Rule = {
  id: "CUP_043",
  aliases: [],
  severity: "H",
  title: "Functions that S3's events invoke delete objects only with If-Match",
  check: (tf) => {
    const policies = new Map<string, PolicyLocation>();
    for (const [, target] of resourcesOf(tf, "aws_cloudwatch_event_target")) {
      const rule = referenceIn(target.rule);
      const [ruleType, ruleName] = (rule?.address ?? ".").split(".");
      const pattern = tf.resource?.[ruleType]?.[ruleName]?.event_pattern;
      if (typeof pattern !== "string" || !pattern.includes('"aws.s3"')) continue;
      const fn = referenceIn(target.arn);
      if (fn?.type !== "aws_lambda_function") continue;
      const [fnType, fnName] = fn.address.split(".");
      const role = referenceIn(tf.resource?.[fnType]?.[fnName]?.role);
      if (role?.type !== "aws_iam_role") continue;
      for (const policy of policiesOfRole(tf, role.address)) policies.set(policy.address, policy);
    }
    return [...policies.values()].flatMap(({ address, statements, unreadable }): Finding[] => {
      if (!statements)
        return [{ address, message: `${unreadable ?? "unreadable policy"}; S3's events invoke its role` }];
      return statements.flatMap((statement, index): Finding[] =>
        allowsAction(statement, "s3:DeleteObject") && !requiresIfMatch(statement)
          ? [
              {
                address,
                message: `${statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`} lets a function S3's events invoke delete without If-Match: add Condition Null {"s3:if-match": "false"}`,
              },
            ]
          : [],
      );
    });
  },
};

function requiresIfMatch(statement: Statement): boolean {
  return conditionsOf(statement).some(
    ([operator, key, values]) =>
      operator === "Null" && key === "s3:if-match" && values.length === 1 && values[0] === "false",
  );
}
