import { TerraformJson, TerraformResource } from "../types";

/** Every resource of `type` as `[address, body]`, in file order. */
export function resourcesOf(tf: TerraformJson, type: string): Array<[string, TerraformResource]> {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
}

/** A value as a list: Terraform JSON accepts one value or an array in many places. */
export function asArray<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** A nested block, written either as an object or as a one-element list of objects. */
export function blockOf(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** Every block of a repeatable nested block. */
export function blocksOf(value: unknown): Record<string, unknown>[] {
  return asArray(value).filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null);
}

const WHOLE_REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}\s]+)\.([a-z0-9_]+)\}$/;
const ANY_REFERENCE = /\$\{([a-z0-9_]+)\.([^.}\s]+)\.([a-z0-9_]+)\}/g;

/** A reference to another resource's attribute. */
export interface Reference {
  /** Address of the referenced resource, `aws_type.name`. */
  readonly address: string;
  readonly type: string;
  readonly attribute: string;
}

/** The reference when `value` is exactly one `${type.name.attribute}`. */
export function referenceIn(value: unknown): Reference | undefined {
  const match = typeof value === "string" ? WHOLE_REFERENCE.exec(value) : null;
  return match ? { address: `${match[1]}.${match[2]}`, type: match[1], attribute: match[3] } : undefined;
}

/** Every `${type.name.attribute}` reference inside a string (an ARN built from a reference, a policy). */
export function referencesIn(value: unknown): Reference[] {
  if (typeof value !== "string") return [];
  return [...value.matchAll(ANY_REFERENCE)].map((m) => ({ address: `${m[1]}.${m[2]}`, type: m[1], attribute: m[3] }));
}

/** True when the value contains a Terraform expression, so its final text is only known at apply time. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/**
 * Address of the bucket a companion resource (`bucket = ...`) belongs to: by reference to the
 * bucket's `id` or `bucket`, or by the literal name of a bucket in the same configuration.
 */
export function bucketAddressOf(tf: TerraformJson, value: unknown): string | undefined {
  const reference = referenceIn(value);
  if (reference) return reference.type === "aws_s3_bucket" ? reference.address : undefined;
  if (typeof value !== "string") return undefined;
  return resourcesOf(tf, "aws_s3_bucket").find(([, bucket]) => bucket.bucket === value)?.[0];
}

/** Resources of `type` that configure the bucket at `bucketAddress`. */
export function bucketCompanions(
  tf: TerraformJson,
  type: string,
  bucketAddress: string,
): Array<[string, TerraformResource]> {
  return resourcesOf(tf, type).filter(([, body]) => bucketAddressOf(tf, body.bucket) === bucketAddress);
}

/** The ways a policy can name the bucket at `bucketAddress`: its ARN reference, and its literal ARN when named. */
export function bucketArnForms(tf: TerraformJson, bucketAddress: string): string[] {
  const [type, name] = bucketAddress.split(".");
  const literalName = tf.resource?.[type]?.[name]?.bucket;
  return [
    `\${${bucketAddress}.arn}`,
    ...(typeof literalName === "string" && !isExpression(literalName) ? [`arn:aws:s3:::${literalName}`] : []),
  ];
}
