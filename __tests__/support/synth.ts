import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Testing, TerraformStack } from "cdktf";
import { UploadsConfig } from "../../modules/stack/config";
import { PolicyDocument } from "../../modules/private/iam";
import { UploadsStack } from "../../modules/stack/uploads-stack";

/** The synthesized Terraform JSON of one stack. */
export interface Synthesized {
  /** The JSON text, for cdktf's matchers. */
  readonly text: string;
  /** The parsed configuration. */
  readonly tf: TerraformJson;
}

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  terraform?: Record<string, any>;
  provider?: Record<string, any>;
  [key: string]: unknown;
}

/** Synthesizes a stack that `build` fills, in a throwaway output folder that is removed afterwards. */
export function synthOf(build: (stack: TerraformStack) => void): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "uploads-synth-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    build(stack);
    const text = Testing.synth(stack);
    return { text, tf: JSON.parse(text) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every resource of `type`, by logical name. */
export function resourcesOf(tf: TerraformJson, type: string): Record<string, Record<string, any>> {
  return tf.resource?.[type] ?? {};
}

/** The only resource of `type`; fails when there are none or several. */
export function onlyResource(tf: TerraformJson, type: string): Record<string, any> {
  const all = Object.values(resourcesOf(tf, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/**
 * Parses a synthesized policy string. Terraform turns `$${` into a literal `${`; doing the same
 * here gives the document AWS receives (references stay as `${aws_x.y.attr}` text).
 */
export function parsePolicy(policy: string): PolicyDocument {
  return JSON.parse(policy.replace(/\$\$\{/g, "${"));
}

/** The inline policies (`aws_iam_role_policy`) attached to the role whose Terraform reference contains `roleRef`. */
export function inlinePoliciesOf(tf: TerraformJson, roleLogicalName: string): PolicyDocument[] {
  return Object.values(resourcesOf(tf, "aws_iam_role_policy"))
    .filter((policy) => String(policy.role).includes(`aws_iam_role.${roleLogicalName}.`))
    .map((policy) => parsePolicy(policy.policy));
}

/** The mover's aws_lambda_function (a stack may also hold the sweeper and the linking trigger). */
export function moverFunctionOf(tf: TerraformJson): Record<string, any> {
  return resourcesOf(tf, "aws_lambda_function")[logicalName(tf, "aws_lambda_function", "_mover_")];
}

/** Logical name of the only resource of `type` whose name contains `fragment`. */
export function logicalName(tf: TerraformJson, type: string, fragment = ""): string {
  const names = Object.keys(resourcesOf(tf, type)).filter((name) => name.includes(fragment));
  if (names.length !== 1)
    throw new Error(`expected one ${type} named like "${fragment}", found ${names.join(", ") || "none"}`);
  return names[0];
}

/** Synthesizes the ready-made stack for `config`. */
export function synthStack(config: UploadsConfig): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "uploads-synth-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = new UploadsStack(app, config);
    const text = Testing.synth(stack);
    return { text, tf: JSON.parse(text) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
