import { blockOf, referencesIn, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

/** Names that say the value is a secret. */
const SECRET_NAME = /(secret|passw(or)?d|passwd|pwd|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)/i;
/** Values that are secrets whatever their name. */
const SECRET_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/, "an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON web token"],
  [/\b(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}/, "a GitHub token"],
  [/\bxox[abpors]-[A-Za-z0-9-]{10,}/, "a Slack token"],
];
/** Attributes that hold secret material when referenced. */
const SECRET_ATTRIBUTES = [
  "secret_string",
  "secret_binary",
  "result",
  "secret",
  "private_key_pem",
  "ses_smtp_password_v4",
];
const SECRET_SOURCES = [
  "aws_secretsmanager_secret_version",
  "random_password",
  "aws_iam_access_key",
  "tls_private_key",
];

/**
 * Mirrors Checkov CKV_AWS_45: environment variables are readable by anyone who can read the
 * function's configuration and are written to the state in clear. Secrets belong in Secrets Manager
 * or Parameter Store, fetched at run time.
 */
export const noSecretsInLambdaEnv: Rule = {
  id: "CKV_AWS_45",
  aliases: [],
  severity: "H",
  title: "Lambda environment variables hold no secrets",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_function").flatMap(([address, fn]): Finding[] => {
      const variables = (blockOf(fn.environment)?.variables ?? {}) as Record<string, unknown>;
      return Object.entries(variables).flatMap(([name, raw]): Finding[] => {
        const value = String(raw ?? "");
        const pattern = SECRET_VALUES.find(([regex]) => regex.test(value));
        if (pattern) return [{ address, message: `${name} holds ${pattern[1]}` }];
        if (
          referencesIn(value).some((r) => SECRET_SOURCES.includes(r.type) && SECRET_ATTRIBUTES.includes(r.attribute))
        ) {
          return [{ address, message: `${name} is set from a secret resource: read the secret at run time instead` }];
        }
        const literal = value.replace(/\$\{[^}]*\}/g, "").trim();
        return SECRET_NAME.test(name) && literal !== "" && !/^\d+$/.test(literal)
          ? [{ address, message: `${name} looks like a secret written in clear` }]
          : [];
      });
    }),
};
