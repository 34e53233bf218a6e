import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  ValidatedPolicy,
} from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { AccessModel, RoleUse } from "./access-model";

/** The answer to one request: IAM's three outcomes, or no credentials at all because the role does not exist. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "NoRole";
export const DECISIONS: readonly Decision[] = ["Allowed", "ExplicitlyDenied", "ImplicitlyDenied", "NoRole"];

/** Who makes a request. */
export interface PrincipalSpec {
  /** A session of one of the stack's roles. */
  readonly role?: RoleUse;
  /** Name of that role session, the last part of its ARN. @default "session" */
  readonly sessionName?: string;
  /** Session (principal) tags of that role session, as the identity pool sets them. */
  readonly tags?: Record<string, string>;
  /** An IAM principal outside the stack, with its own identity policies. */
  readonly arn?: string;
  readonly policies?: unknown[];
  /** A federated identity provider (trust-policy requests). */
  readonly federated?: string;
  /** An AWS service (trust-policy requests). */
  readonly service?: string;
}

export interface SimulatedRequest {
  readonly principal: PrincipalSpec;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

/**
 * The key policy the tests give a KMS key: AWS's default, which delegates every decision to IAM
 * policies of the key's account, so that only the stack's identity policies decide.
 */
const DEFAULT_KEY_POLICY = (account: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EnableIamPolicies",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
});

/**
 * Evaluates one request the way AWS does for a same-account principal: the principal's identity
 * policies together with the resource's policy (bucket policy for the stack's bucket, trust policy
 * for the stack's roles, the default key policy for KMS keys). Uses the unsafe simulation, which
 * keeps the cognito-identity.amazonaws.com condition keys the strict one drops.
 */
export function decide(model: AccessModel, request: SimulatedRequest): Decision {
  const { account } = model.values;
  const { principal } = request;
  const context: Record<string, string | string[]> = { "aws:SecureTransport": "true", ...request.context };
  let principalValue: string;
  let identityPolicies: Array<{ name: string; policy: unknown }> = [];

  if (principal.role) {
    const role = model.roles[principal.role];
    if (!role) return "NoRole";
    principalValue = `arn:aws:sts::${account}:assumed-role/${role.name}/${principal.sessionName ?? "session"}`;
    identityPolicies = role.policies.map((policy) => ({ name: policy.metadata?.name ?? "policy", policy }));
    context["aws:PrincipalArn"] = role.arn;
    context["aws:PrincipalAccount"] = account;
    for (const [key, value] of Object.entries(principal.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  } else if (principal.arn) {
    principalValue = principal.arn;
    identityPolicies = (principal.policies ?? []).map((document, index) => ({
      name: `${principal.arn}#${index}`,
      policy: validated(document, validateIdentityPolicy, `${principal.arn} policy ${index}`),
    }));
  } else {
    principalValue = principal.federated ?? principal.service ?? "";
    if (!principalValue) throw new Error("a principal needs a role, an arn, a federated provider or a service");
  }

  const result = runUnsafeSimulation(
    {
      request: {
        principal: principalValue,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: context,
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicyFor(model, request.resource),
    },
    {},
  );
  return result;
}

/** The resource's own policy; none for an estate's bucket, whose policy the stack does not manage. */
function resourcePolicyFor(model: AccessModel, resource: string): ValidatedPolicy<{ name: string }> | undefined {
  if (resource === model.bucketArn || resource.startsWith(`${model.bucketArn}/`)) return model.bucketPolicy;
  const role = Object.values(model.roles).find((candidate) => candidate?.arn === resource);
  if (role) return role.trustPolicy;
  if (/^arn:aws:kms:/.test(resource))
    return validated(DEFAULT_KEY_POLICY(model.values.account), validateResourcePolicy, "default key policy");
  return undefined;
}

function validated(
  document: unknown,
  validate: (policy: unknown) => unknown[],
  name: string,
): ValidatedPolicy<{ name: string }> {
  const policy = createValidatedPolicy(document, validate as never, { name });
  if (policy.errors.length > 0) throw new Error(`${name} is not a valid policy: ${JSON.stringify(policy.errors)}`);
  return policy;
}
