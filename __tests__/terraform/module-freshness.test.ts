import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODULE_INPUT_NAMES } from "../../modules/stack/uploads-module-stack";
import { GENERATED_MODULE_FILES, writeTerraformModule } from "../../modules/tooling/terraform-module-writer";

/**
 * The module committed in terraform/ is what `npm run build:module` writes from the constructs
 * today, byte for byte; and its resource addresses only change on purpose, with a `moved` block
 * from each address a released module had.
 */
const ROOT = join(__dirname, "..", "..");
const COMMITTED = join(ROOT, "terraform");
const ADDRESSES = join(ROOT, "__tests__", "fixtures", "resource-addresses");
const UPDATE = process.env.UPDATE_RESOURCE_ADDRESSES === "1";

const filesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesOf(join(dir, entry.name)).map((f) => `${entry.name}/${f}`) : [entry.name],
    )
    .sort();

/** Each declared resource as `<address>` or `<address>[count]` / `<address>[for_each]`. */
function declaredAddresses(tf: Record<string, any>): string[] {
  return Object.entries<Record<string, any>>(tf.resource)
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(
        ([name, block]) =>
          `${type}.${name}${block.count !== undefined ? "[count]" : block.for_each !== undefined ? "[for_each]" : ""}`,
      ),
    )
    .sort();
}

describe("the committed Terraform module", () => {
  let fresh: string;
  let tf: Record<string, any>;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), "uploads-module-fresh-"));
    writeTerraformModule(fresh);
    tf = JSON.parse(readFileSync(join(COMMITTED, "main.tf.json"), "utf8"));
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  test("is what a fresh generation writes, byte for byte (run `npm run build:module` after changing the constructs)", () => {
    const generated = filesOf(fresh);
    const committed = filesOf(COMMITTED).filter((file) =>
      GENERATED_MODULE_FILES.some((name) => file === name || file.startsWith(`${name}/`)),
    );
    expect(committed).toEqual(generated);
    const stale = generated.filter(
      (file) => !readFileSync(join(fresh, file)).equals(readFileSync(join(COMMITTED, file))),
    );
    expect(stale).toEqual([]);
  });

  test("declares no provider and no backend, and names hashicorp/aws with the supported range", () => {
    expect(tf.provider).toBeUndefined();
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    expect(tf.terraform.required_version).toMatch(/^>= 1\.\d+\.\d+$/);
  });

  test("has a typed, described variable for every input and snake_case outputs, each described", () => {
    expect(Object.keys(tf.variable).sort()).toEqual([...MODULE_INPUT_NAMES].sort());
    for (const [name, variable] of Object.entries<any>(tf.variable)) {
      expect({ name, described: variable.description.length > 20, typed: typeof variable.type === "string" }).toEqual({
        name,
        described: true,
        typed: true,
      });
    }
    for (const [name, output] of Object.entries<any>(tf.output)) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(output.description.length).toBeGreaterThan(10);
    }
    expect(tf.variable.identity_provider_secrets.sensitive).toBe(true);
  });

  test("holds no unresolved token text: every name built from an input is built by Terraform", () => {
    const text = readFileSync(join(COMMITTED, "main.tf.json"), "utf8");
    expect(text).not.toMatch(/TfToken/);
    const names = [
      tf.resource.aws_iam_role["uploads_api_account-logging-role_670C12CA"].name,
      tf.resource.aws_lambda_function["uploads_user-pool_link-identities_function_326507A8"].function_name,
    ];
    expect(names).toEqual([
      '${replace(var.name_prefix, "/[^\\\\w+=,.@-]/", "-")}-apigw-logs',
      '${substr(replace(var.name_prefix, "/[^A-Za-z0-9_-]+/", "-"), 0, 40)}-link-identities',
    ]);
  });

  test("references each Lambda zip (mover, linking trigger, sweeper) through ${path.module}, and ships the zip", () => {
    const functions = Object.values<any>(tf.resource.aws_lambda_function);
    expect(functions.length).toBe(3);
    for (const fn of functions) {
      expect(fn.filename).toMatch(/^\$\{path\.module\}\/assets\/[\w-]+\.zip$/);
      expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename}")}`);
      expect(
        readFileSync(join(COMMITTED, fn.filename.replace("${path.module}/", "")))
          .subarray(0, 2)
          .toString(),
      ).toBe("PK");
    }
  });

  test("lists every input and output in its README, in the terraform-docs shape", () => {
    const readme = readFileSync(join(COMMITTED, "README.md"), "utf8");
    for (const heading of ["## Usage", "## Requirements", "## Providers", "## Resources", "## Inputs", "## Outputs"])
      expect(readme).toContain(heading);
    for (const name of Object.keys(tf.variable)) expect(readme).toContain(`[${name}](#input_${name})`);
    for (const name of Object.keys(tf.output)) expect(readme).toContain(`[${name}](#output_${name})`);
    expect(readme).toMatch(
      /\| <a name="input_allowed_origins"><\/a> \[allowed_origins\]\(#input_allowed_origins\) \| .+ \| `list\(string\)` \| n\/a \| yes \|/,
    );
    expect(readme).toMatch(/\| <a name="input_upload_expiration_days"><\/a> .+ \| `number` \| `1` \| no \|/);
  });

  test("its resource addresses match the committed list (fixtures/resource-addresses/module.txt)", () => {
    const actual = declaredAddresses(tf);
    const list = join(ADDRESSES, "module.txt");
    if (UPDATE) writeFileSync(list, `${actual.join("\n")}\n`);
    expect(existsSync(list)).toBe(true);
    const committed = readFileSync(list, "utf8").split("\n").filter(Boolean);
    expect({
      removed: committed.filter((a) => !actual.includes(a)),
      added: actual.filter((a) => !committed.includes(a)),
    }).toEqual({ removed: [], added: [] });
  });

  test("moves every address of the released module (0.1.0) to the same resource, so an upgrade destroys nothing", () => {
    const released = readFileSync(join(ADDRESSES, "module-0.1.0.txt"), "utf8").split("\n").filter(Boolean);
    const declared = new Map(declaredAddresses(tf).map((line) => [line.replace(/\[\w+\]$/, ""), line]));
    const moves = new Map<string, string>(tf.moved.map((move: { from: string; to: string }) => [move.from, move.to]));
    const lost = released.filter((address) => {
      const now = declared.get(address);
      if (now === address) return false;
      // With count, a resource's instance is <address>[0]: a moved block must say so.
      return !(now?.endsWith("[count]") && moves.get(address) === `${address}[0]`);
    });
    expect(lost).toEqual([]);
  });
});
