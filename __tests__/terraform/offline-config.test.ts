import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AWS_PROVIDER_VERSION_RANGE } from "../../modules/stack/uploads-stack";
import { cliConfig, findProviderMirror, MIRROR_ENV, OLDEST_AWS_PROVIDER, oldestOf } from "../support/terraform";

describe("offline Terraform configuration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "uploads-mirror-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("uses the mirror named by the environment when it holds hashicorp/aws", () => {
    mkdirSync(join(dir, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    expect(findProviderMirror({ [MIRROR_ENV]: dir })).toBe(dir);
  });

  test("rejects a named mirror without the provider, naming the variable", () => {
    expect(() => findProviderMirror({ [MIRROR_ENV]: join(dir, "empty") })).toThrow(
      `${MIRROR_ENV}=${join(dir, "empty")} holds no`,
    );
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

  test("validates against the lower bound of the provider range the stacks declare", () => {
    expect(AWS_PROVIDER_VERSION_RANGE).toMatch(new RegExp(`^>= ${OLDEST_AWS_PROVIDER.replace(/\./g, "\\.")},`));
    expect(oldestOf(">= 5.100.0, < 7.0.0")).toBe("5.100.0");
    expect(oldestOf("< 7.0.0, >= 6.2.1")).toBe("6.2.1");
    expect(() => oldestOf("~> 6.0")).toThrow(/names no lower bound/);
  });
});
