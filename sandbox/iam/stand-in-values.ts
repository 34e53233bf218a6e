import { createHash } from "node:crypto";
import { referencesIn } from "../../modules/rules/lib/terraform";
import { TerraformJson } from "../../modules/rules";

/**
 * Values that stand in for what AWS assigns at apply time (account, generated names, ids), so the
 * synthesized policies can be evaluated. Each is derived from the resource's own literal attributes
 * where it has them (a named bucket keeps its name).
 */
export interface StandInValues {
  readonly account: string;
  readonly region: string;
  readonly identityPoolId: string;
  readonly userPoolId: string;
  /** Replaces every `${type.name.attribute}` reference in `text` with its stand-in value; throws on one it does not know. */
  readonly resolve: (text: string) => string;
}

/** The account every stand-in ARN names. */
export const STAND_IN_ACCOUNT = "111122223333";

/** Ids chosen by whoever runs the stack (the sandbox), used instead of the fixed test values. */
export interface AssignedIds {
  /** User pool id, `<region>_<id>`. @default "<region>_TestPool1" */
  readonly userPoolId?: string;
  /** Identity pool id, `<region>:<uuid>`. @default a fixed uuid */
  readonly identityPoolId?: string;
  /** What replaces a generated bucket name's random suffix. @default "test" */
  readonly bucketSuffix?: string;
  /** App client id by the address of its aws_cognito_user_pool_client. @default - derived from the address */
  readonly clientIds?: Readonly<Record<string, string>>;
}

const DATA_REFERENCE = /\$\{data\.([a-z0-9_]+)\.([^.}\s]+)\.([a-z0-9_]+)\}/g;

export function standInValuesFor(tf: TerraformJson, assigned: AssignedIds = {}): StandInValues {
  const aws = (tf.provider as Record<string, unknown> | undefined)?.aws;
  const provider = (Array.isArray(aws) ? aws[0] : aws) as Record<string, unknown> | undefined;
  const region = String(provider?.region ?? "us-east-1");
  const account = STAND_IN_ACCOUNT;
  const identityPoolId = assigned.identityPoolId ?? `${region}:0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
  const userPoolId = assigned.userPoolId ?? `${region}_TestPool1`;
  const bucketSuffix = assigned.bucketSuffix ?? "test";

  const attribute = (address: string, name: string): unknown => {
    const [type, logical] = address.split(".");
    return tf.resource?.[type]?.[logical]?.[name];
  };
  // An attribute built from other references (a role named after the API) is resolved in turn.
  const literal = (address: string, name: string): string => {
    const value = attribute(address, name);
    if (typeof value !== "string") throw new Error(`${address}.${name} is not set; no stand-in value for it`);
    return resolve(value);
  };
  const bucketName = (address: string) => {
    const named = attribute(address, "bucket");
    return typeof named === "string"
      ? literal(address, "bucket")
      : `${literal(address, "bucket_prefix")}${bucketSuffix}`;
  };

  const values: Record<string, (address: string) => string> = {
    "aws_s3_bucket.arn": (a) => `arn:aws:s3:::${bucketName(a)}`,
    "aws_s3_bucket.id": bucketName,
    "aws_s3_bucket.bucket": bucketName,
    "aws_s3_bucket.region": () => region,
    "aws_cognito_identity_pool.id": () => identityPoolId,
    "aws_cognito_user_pool.id": () => userPoolId,
    "aws_cognito_user_pool.arn": () => `arn:aws:cognito-idp:${region}:${account}:userpool/${userPoolId}`,
    "aws_cognito_user_pool.endpoint": () => `cognito-idp.${region}.amazonaws.com/${userPoolId}`,
    // App client ids are 26 lowercase letters and digits; one per client, derived from its address.
    "aws_cognito_user_pool_client.id": (a) => assigned.clientIds?.[a] ?? clientIdOf(a),
    "aws_cloudwatch_log_group.arn": (a) => `arn:aws:logs:${region}:${account}:log-group:${literal(a, "name")}`,
    "aws_cloudwatch_log_group.name": (a) => literal(a, "name"),
    "aws_iam_role.arn": (a) => `arn:aws:iam::${account}:role/${literal(a, "name")}`,
    "aws_iam_role.name": (a) => literal(a, "name"),
    "aws_iam_role.id": (a) => literal(a, "name"),
    "aws_iam_policy.arn": (a) => `arn:aws:iam::${account}:policy/${literal(a, "name")}`,
    // AWS assigns a policy id of 21 characters starting ANPA; one per policy, derived from its name.
    "aws_iam_policy.policy_id": (a) =>
      `ANPA${createHash("sha256").update(literal(a, "name")).digest("hex").slice(0, 17).toUpperCase()}`,
    "aws_lambda_function.arn": (a) => `arn:aws:lambda:${region}:${account}:function:${literal(a, "function_name")}`,
    "aws_api_gateway_rest_api.name": (a) => literal(a, "name"),
    "aws_api_gateway_rest_api.execution_arn": () => `arn:aws:execute-api:${region}:${account}:a1b2c3d4e5`,
  };

  // Data sources the stack reads without calling AWS: an ARN parsed into its parts.
  const dataValues: Record<string, (name: string) => string> = {
    "aws_arn.account": (name) => arnPart(name, 4),
    "aws_arn.partition": (name) => arnPart(name, 1),
    "aws_arn.region": (name) => arnPart(name, 3),
    "aws_arn.service": (name) => arnPart(name, 2),
  };
  const arnPart = (name: string, index: number) => {
    const data = (tf.data as Record<string, Record<string, Record<string, unknown>>> | undefined)?.aws_arn?.[name];
    if (typeof data?.arn !== "string") throw new Error(`data.aws_arn.${name}.arn is not set; no stand-in value for it`);
    return resolve(data.arn).split(":")[index];
  };

  function resolve(text: string): string {
    let resolved = text.replace(DATA_REFERENCE, (whole, type: string, name: string, attribute: string) => {
      const value = dataValues[`${type}.${attribute}`];
      if (!value) throw new Error(`No stand-in value for the data source reference ${whole}`);
      return value(name);
    });
    for (const reference of referencesIn(text)) {
      const value = values[`${reference.type}.${reference.attribute}`];
      if (!value)
        throw new Error(`No stand-in value for the reference \${${reference.address}.${reference.attribute}}`);
      resolved = resolved.split(`\${${reference.address}.${reference.attribute}}`).join(value(reference.address));
    }
    if (/(^|[^$])\$\{(?![a-z0-9-]+:)/i.test(resolved)) throw new Error(`Unresolved expression left in "${resolved}"`);
    return resolved;
  }

  return { account, region, identityPoolId, userPoolId, resolve };
}

function clientIdOf(address: string): string {
  const digest = createHash("sha256").update(address).digest();
  return Array.from(digest.subarray(0, 26), (byte) => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("");
}
