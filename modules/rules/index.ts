import { noGuestIdentities } from "./ckv-aws-366-no-guest-identities";
import { apiMethodsAuthorized } from "./ckv-aws-59-ckv2-aws-70-api-methods-authorized";
import { apiAccessLogs } from "./ckv-aws-76-api-access-logs";
import { noApiDataTrace } from "./ckv-aws-276-no-api-data-trace";
import { apiXrayTracing } from "./ckv-aws-73-api-xray-tracing";
import { publicAccessBlock } from "./ckv2-aws-6-ckv-aws-53-56-public-access-block";
import { aclsDisabled } from "./ckv2-aws-65-acls-disabled";
import { noAnyPrincipal } from "./ckv-aws-70-93-no-any-principal";
import { tlsOnlyBucketPolicy } from "./kics-4bc4dd4c-tls-only-bucket-policy";
import { bucketEncryption } from "./ckv-aws-19-bucket-encryption";
import { bucketKmsEncryption } from "./ckv-aws-145-bucket-kms-encryption";
import { lifecycle } from "./ckv2-aws-61-ckv-aws-300-lifecycle";
import { versioning } from "./ckv-aws-21-versioning";
import { trustPrincipals } from "./ckv-aws-60-61-trust-principals";
import { noWildcardActions } from "./ckv-aws-62-63-no-wildcard-actions";
import { noWildcardResources } from "./ckv-aws-355-no-wildcard-resources";
import { lambdaPermissionSource } from "./ckv-aws-364-lambda-permission-source";
import { noSecretsInLambdaEnv } from "./ckv-aws-45-no-secrets-in-lambda-env";
import { lambdaReservedConcurrency } from "./ckv-aws-115-lambda-reserved-concurrency";
import { lambdaXrayTracing } from "./ckv-aws-50-lambda-xray-tracing";
import { logRetention } from "./ckv-aws-66-338-log-retention";
import { userPoolMfa } from "./kics-ec28bf61-user-pool-mfa";
import { preventUserExistenceErrors } from "./cup-001-prevent-user-existence-errors";
import { userPoolDeletionProtection } from "./cup-002-user-pool-deletion-protection";
import { tokenValidityBounds } from "./cup-003-token-validity-bounds";
import { noClassicFlow } from "./cup-004-no-classic-flow";
import { corsWithoutWildcard } from "./cup-005-cors-without-wildcard";
import { caseInsensitiveUsernames } from "./cup-006-case-insensitive-usernames";
import { clientWriteAttributes } from "./cup-007-client-write-attributes";
import { noLocalhostOutsideDevelopment } from "./cup-008-no-localhost-outside-development";
import { emailSenderWithOpenSignUp } from "./cup-009-email-sender-with-open-sign-up";
import { moverAllowedClients } from "./cup-010-mover-allowed-clients";
import { linkingProvidersScopedToDomains } from "./cup-020-linking-providers-scoped-to-domains";
import { userUploadStorageClass } from "./cup-030-user-upload-storage-class";
import { cognitoRoleSourceAccount } from "./cup-031-cognito-role-source-account";
import { putEventsScoped } from "./cup-040-put-events-scoped";
import { noUserTagWrites } from "./cup-041-no-user-tag-writes";
import { malwareScanTagsResults } from "./cup-042-malware-scan-tags-results";
import { s3EventDeletesConditional } from "./cup-043-s3-event-deletes-conditional";
import { Finding, Rule, RuleResult, Suppression, SuppressedFinding, TerraformJson } from "./types";

export * from "./types";
export { ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS } from "./ckv-aws-355-no-wildcard-resources";

/** Every rule of the pack, identity and API first, then storage, IAM, functions, logs, Cognito. */
export const allRules: readonly Rule[] = [
  noGuestIdentities,
  apiMethodsAuthorized,
  apiAccessLogs,
  noApiDataTrace,
  apiXrayTracing,
  publicAccessBlock,
  aclsDisabled,
  noAnyPrincipal,
  tlsOnlyBucketPolicy,
  bucketEncryption,
  bucketKmsEncryption,
  lifecycle,
  versioning,
  trustPrincipals,
  noWildcardActions,
  noWildcardResources,
  lambdaPermissionSource,
  noSecretsInLambdaEnv,
  lambdaReservedConcurrency,
  lambdaXrayTracing,
  logRetention,
  userPoolMfa,
  preventUserExistenceErrors,
  userPoolDeletionProtection,
  tokenValidityBounds,
  noClassicFlow,
  corsWithoutWildcard,
  caseInsensitiveUsernames,
  clientWriteAttributes,
  noLocalhostOutsideDevelopment,
  emailSenderWithOpenSignUp,
  moverAllowedClients,
  linkingProvidersScopedToDomains,
  userUploadStorageClass,
  cognitoRoleSourceAccount,
  putEventsScoped,
  noUserTagWrites,
  malwareScanTagsResults,
  s3EventDeletesConditional,
];

export {
  noGuestIdentities,
  apiMethodsAuthorized,
  apiAccessLogs,
  noApiDataTrace,
  apiXrayTracing,
  publicAccessBlock,
  aclsDisabled,
  noAnyPrincipal,
  tlsOnlyBucketPolicy,
  bucketEncryption,
  bucketKmsEncryption,
  lifecycle,
  versioning,
  trustPrincipals,
  noWildcardActions,
  noWildcardResources,
  lambdaPermissionSource,
  noSecretsInLambdaEnv,
  lambdaReservedConcurrency,
  lambdaXrayTracing,
  logRetention,
  userPoolMfa,
  preventUserExistenceErrors,
  userPoolDeletionProtection,
  tokenValidityBounds,
  noClassicFlow,
  corsWithoutWildcard,
  caseInsensitiveUsernames,
  clientWriteAttributes,
  noLocalhostOutsideDevelopment,
  emailSenderWithOpenSignUp,
  moverAllowedClients,
  linkingProvidersScopedToDomains,
  userUploadStorageClass,
  cognitoRoleSourceAccount,
};
export { DEVELOPMENT_TAG } from "./cup-008-no-localhost-outside-development";

/** Options of {@link runRules}. */
export interface RunRulesOptions {
  /** Findings accepted on purpose, each with its reason. @default - none */
  readonly suppressions?: readonly Suppression[];
  /** The rules to run. @default allRules */
  readonly rules?: readonly Rule[];
}

/** True when `id` names `rule`, by its id or one of its aliases (case-insensitive). */
export const ruleHasId = (rule: Rule, id: string) =>
  [rule.id, ...rule.aliases].some((known) => known.toLowerCase() === id.toLowerCase());

/**
 * Runs every rule over one synthesized configuration. A finding covered by a suppression (same
 * rule, and same address when the suppression names one) is reported as suppressed with its reason.
 * Throws when a suppression names no known rule or gives no reason.
 */
export function runRules(tf: TerraformJson, options: RunRulesOptions = {}): RuleResult[] {
  const rules = options.rules ?? allRules;
  const suppressions = options.suppressions ?? [];
  validateSuppressions(suppressions, rules);
  return rules.map((rule) => {
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    for (const finding of rule.check(tf)) {
      const match = suppressions.find(
        (s) => ruleHasId(rule, s.ruleId) && (s.address === undefined || s.address === finding.address),
      );
      if (match) suppressed.push({ ...finding, reason: match.reason });
      else findings.push(finding);
    }
    const status = findings.length > 0 ? "FAIL" : suppressed.length > 0 ? "SUPPRESSED" : "PASS";
    return { rule, status, findings, suppressed };
  });
}

/** Suppressions that matched no finding: stale, and worth removing. */
export function unusedSuppressions(
  results: readonly RuleResult[],
  suppressions: readonly Suppression[],
): Suppression[] {
  return suppressions.filter(
    (s) =>
      !results.some(
        (result) =>
          ruleHasId(result.rule, s.ruleId) &&
          result.suppressed.some((f) => s.address === undefined || f.address === s.address),
      ),
  );
}

/** True when a result must fail the check: an unsuppressed H finding, or any unsuppressed finding when `strict`. */
export const isBlocking = (result: RuleResult, strict = false) =>
  result.status === "FAIL" && (strict || result.rule.severity === "H");

/**
 * Parses `RULE_ID=reason` or `RULE_ID@address=reason`, the command line's suppression format.
 * The reason is mandatory: a suppression without one is an error.
 */
export function parseSuppression(text: string): Suppression {
  const match = /^([A-Za-z0-9_]+)(?:@([^=\s]+))?=(.*)$/s.exec(text.trim());
  if (!match || match[3].trim() === "") {
    throw new Error(
      `Invalid suppression "${text}": write RULE_ID=reason or RULE_ID@aws_type.name=reason (the reason is required)`,
    );
  }
  return { ruleId: match[1], ...(match[2] ? { address: match[2] } : {}), reason: match[3].trim() };
}

function validateSuppressions(suppressions: readonly Suppression[], rules: readonly Rule[]): void {
  for (const suppression of suppressions) {
    if (!rules.some((rule) => ruleHasId(rule, suppression.ruleId))) {
      throw new Error(
        `Suppression of unknown rule "${suppression.ruleId}"; known rules: ${rules.map((r) => r.id).join(", ")}`,
      );
    }
    if (!suppression.reason || suppression.reason.trim() === "") {
      throw new Error(`Suppression of ${suppression.ruleId} has no reason: write why the finding is acceptable`);
    }
  }
}
