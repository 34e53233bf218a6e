import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliConfig, findProviderMirror, MIRROR_ENV } from "../support/terraform";

describe("offline Terraform configuration", () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "uploads-mirror-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("uses the mirror named by the environment when it holds hashicorp/aws", () => {
    mkdirSync(join(dir, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    expect(findProviderMirror({ [MIRROR_ENV]: dir })).toBe(dir);
  });

  test("rejects a named mirror without the provider, naming the variable", () => {
    expect(() => findProviderMirror({ [MIRROR_ENV]: join(dir, "empty") })).toThrow(`${MIRROR_ENV}=${join(dir, "empty")} holds no`);
  });

  test("installs hashicorp/aws from the mirror only, and everything else directly", () => {
    const config = cliConfig("/srv/mirror");
    expect(config).toContain('path    = "/srv/mirror"');
    expect(config).toMatch(/filesystem_mirror \{[^}]*include = \["registry\.terraform\.io\/hashicorp\/aws"\]/);
    expect(config).toMatch(/direct \{\s*exclude = \["registry\.terraform\.io\/hashicorp\/aws"\]/);
  });

  test("falls back to the registry without a mirror", () => {
    expect(cliConfig(undefined)).toBe("");
  });
});
