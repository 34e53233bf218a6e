import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { UploadsConfig } from "../../modules/stack/config";
import { UploadsStack } from "../../modules/stack/uploads-stack";
import { allConfigs, plannedConfigs } from "../support/configs";
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
  change: { actions: string[] };
}

describeWithTerraform.each(Object.entries(plannedConfigs))(
  "terraform on the %s configuration",
  (_, config: UploadsConfig) => {
    let outdir: string;
    let terraform: TerraformRunner;
    let synthesized: {
      resource: Record<string, Record<string, unknown>>;
      variable?: Record<string, { default?: unknown }>;
    };
    let varFile: string;

    beforeAll(() => {
      outdir = mkdtempSync(join(tmpdir(), "uploads-tf-"));
      const app = new App({ outdir, stackTraces: false });
      new UploadsStack(app, config);
      app.synth();
      const stackDir = join(outdir, "stacks", config.stackName);
      synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
      terraform = new TerraformRunner(stackDir);
      // Secrets (identity providers') are variables without defaults; a CI secret store would set them.
      const secrets = Object.entries(synthesized.variable ?? {}).filter(([, v]) => v.default === undefined);
      varFile = join(outdir, "secrets.tfvars.json");
      writeFileSync(varFile, JSON.stringify(Object.fromEntries(secrets.map(([name]) => [name, `mock-${name}`]))));
      if (!findProviderMirror())
        console.warn(`no provider mirror found: terraform init downloads hashicorp/aws ${OLDEST_AWS_PROVIDER}`);
      pinAwsProvider(stackDir);
      terraform.run("init", "-input=false");
    }, 180_000);

    afterAll(() => {
      terraform?.cleanup();
      if (outdir) rmSync(outdir, { recursive: true, force: true });
    });

    test("validates against the oldest supported provider version", () => {
      expect(lockedAwsProvider(terraform.workdir)).toBe(OLDEST_AWS_PROVIDER);
      expect(terraform.run("validate")).toContain("Success! The configuration is valid.");
    }, 120_000);

    test("plans every synthesized resource for creation with mock credentials", () => {
      terraform.useMockCredentials();
      terraform.run("plan", "-input=false", "-lock=false", "-refresh=false", `-var-file=${varFile}`, "-out=tfplan");
      const plan = JSON.parse(terraform.run("show", "-json", "tfplan"));
      const changes: PlannedChange[] = plan.resource_changes;
      const managed = changes.filter((c) => c.mode === "managed");
      const expected = Object.entries(synthesized.resource).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      expect(managed.map((c) => c.address).sort()).toEqual(expected.sort());
      expect(managed.filter((c) => c.change.actions.join() !== "create")).toEqual([]);
      // Data sources read at apply are only aws_arn, which parses an ARN not yet known and calls no AWS API.
      expect(changes.filter((c) => c.mode === "data" && c.type !== "aws_arn")).toEqual([]);
      expect(plan.errored).toBe(false);
    }, 120_000);
  },
);

describeWithTerraform("terraform on the LocalStack configuration", () => {
  test("validates with the LocalStack provider settings on the oldest supported provider", () => {
    const config = {
      ...allConfigs.default,
      stackName: "image-uploads-localstack",
      localstack: { endpoint: "http://localhost:4566" },
    };
    const outdir = mkdtempSync(join(tmpdir(), "uploads-tf-"));
    const app = new App({ outdir, stackTraces: false });
    new UploadsStack(app, config);
    app.synth();
    const terraform = new TerraformRunner(join(outdir, "stacks", config.stackName));
    try {
      pinAwsProvider(terraform.workdir);
      terraform.run("init", "-input=false");
      expect(lockedAwsProvider(terraform.workdir)).toBe(OLDEST_AWS_PROVIDER);
      expect(terraform.run("validate")).toContain("Success! The configuration is valid.");
    } finally {
      terraform.cleanup();
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
