import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Fn, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { SECRET_ID, SECRET_JSON_KEY, SSM_PARAMETER_NAME, TERRAFORM_VARIABLE_NAME } from "../../private/limits";
import { fail, requireLimit, Where } from "../../private/validation";

/**
 * Where a secret comes from. Never the secret itself: the value stays out of code, configuration
 * and the synthesized JSON (Terraform still records it in its state, so protect the state).
 *
 * - `{ variable: "google_client_secret" }`: a sensitive Terraform variable without a default,
 *   set with `-var`, a `*.tfvars` file or `TF_VAR_google_client_secret`.
 * - `{ ssmParameter: "/auth/google/client-secret" }`: a SecureString parameter, read (and
 *   decrypted) by Terraform at plan time.
 * - `{ secretsManagerSecret: "auth/google", jsonKey?: "clientSecret" }`: the current version of a
 *   secret, or one key of its JSON, read by Terraform at plan time.
 */
export type SecretSource =
  | { readonly variable: string }
  | { readonly ssmParameter: string }
  | { readonly secretsManagerSecret: string; readonly jsonKey?: string };

/**
 * A Terraform expression for the secret `source` names (a sensitive variable called
 * `defaultVariable` when `source` is undefined). Fails at synth when `source` is a plain string,
 * which would be the secret written in code.
 */
export function secretValue(
  scope: Construct,
  id: string,
  where: Where,
  prop: string,
  source: SecretSource | undefined,
  defaultVariable: string,
  description: string,
): string {
  const chosen: unknown = source ?? { variable: defaultVariable };
  const keys = typeof chosen === "object" && chosen !== null ? Object.keys(chosen) : [];
  const kind = keys.filter((key) => ["variable", "ssmParameter", "secretsManagerSecret"].includes(key));
  if (
    kind.length !== 1 ||
    keys.some((key) => !["variable", "ssmParameter", "secretsManagerSecret", "jsonKey"].includes(key))
  ) {
    fail(
      where,
      prop,
      "must name where the secret comes from, as { variable }, { ssmParameter } or { secretsManagerSecret, jsonKey? }, never the secret itself",
    );
  }
  const secret = chosen as Record<string, string>;
  if ("variable" in secret) {
    requireLimit(where, `${prop}.variable`, secret.variable, TERRAFORM_VARIABLE_NAME);
    const variable = new TerraformVariable(scope, id, {
      type: "string",
      sensitive: true,
      nullable: false,
      description,
    });
    if (!Token.isUnresolved(secret.variable)) variable.overrideLogicalId(secret.variable);
    return variable.stringValue;
  }
  if ("ssmParameter" in secret) {
    requireLimit(where, `${prop}.ssmParameter`, secret.ssmParameter, SSM_PARAMETER_NAME);
    return new DataAwsSsmParameter(scope, id, { name: secret.ssmParameter, withDecryption: true }).value;
  }
  requireLimit(where, `${prop}.secretsManagerSecret`, secret.secretsManagerSecret, SECRET_ID);
  const version = new DataAwsSecretsmanagerSecretVersion(scope, id, { secretId: secret.secretsManagerSecret });
  if (secret.jsonKey === undefined) return version.secretString;
  requireLimit(where, `${prop}.jsonKey`, secret.jsonKey, SECRET_JSON_KEY);
  return Token.asString(Fn.lookup(Fn.jsondecode(version.secretString), secret.jsonKey));
}
