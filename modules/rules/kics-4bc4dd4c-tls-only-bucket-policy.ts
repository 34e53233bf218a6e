import { conditionsOf, isAnyPrincipal, readPolicy, Statement, valuesOf } from "./lib/policies";
import { bucketArnForms, bucketCompanions, resourcesOf } from "./lib/terraform";
import { Rule, TerraformJson } from "./types";

/**
 * Mirrors KICS 4bc4dd4c (S3 bucket allows unsecure transport): the bucket policy denies every S3
 * action, on the bucket and on its objects, to every principal when `aws:SecureTransport` is false.
 */
export const tlsOnlyBucketPolicy: Rule = {
  id: "KICS_4bc4dd4c",
  aliases: [],
  severity: "H",
  title: "Bucket policies deny every request made without TLS",
  check: (tf) =>
    resourcesOf(tf, "aws_s3_bucket")
      .filter(
        ([bucketAddress, bucket]) =>
          !policyStatementsFor(tf, bucketAddress, bucket.policy).some((s) => deniesPlainHttp(tf, bucketAddress, s)),
      )
      .map(([address]) => ({
        address,
        message:
          "no bucket policy statement denies s3:* on the bucket and its objects when aws:SecureTransport is false",
      })),
};

function policyStatementsFor(tf: TerraformJson, bucketAddress: string, inlinePolicy: unknown): Statement[] {
  const policies = bucketCompanions(tf, "aws_s3_bucket_policy", bucketAddress).map(([address, body]) =>
    readPolicy(address, "resource", body.policy),
  );
  if (inlinePolicy !== undefined) policies.push(readPolicy(bucketAddress, "resource", inlinePolicy));
  return policies.flatMap((policy) => policy.statements ?? []);
}

function deniesPlainHttp(tf: TerraformJson, bucketAddress: string, statement: Statement): boolean {
  if (statement.Effect !== "Deny" || !isAnyPrincipal(statement)) return false;
  const actions = valuesOf(statement.Action);
  if (!actions.includes("s3:*") && !actions.includes("*")) return false;
  const resources = valuesOf(statement.Resource);
  const arns = bucketArnForms(tf, bucketAddress);
  const coversBucket = resources.includes("*") || arns.some((arn) => resources.includes(arn));
  const coversObjects = resources.includes("*") || arns.some((arn) => resources.includes(`${arn}/*`));
  const insecure = conditionsOf(statement).some(
    ([operator, key, values]) =>
      (operator === "Bool" || operator === "BoolIfExists") && key === "aws:securetransport" && values.includes("false"),
  );
  return coversBucket && coversObjects && insecure;
}
