import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { AWS_PROVIDER_VERSION_RANGE } from "../../modules/stack/uploads-stack";
import { buildSignInStack, providerSecretValues } from "../support/sign-in-fixtures";
import {
  findProviderMirror,
  lockedAwsProvider,
  OLDEST_AWS_PROVIDER,
  pinAwsProvider,
  TerraformRunner,
} from "../support/terraform";
import { describeWithTerraform } from "../support/terraform-available";

interface PlannedChange {
  address: string;
  mode: "managed" | "data";
  type: string;
  change: { actions: string[]; after?: Record<string, any>; after_unknown?: Record<string, any> };
}

/** Synthesizes a stack with every sign-in feature on into `outdir`; returns its folder and JSON. */
function synthesize(outdir: string, name: string, build: (stack: TerraformStack) => void) {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION_RANGE);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  build(stack);
  app.synth();
  const stackDir = join(outdir, "stacks", name);
  return { stackDir, text: readFileSync(join(stackDir, "cdk.tf.json"), "utf8") };
}

describeWithTerraform("terraform on a stack with every sign-in feature", () => {
  let outdir: string;
  let varsDir: string;
  let terraform: TerraformRunner;
  let synthesized: {
    text: string;
    tf: { resource: Record<string, Record<string, unknown>>; variable: Record<string, any> };
  };
  let plan: { resource_changes: PlannedChange[]; errored: boolean };

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "signin-tf-"));
    varsDir = mkdtempSync(join(tmpdir(), "signin-vars-"));
    const { stackDir, text } = synthesize(outdir, "sign-in", (stack) => buildSignInStack(stack));
    synthesized = { text, tf: JSON.parse(text) };
    terraform = new TerraformRunner(stackDir);
    if (!findProviderMirror())
      console.warn(`no provider mirror found: terraform init downloads hashicorp/aws ${OLDEST_AWS_PROVIDER}`);
    pinAwsProvider(stackDir);
    terraform.run("init", "-input=false");
    terraform.useMockCredentials();
    // Secrets reach Terraform from a file outside the configuration folder, as they would from a CI secret store.
    const varFile = join(varsDir, "secrets.auto.tfvars.json");
    writeFileSync(varFile, JSON.stringify(providerSecretValues));
    terraform.run("plan", "-input=false", "-lock=false", "-refresh=false", `-var-file=${varFile}`, "-out=tfplan");
    plan = JSON.parse(terraform.run("show", "-json", "tfplan"));
  }, 180_000);

  afterAll(() => {
    terraform?.cleanup();
    for (const dir of [outdir, varsDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("validates against the oldest supported provider version, without a dependency cycle", () => {
    expect(lockedAwsProvider(terraform.workdir)).toBe(OLDEST_AWS_PROVIDER);
    expect(terraform.run("validate")).toContain("Success! The configuration is valid.");
  });

  test("declares each provider secret as a sensitive variable and keeps the values out of the configuration", () => {
    for (const name of Object.keys(providerSecretValues)) {
      expect([name, synthesized.tf.variable[name]]).toEqual([
        name,
        expect.objectContaining({ sensitive: true, type: "string" }),
      ]);
      expect(synthesized.tf.variable[name].default).toBeUndefined();
    }
    for (const value of Object.values(providerSecretValues)) expect(synthesized.text).not.toContain(value);
  });

  test("wires the trigger to the pool created in the same apply", () => {
    const change = (type: string) => plan.resource_changes.find((c) => c.type === type)?.change;
    expect(change("aws_cognito_user_pool")?.after_unknown?.lambda_config).toEqual([
      expect.objectContaining({ pre_sign_up: true }),
    ]);
    expect(change("aws_cognito_user_pool")?.after?.lambda_config?.[0]?.post_confirmation).toBeNull();
    expect(change("aws_lambda_permission")?.after).toEqual(
      expect.objectContaining({ principal: "cognito-idp.amazonaws.com" }),
    );
    expect(change("aws_lambda_permission")?.after_unknown?.source_arn).toBe(true);
  });

  test("leaves the SMS external id and the account the SMS role trusts to AWS at apply time, with no AWS call at plan time", () => {
    const change = (type: string, fragment: string) =>
      plan.resource_changes.find((c) => c.type === type && c.address.includes(fragment))?.change;
    expect(change("aws_cognito_user_pool", "")?.after_unknown?.sms_configuration).toEqual([
      expect.objectContaining({ external_id: true }),
    ]);
    expect(change("aws_iam_role", "sms-role")?.after_unknown?.assume_role_policy).toBe(true);
    expect(change("aws_iam_policy", "sms-role")?.after_unknown?.policy_id).toBe(true);
  });

  test("plans every synthesized resource for creation, deferring only the local parse of the SMS policy's ARN", () => {
    const expected = Object.entries(synthesized.tf.resource).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    const managed = plan.resource_changes.filter((c) => c.mode === "managed");
    expect(managed.map((c) => c.address).sort()).toEqual(expected.sort());
    expect(managed.filter((c) => c.change.actions.join() !== "create")).toEqual([]);
    // A data source whose input is only known after apply is read then; aws_arn parses text and calls no AWS API.
    expect(
      plan.resource_changes.filter((c) => c.mode === "data").map((c) => [c.type, c.change.actions.join()]),
    ).toEqual([["aws_arn", "read"]]);
    expect(plan.errored).toBe(false);
  });
});

describeWithTerraform("terraform on secrets read from SSM and Secrets Manager", () => {
  let outdir: string;
  let terraform: TerraformRunner;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "signin-tf-data-"));
    const { stackDir } = synthesize(outdir, "sign-in-data", (stack) =>
      buildSignInStack(stack, {
        identityProviders: [
          { type: "Google", clientId: "g-client", clientSecret: { ssmParameter: "/auth/google/client-secret" } },
          {
            type: "Facebook",
            clientId: "fb-app",
            clientSecret: { secretsManagerSecret: "auth/facebook", jsonKey: "appSecret" },
          },
        ],
      }),
    );
    terraform = new TerraformRunner(stackDir);
    pinAwsProvider(stackDir);
    terraform.run("init", "-input=false");
  }, 180_000);

  afterAll(() => {
    terraform?.cleanup();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  // Data sources call AWS at plan time, so this configuration is validated, not planned, offline.
  test("validates, reading each secret through a data source", () => {
    expect(terraform.run("validate")).toContain("Success! The configuration is valid.");
  });
});
