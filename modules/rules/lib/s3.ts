import { blockOf, blocksOf, bucketCompanions } from "./terraform";
import { TerraformJson, TerraformResource } from "../types";

/** Default SSE algorithms of a bucket, from its encryption configuration or the legacy inline block. */
export function sseAlgorithmsOf(tf: TerraformJson, bucketAddress: string, bucket: TerraformResource): string[] {
  const configurations = [
    ...bucketCompanions(tf, "aws_s3_bucket_server_side_encryption_configuration", bucketAddress).map(
      ([, body]) => body,
    ),
    ...blocksOf(bucket.server_side_encryption_configuration),
  ];
  return configurations.flatMap((configuration) =>
    blocksOf(configuration.rule).map((rule) =>
      String(blockOf(rule.apply_server_side_encryption_by_default)?.sse_algorithm ?? ""),
    ),
  );
}

/** Rules of the bucket's lifecycle configurations (the split resource), with the address that holds each. */
export function lifecycleRulesOf(tf: TerraformJson, bucketAddress: string): Array<[string, Record<string, unknown>]> {
  return bucketCompanions(tf, "aws_s3_bucket_lifecycle_configuration", bucketAddress).flatMap(([address, body]) =>
    blocksOf(body.rule).map((rule): [string, Record<string, unknown>] => [address, rule]),
  );
}

/** True when a lifecycle rule is enabled. */
export const isEnabled = (rule: Record<string, unknown>) => rule.status === "Enabled";

/** True when a lifecycle rule applies to every object: no filter, an empty filter, or an empty prefix. */
export function coversWholeBucket(rule: Record<string, unknown>): boolean {
  if (rule.prefix !== undefined && rule.prefix !== "") return false;
  const filter = blockOf(rule.filter);
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => (key === "prefix" ? value === "" : value === undefined));
}

/** True when versioning is on for the bucket (split resource or legacy inline block). */
export function isVersioned(tf: TerraformJson, bucketAddress: string, bucket: TerraformResource): boolean {
  const split = bucketCompanions(tf, "aws_s3_bucket_versioning", bucketAddress).some(
    ([, body]) => blockOf(body.versioning_configuration)?.status === "Enabled",
  );
  return split || blockOf(bucket.versioning)?.enabled === true;
}
