import {
  conditionsOf,
  isAllow,
  isAnyPrincipal,
  policiesOfKind,
  principalsOf,
  Statement,
  valuesOf,
} from "./lib/policies";
import { Finding, Rule } from "./types";

const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";
const AMR_VALUES = ["authenticated", "unauthenticated"];

/**
 * Mirrors Checkov CKV_AWS_60 (no role assumable by everyone) and CKV_AWS_61 (no role assumable by
 * every service). Web-identity trust needs its audience pinned; for Cognito identity pools that is
 * `cognito-identity.amazonaws.com:aud` = the pool id, plus `:amr` naming exactly one of
 * authenticated / unauthenticated, or any identity pool in any account could hand out the role.
 */
export const trustPrincipals: Rule = {
  id: "CKV_AWS_60",
  aliases: ["CKV_AWS_61"],
  severity: "H",
  title: "Trust policies name specific principals, and web-identity trust pins the audience",
  check: (tf) =>
    policiesOfKind(tf, "trust").flatMap(({ address, statements, unreadable }): Finding[] => {
      if (!statements) return [{ address, message: unreadable ?? "unreadable policy" }];
      return statements
        .filter(isAllow)
        .flatMap((statement) => problemsOf(statement).map((message) => ({ address, message })));
    }),
};

function problemsOf(statement: Statement): string[] {
  if (isAnyPrincipal(statement) || statement.NotPrincipal !== undefined) return ["any principal may assume the role"];
  const problems: string[] = [];
  if (principalsOf(statement, "Service").some((service) => service.includes("*")))
    problems.push("a wildcard service may assume the role");
  if (principalsOf(statement, "AWS").some((arn) => arn.includes("*")))
    problems.push("a wildcard AWS principal may assume the role");
  const conditions = conditionsOf(statement);
  const pinned = (key: string, operators: string[], allowed?: string[]) =>
    conditions.some(
      ([operator, conditionKey, values]) =>
        operators.includes(operator) &&
        conditionKey === key.toLowerCase() &&
        values.length > 0 &&
        values.every((value) => !value.includes("*") && (!allowed || allowed.includes(value))),
    );
  for (const provider of principalsOf(statement, "Federated")) {
    if (provider.startsWith("arn:") && provider.includes(":saml-provider/")) continue;
    // An OIDC provider ARN names its condition keys by host: token.actions.githubusercontent.com:aud.
    const keyPrefix = provider.replace(/^arn:[^:]+:iam::\d*:oidc-provider\//, "");
    if (!pinned(`${keyPrefix}:aud`, ["StringEquals"])) {
      problems.push(`${provider} may assume the role without a StringEquals condition on ${keyPrefix}:aud`);
    }
    if (
      provider === COGNITO_IDENTITY &&
      !pinned(`${provider}:amr`, ["ForAnyValue:StringLike", "ForAnyValue:StringEquals"], AMR_VALUES)
    ) {
      problems.push(
        `${provider} may assume the role without a ForAnyValue:StringLike condition on ${provider}:amr naming authenticated or unauthenticated`,
      );
    }
  }
  if (valuesOf(statement.Action).some((action) => action === "*" || action === "sts:*"))
    problems.push("the statement allows every STS action");
  return problems;
}
