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

/** One line of `terraform plan -json`'s machine-readable output. */
interface PlanEvent {
  "@level": string;
  "@message": string;
  type: string;
  change?: { resource: { addr: string; resource_type: string }; action: string };
}

interface Planned {
  synthesized: { resource: Record<string, Record<string, unknown>>; variable?: Record<string, { default?: unknown }> };
  lockedProvider: string | undefined;
  events: PlanEvent[];
}

/**
 * The configurations of support/configs.ts, each synthesized and planned once with mock credentials
 * (`terraform plan -json`: a plan runs Terraform's validation first, the walk of `terraform
 * validate`, and stops on its errors), all side by side. Two are planned elsewhere, once: the
 * default by `npm run plan:offline`'s test (plan-review.test.ts), and the sign-in configuration, with
 * every other sign-in feature added, by sign-in-plan.test.ts.
 */
const PLANNED = Object.entries(plannedConfigs).filter(([name]) => name !== "default" && name !== "sign-in");
const LOCALSTACK: UploadsConfig = {
  ...allConfigs.default,
  stackName: "image-uploads-localstack",
  localstack: { endpoint: "http://localhost:4566" },
};

describeWithTerraform("terraform on the stack's configurations", () => {
  const folders: string[] = [];
  const runners: TerraformRunner[] = [];
  const planned: Record<string, Planned> = {};
  let localstackValidation: string;
  let localstackProvider: string | undefined;

  /** Synthesizes `config` into a new folder and returns a runner on its stack, initialized. */
  async function initialized(config: UploadsConfig) {
    const outdir = mkdtempSync(join(tmpdir(), "uploads-tf-"));
    folders.push(outdir);
    const app = new App({ outdir, stackTraces: false });
    new UploadsStack(app, config);
    app.synth();
    const stackDir = join(outdir, "stacks", config.stackName);
    const terraform = new TerraformRunner(stackDir);
    runners.push(terraform);
    pinAwsProvider(stackDir);
    await terraform.runAsync("init", "-input=false");
    return { outdir, stackDir, terraform };
  }

  async function plan(name: string, config: UploadsConfig): Promise<void> {
    const { outdir, stackDir, terraform } = await initialized(config);
    const synthesized: Planned["synthesized"] = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    // Secrets (identity providers') are variables without defaults; a CI secret store would set them.
    const secrets = Object.entries(synthesized.variable ?? {}).filter(([, v]) => v.default === undefined);
    const varFile = join(outdir, "secrets.tfvars.json");
    writeFileSync(varFile, JSON.stringify(Object.fromEntries(secrets.map(([secret]) => [secret, `mock-${secret}`]))));
    terraform.useMockCredentials();
    const output = await terraform.runAsync(
      "plan",
      "-json",
      "-input=false",
      "-lock=false",
      "-refresh=false",
      `-var-file=${varFile}`,
    );
    const events = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as PlanEvent);
    planned[name] = { synthesized, lockedProvider: lockedAwsProvider(stackDir), events };
  }

  async function validateLocalstack(): Promise<void> {
    const { terraform } = await initialized(LOCALSTACK);
    localstackValidation = await terraform.runAsync("validate");
    localstackProvider = lockedAwsProvider(terraform.workdir);
  }

  beforeAll(() => {
    if (!findProviderMirror())
      console.warn(`no provider mirror found: terraform init downloads hashicorp/aws ${OLDEST_AWS_PROVIDER}`);
    return Promise.all([...PLANNED.map(([name, config]) => plan(name, config)), validateLocalstack()]);
  }, 240_000);

  afterAll(() => {
    for (const runner of runners) runner.cleanup();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(PLANNED.map(([name]) => name))("the %s configuration", (name) => {
    test("validates against the oldest supported provider version", () => {
      const { events, lockedProvider } = planned[name];
      expect(lockedProvider).toBe(OLDEST_AWS_PROVIDER);
      expect(events.filter((e) => e["@level"] === "error").map((e) => e["@message"])).toEqual([]);
      expect(events.find((e) => e.type === "change_summary")).toBeDefined();
    });

    test("plans every synthesized resource for creation with mock credentials", () => {
      const { events, synthesized } = planned[name];
      const changes = events.filter((e) => e.type === "planned_change").map((e) => e.change!);
      const managed = changes.filter((c) => !c.resource.addr.startsWith("data."));
      const expected = Object.entries(synthesized.resource).flatMap(([type, byName]) =>
        Object.keys(byName).map((logical) => `${type}.${logical}`),
      );
      expect(managed.map((c) => c.resource.addr).sort()).toEqual(expected.sort());
      expect(managed.filter((c) => c.action !== "create")).toEqual([]);
      // Data sources read at apply are only aws_arn, which parses an ARN not yet known and calls no AWS API.
      expect(
        changes.filter((c) => c.resource.addr.startsWith("data.") && c.resource.resource_type !== "aws_arn"),
      ).toEqual([]);
    });
  });

  test("validates the LocalStack configuration's provider settings on the oldest supported provider", () => {
    expect(localstackProvider).toBe(OLDEST_AWS_PROVIDER);
    expect(localstackValidation).toContain("Success! The configuration is valid.");
  });
});
