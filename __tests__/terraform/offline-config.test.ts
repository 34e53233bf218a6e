import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AWS_PROVIDER_VERSION_RANGE } from "../../modules/stack/uploads-stack";
import {
  cliConfig,
  findProviderMirror,
  MIRROR_ENV,
  OLDEST_AWS_PROVIDER,
  oldestOf,
  pluginCacheDir,
  TerraformRunner,
} from "../support/terraform";

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

  test("without a mirror, every run shares one plugin cache, so the provider is downloaded once per machine", () => {
    // The default cache is under the home folder; this one's stands in for it.
    const saved = { HOME: process.env.HOME, TF_PLUGIN_CACHE_DIR: process.env.TF_PLUGIN_CACHE_DIR };
    process.env.HOME = dir;
    delete process.env.TF_PLUGIN_CACHE_DIR;
    const runners = [new TerraformRunner(join(dir, "a"), null), new TerraformRunner(join(dir, "b"), null)];
    try {
      const cache = join(dir, ".terraform.d", "plugin-cache");
      expect(runners.map((runner) => runner.environment.TF_PLUGIN_CACHE_DIR)).toEqual([cache, cache]);
      expect(existsSync(cache)).toBe(true);
      expect(pluginCacheDir({ TF_PLUGIN_CACHE_DIR: "/srv/cache" })).toBe("/srv/cache");
    } finally {
      for (const runner of runners) runner.cleanup();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test("with a mirror, runs link the mirrored provider and keep no cache of their own", () => {
    const runner = new TerraformRunner(join(dir, "c"), dir);
    try {
      expect(runner.environment.TF_PLUGIN_CACHE_DIR).toBe(process.env.TF_PLUGIN_CACHE_DIR);
      expect(readFileSync(runner.environment.TF_CLI_CONFIG_FILE!, "utf8")).toBe(cliConfig(dir));
    } finally {
      runner.cleanup();
    }
  });
});
