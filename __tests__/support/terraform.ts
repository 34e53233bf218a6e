import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_PROVIDER_VERSION_RANGE } from "../../modules/stack/uploads-stack";

export * from "../../modules/tooling/offline-terraform";

/**
 * The oldest hashicorp/aws version the stacks support: the lower bound of the range they declare. The Terraform
 * tests validate against exactly this version, so an attribute that only newer providers know fails them.
 */
export const OLDEST_AWS_PROVIDER = oldestOf(AWS_PROVIDER_VERSION_RANGE);

/** The version after `>=` in a constraint such as `>= 5.100.0, < 7.0.0`. */
export function oldestOf(range: string): string {
  const lower = /(?:^|,)\s*>=\s*(\d+\.\d+\.\d+)\s*(?:,|$)/.exec(range)?.[1];
  if (!lower) throw new Error(`the provider constraint "${range}" names no lower bound (>= x.y.z)`);
  return lower;
}

/**
 * Makes `terraform init` in `workdir` install exactly `version` of hashicorp/aws (an override file narrows the
 * configuration's range to it), from the mirror or the registry alike, rather than the newest in the range.
 */
export function pinAwsProvider(workdir: string, version = OLDEST_AWS_PROVIDER): void {
  const pin = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } };
  writeFileSync(join(workdir, "oldest_aws_provider_override.tf.json"), JSON.stringify(pin, null, 2));
}

/** The hashicorp/aws version `terraform init` recorded in `workdir`'s lock file. */
export function lockedAwsProvider(workdir: string): string | undefined {
  const lock = readFileSync(join(workdir, ".terraform.lock.hcl"), "utf8");
  return /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+=\s+"([^"]+)"/.exec(lock)?.[1];
}
