import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
  ValidatedPolicy,
} from "@cloud-copilot/iam-policy";
import { blockOf, referenceIn, resourcesOf } from "../../modules/rules/lib/terraform";
import { TerraformJson } from "../../modules/rules";
import managedPolicies from "./aws-managed-policies.json";
import { AssignedIds, standInValuesFor, StandInValues } from "./stand-in-values";

/**
 * What a role is for, found from the resource that uses it: the identity pool's mapping, the
 * function behind the API (the mover) or behind the pool's pre sign-up trigger (account linking),
 * the pool's SMS configuration, the API Gateway account, a user-pool group (`group:<name>`), or the
 * function an EventBridge rule invokes on S3's events (the oversize sweeper), or GuardDuty's malware
 * protection plan (the malware scanner).
 */
export type RoleUse =
  | "authenticated"
  | "guest"
  | "mover"
  | "apiGatewayLogging"
  | "linkIdentities"
  | "smsSender"
  | "sweeper"
  | "malwareScanner"
  | `group:${string}`;

/** A role of the synthesized stack with every policy that applies to it, references replaced by stand-in values. */
export interface RoleModel {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: ValidatedPolicy<{ name: string }>;
  /** Inline and attached policies. */
  readonly policies: Array<ValidatedPolicy<{ name: string }>>;
}

/** Every IAM decision input of one synthesized stack. */
export interface AccessModel {
  readonly values: StandInValues;
  readonly roles: Partial<Record<RoleUse, RoleModel>>;
  /** Addresses of roles the model could not give a use (a new role the matrix does not cover). */
  readonly unknownRoles: string[];
  /** ARN (stand-in value) of the stack's upload bucket, or of the estate's bucket the stack uses. */
  readonly bucketArn: string;
  /** The bucket policy the stack writes; none for an estate's bucket, whose policy the stack does not manage. */
  readonly bucketPolicy?: ValidatedPolicy<{ name: string }>;
  /** The external id the user pool presents to its SMS role, when it sends SMS. */
  readonly smsExternalId?: string;
  /** Every policy, for grammar checks. */
  readonly allPolicies: Array<ValidatedPolicy<{ name: string }>>;
}

type Document = Record<string, unknown>;

/**
 * Extracts every IAM policy from the synthesized Terraform: the roles' trust policies, their
 * inline policies (`aws_iam_role_policy`) and attached ones (`aws_iam_role_policy_attachment`, by
 * the stack's own `aws_iam_policy` or an AWS-managed policy), and the bucket policy. A stack that
 * uses an estate's bucket (`existingBucketName`) creates neither the bucket nor its policy.
 */
export function accessModelOf(tf: TerraformJson, assigned: AssignedIds = {}, existingBucketName?: string): AccessModel {
  const values = standInValuesFor(tf, assigned);
  const documentOf = (text: unknown, where: string): Document => {
    if (typeof text !== "string") throw new Error(`${where}: the policy is not a literal JSON string`);
    return resolveDeep(JSON.parse(text.replace(/\$\$\{/g, "${")), values) as Document;
  };
  const validated = (document: Document, validate: (policy: unknown) => unknown[], name: string) => {
    const policy = createValidatedPolicy(document, validate as never, { name });
    if (policy.errors.length > 0) throw new Error(`${name} is not a valid policy: ${JSON.stringify(policy.errors)}`);
    return policy;
  };

  const buckets = resourcesOf(tf, "aws_s3_bucket").map(([address]) => address);
  let bucketArn: string;
  let bucketPolicy: ValidatedPolicy<{ name: string }> | undefined;
  if (existingBucketName !== undefined) {
    if (buckets.length > 0 || resourcesOf(tf, "aws_s3_bucket_policy").length > 0) {
      throw new Error(
        `the stack uses the estate's bucket ${existingBucketName}, yet creates a bucket or a bucket policy`,
      );
    }
    bucketArn = `arn:aws:s3:::${existingBucketName}`;
  } else {
    const [bucketAddress, ...otherBuckets] = buckets;
    if (!bucketAddress || otherBuckets.length > 0) throw new Error("expected exactly one aws_s3_bucket");
    bucketArn = values.resolve(`\${${bucketAddress}.arn}`);
    const bucketPolicies = resourcesOf(tf, "aws_s3_bucket_policy").filter(
      ([, body]) => referenceIn(body.bucket)?.address === bucketAddress,
    );
    if (bucketPolicies.length !== 1)
      throw new Error(`expected one bucket policy for ${bucketAddress}, found ${bucketPolicies.length}`);
    const [bucketPolicyAddress, bucketPolicyBody] = bucketPolicies[0];
    bucketPolicy = validated(
      documentOf(bucketPolicyBody.policy, bucketPolicyAddress),
      validateResourcePolicy,
      bucketPolicyAddress,
    );
  }

  const roleModels = new Map<string, RoleModel>();
  for (const [address, role] of resourcesOf(tf, "aws_iam_role")) {
    const inline = resourcesOf(tf, "aws_iam_role_policy")
      .filter(([, body]) => referenceIn(body.role)?.address === address)
      .map(([policyAddress, body]) =>
        validated(documentOf(body.policy, policyAddress), validateIdentityPolicy, policyAddress),
      );
    const attached = resourcesOf(tf, "aws_iam_role_policy_attachment")
      .filter(([, body]) => referenceIn(body.role)?.address === address)
      .map(([attachmentAddress, body]) =>
        validated(
          attachedDocument(tf, body.policy_arn, attachmentAddress, documentOf),
          validateIdentityPolicy,
          attachmentAddress,
        ),
      );
    const name = values.resolve(`\${${address}.name}`);
    roleModels.set(address, {
      address,
      name,
      arn: values.resolve(`\${${address}.arn}`),
      trustPolicy: validated(documentOf(role.assume_role_policy, address), validateTrustPolicy, `${address} trust`),
      policies: [...inline, ...attached],
    });
  }

  const roles: Partial<Record<RoleUse, RoleModel>> = {};
  const assign = (use: RoleUse, reference: unknown) => {
    const target = referenceIn(reference);
    if (target?.type === "aws_iam_role" && roleModels.has(target.address)) roles[use] = roleModels.get(target.address);
  };
  for (const [, attachment] of resourcesOf(tf, "aws_cognito_identity_pool_roles_attachment")) {
    const mapping = (attachment.roles ?? {}) as Record<string, unknown>;
    assign("authenticated", mapping.authenticated);
    assign("guest", mapping.unauthenticated);
  }
  const functionRole = (reference: unknown) => {
    const target = referenceIn(reference);
    return target?.type === "aws_lambda_function" ? functionBody(tf, target.address)?.role : undefined;
  };
  for (const [, integration] of resourcesOf(tf, "aws_api_gateway_integration")) {
    if (referenceIn(integration.uri)?.attribute === "invoke_arn") assign("mover", functionRole(integration.uri));
  }
  // A function an EventBridge rule invokes on S3's own events: the oversize sweeper.
  for (const [, target] of resourcesOf(tf, "aws_cloudwatch_event_target")) {
    const rule = referenceIn(target.rule);
    const pattern = rule ? functionBody(tf, rule.address)?.event_pattern : undefined;
    if (typeof pattern === "string" && pattern.includes('"aws.s3"')) assign("sweeper", functionRole(target.arn));
  }
  for (const [, plan] of resourcesOf(tf, "aws_guardduty_malware_protection_plan")) assign("malwareScanner", plan.role);
  for (const [, pool] of resourcesOf(tf, "aws_cognito_user_pool")) {
    const triggers = blockOf(pool.lambda_config);
    if (triggers) assign("linkIdentities", functionRole(triggers.pre_sign_up));
    assign("smsSender", blockOf(pool.sms_configuration)?.sns_caller_arn);
  }
  for (const [, group] of resourcesOf(tf, "aws_cognito_user_group"))
    assign(`group:${String(group.name)}`, group.role_arn);
  for (const [, account] of resourcesOf(tf, "aws_api_gateway_account"))
    assign("apiGatewayLogging", account.cloudwatch_role_arn);

  const smsExternalIds = resourcesOf(tf, "aws_cognito_user_pool")
    .map(([, pool]) => blockOf(pool.sms_configuration)?.external_id)
    .filter((id): id is string => typeof id === "string");
  if (smsExternalIds.length > 1) throw new Error("expected at most one user pool that sends SMS");

  const known = new Set(Object.values(roles).map((role) => role?.address));
  const all = [...roleModels.values()];
  return {
    values,
    roles,
    unknownRoles: all.filter((role) => !known.has(role.address)).map((role) => role.address),
    bucketArn,
    bucketPolicy,
    smsExternalId: smsExternalIds.length > 0 ? values.resolve(smsExternalIds[0]) : undefined,
    allPolicies: [
      ...(bucketPolicy ? [bucketPolicy] : []),
      ...all.flatMap((role) => [role.trustPolicy, ...role.policies]),
    ],
  };
}

function functionBody(tf: TerraformJson, address: string): Record<string, unknown> | undefined {
  const [type, name] = address.split(".");
  return tf.resource?.[type]?.[name];
}

function attachedDocument(
  tf: TerraformJson,
  policyArn: unknown,
  where: string,
  documentOf: (text: unknown, where: string) => Document,
): Document {
  const reference = referenceIn(policyArn);
  if (reference?.type === "aws_iam_policy") {
    const [type, name] = reference.address.split(".");
    return documentOf(tf.resource?.[type]?.[name]?.policy, reference.address);
  }
  const managed = (managedPolicies as Record<string, unknown>)[String(policyArn)];
  if (!managed)
    throw new Error(
      `${where} attaches ${String(policyArn)}, whose document the tests do not know: add it to aws-managed-policies.json`,
    );
  return managed as Document;
}

function resolveDeep(value: unknown, values: StandInValues): unknown {
  if (typeof value === "string") return values.resolve(value);
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, values));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [values.resolve(key), resolveDeep(item, values)]),
    );
  }
  return value;
}
