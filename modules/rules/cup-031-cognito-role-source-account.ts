import { conditionsOf, Statement } from "./lib/policies";
import { rolesTrusting } from "./lib/roles";
import { blockOf, referenceIn, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

const COGNITO_IDP = "cognito-idp.amazonaws.com";

/**
 * No tool checks this. A role that trusts `cognito-idp.amazonaws.com` (the SMS role, an import
 * role) must pin `aws:SourceAccount` with StringEquals: otherwise a user pool in any other account
 * can be configured with the role's ARN, and only the external id (for SMS) stands in the way. A
 * role a user pool of the configuration sends SMS through must also require `sts:ExternalId`.
 */
export const cognitoRoleSourceAccount: Rule = {
  id: "CUP_031",
  aliases: [],
  severity: "H",
  title: "Roles Cognito user pools assume pin aws:SourceAccount; SMS roles also require sts:ExternalId",
  check: (tf) => {
    const smsRoles = new Set(
      resourcesOf(tf, "aws_cognito_user_pool")
        .map(([, pool]) => referenceIn(blockOf(pool.sms_configuration)?.sns_caller_arn))
        .filter((reference) => reference?.type === "aws_iam_role")
        .map((reference) => reference!.address),
    );
    return rolesTrusting(tf, "Service", COGNITO_IDP).flatMap(({ address, statements }): Finding[] =>
      statements.flatMap((statement) => [
        ...(pins(statement, "aws:SourceAccount")
          ? []
          : [
              {
                address,
                message: `${COGNITO_IDP} may assume the role for a user pool of any account: add Condition StringEquals {"aws:SourceAccount": <this account>}`,
              },
            ]),
        ...(smsRoles.has(address) && !pins(statement, "sts:ExternalId")
          ? [
              {
                address,
                message:
                  "a user pool sends SMS through the role, whose trust does not require the pool's external id (StringEquals sts:ExternalId)",
              },
            ]
          : []),
      ]),
    );
  },
};

function pins(statement: Statement, key: string): boolean {
  return conditionsOf(statement).some(
    ([operator, conditionKey, values]) =>
      operator === "StringEquals" &&
      conditionKey === key.toLowerCase() &&
      values.length > 0 &&
      values.every((value) => value !== "" && !value.includes("*")),
  );
}
