import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../../modules/stack/config";
import { MODULE_INPUT_NAMES } from "../../modules/stack/uploads-module-stack";
import { writeTerraformModule } from "../../modules/tooling/terraform-module-writer";
import { describeWithTerraform } from "../support/terraform-available";
import { TerraformRunner } from "../support/terraform";

const EXAMPLE = join(__dirname, "..", "..", "examples", "hcl-consumer");

describe("the generated Terraform module", () => {
  let root: string;
  let moduleDir: string;
  let tf: Record<string, any>;

  beforeAll(() => {
    // Same layout as the repository, so the example's `source = "../../dist/terraform-module"` holds.
    root = mkdtempSync(join(tmpdir(), "uploads-module-test-"));
    moduleDir = join(root, "dist", "terraform-module");
    writeTerraformModule(moduleDir, DEFAULT_CONFIG);
    tf = JSON.parse(readFileSync(join(moduleDir, "main.tf.json"), "utf8"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("declares no provider and no backend, and a provider version range", () => {
    expect(tf.provider).toBeUndefined();
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf.terraform.required_providers.aws).toEqual({ source: "aws", version: ">= 5.100.0, < 7.0.0" });
  });

  test("has a described, typed variable for every input, with validation where values are constrained", () => {
    expect(Object.keys(tf.variable).sort()).toEqual([...MODULE_INPUT_NAMES].sort());
    for (const variable of Object.values<any>(tf.variable)) {
      expect(variable.description.length).toBeGreaterThan(10);
      expect(variable.type).toMatch(/^(string|number|list\(string\)|map\(string\))$/);
      expect(variable.nullable).toBe(false);
    }
    for (const name of ["name_prefix", "domain_prefix", "callback_urls", "allowed_origins", "upload_expiration_days", "log_retention_days"]) {
      expect(tf.variable[name].validation.length).toBeGreaterThan(0);
    }
    expect(tf.variable.domain_prefix.default).toBeUndefined();
  });

  test("references the Lambda zip through ${path.module}", () => {
    const fn = Object.values<any>(tf.resource.aws_lambda_function)[0];
    expect(fn.filename).toMatch(/^\$\{path\.module\}\/assets\/.+\.zip$/);
    expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename}")}`);
    const relative = fn.filename.replace("${path.module}/", "");
    expect(readFileSync(join(moduleDir, relative)).subarray(0, 2).toString()).toBe("PK");
  });

  test("lists every input and output in its README", () => {
    const readme = readFileSync(join(moduleDir, "README.md"), "utf8");
    for (const name of [...Object.keys(tf.variable), ...Object.keys(tf.output)]) expect(readme).toContain(`| \`${name}\` |`);
    expect(readme).toMatch(/\| `domain_prefix` \| .+ \| `string` \| n\/a \| yes \|/);
    expect(readme).toMatch(/\| `upload_expiration_days` \| .+ \| `number` \| `1` \| no \|/);
  });

  describeWithTerraform("called from HCL (examples/hcl-consumer)", () => {
    let terraform: TerraformRunner;
    let consumerDir: string;

    beforeAll(() => {
      consumerDir = join(root, "examples", "hcl-consumer");
      mkdirSync(consumerDir, { recursive: true });
      cpSync(EXAMPLE, consumerDir, { recursive: true });
      terraform = new TerraformRunner(consumerDir);
      terraform.run("init", "-input=false");
    }, 120_000);
    afterAll(() => terraform?.cleanup());

    test("validates and plans every module resource, under count, with the caller's provider", () => {
      expect(terraform.run("validate")).toContain("Success!");
      terraform.useMockCredentials();
      terraform.run("plan", "-input=false", "-lock=false", "-refresh=false", "-out=tfplan");
      const plan = JSON.parse(terraform.run("show", "-json", "tfplan"));
      const planned: string[] = plan.resource_changes.filter((c: any) => c.mode === "managed").map((c: any) => c.address);
      const moduleResources = Object.entries<Record<string, unknown>>(tf.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `module.uploads[0].${type}.${name}`));
      expect(planned.sort()).toEqual(moduleResources.sort());
      expect(plan.output_changes.uploads.after.region).toBe("eu-west-1");
    }, 120_000);

    test("stops a plan whose origin is a wildcard, with the input's own message", () => {
      const main = readFileSync(join(consumerDir, "main.tf"), "utf8");
      writeFileSync(join(consumerDir, "main.tf"), main.replace(/allowed_origins = \[[^\]]*\]/, 'allowed_origins = ["*"]'));
      try {
        expect(() => terraform.run("plan", "-input=false", "-lock=false", "-refresh=false")).toThrow(/allowed_origins entries must be origins/);
      } finally {
        writeFileSync(join(consumerDir, "main.tf"), main);
      }
    }, 120_000);
  });
});
