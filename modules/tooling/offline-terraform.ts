/**
 * Running Terraform on synthesized configurations without an AWS account: a CLI configuration that
 * takes hashicorp/aws from a filesystem mirror when one is present, and provider settings with mock
 * credentials. Used by `npm run plan:offline` and by the tests.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** Environment variable naming a Terraform provider filesystem mirror holding hashicorp/aws. */
export const MIRROR_ENV = "UPLOADS_TF_PROVIDER_MIRROR";
const AWS_PROVIDER_PATH = join("registry.terraform.io", "hashicorp", "aws");

/** Whether a `terraform` binary answers on the PATH. */
export function terraformAvailable(): boolean {
  return spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
}

/**
 * A filesystem mirror of hashicorp/aws: the folder named by UPLOADS_TF_PROVIDER_MIRROR, else the
 * first usual plugin folder (or a folder under /opt, where machine images keep optional software)
 * that holds the provider; undefined means Terraform downloads it from the registry.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[MIRROR_ENV];
  if (configured) {
    if (!existsSync(join(configured, AWS_PROVIDER_PATH))) {
      throw new Error(`${MIRROR_ENV}=${configured} holds no ${AWS_PROVIDER_PATH} folder`);
    }
    return configured;
  }
  const optFolders = existsSync("/opt") ? readdirSync("/opt").map((name) => join("/opt", name)) : [];
  const candidates = [
    join(homedir(), ".terraform.d", "plugins"),
    join(homedir(), ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    ...optFolders,
  ];
  return candidates.find((folder) => existsSync(join(folder, AWS_PROVIDER_PATH)));
}

/** A Terraform CLI configuration that installs hashicorp/aws from `mirror` only, or the default one without a mirror. */
export function cliConfig(mirror: string | undefined): string {
  if (!mirror) return "";
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    "  }",
    "  direct {",
    '    exclude = ["registry.terraform.io/hashicorp/aws"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * Where Terraform runs without a mirror keep the providers they download (TF_PLUGIN_CACHE_DIR, else
 * ~/.terraform.d/plugin-cache), so hashicorp/aws is downloaded once per machine, not once per run.
 */
export function pluginCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TF_PLUGIN_CACHE_DIR || join(env.HOME || homedir(), ".terraform.d", "plugin-cache");
}

/** Provider settings that let `terraform plan` run with no AWS account, credentials or network. */
export const MOCK_PROVIDER_OVERRIDE = {
  provider: {
    aws: {
      access_key: "mock-access-key",
      secret_key: "mock-secret-key",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    },
  },
};

/** Runs Terraform in a working folder with its own CLI configuration; `cleanup` removes the configuration. */
export class TerraformRunner {
  private readonly configDir: string;
  /** The environment Terraform runs with (its CLI configuration and automation settings). */
  public readonly environment: NodeJS.ProcessEnv;

  /**
   * @param workdir the configuration's folder
   * @param mirror a filesystem mirror of hashicorp/aws, or null for none @default - {@link findProviderMirror}
   */
  constructor(
    public readonly workdir: string,
    mirror: string | null = findProviderMirror() ?? null,
  ) {
    this.configDir = mkdtempSync(join(tmpdir(), "uploads-tfrc-"));
    const configFile = join(this.configDir, "terraform.rc");
    writeFileSync(configFile, cliConfig(mirror ?? undefined));
    // From a mirror, init links the provider in place; without one, the runs share one download.
    const pluginCache = mirror ? undefined : pluginCacheDir();
    if (pluginCache) mkdirSync(pluginCache, { recursive: true });
    this.environment = {
      ...process.env,
      TF_CLI_CONFIG_FILE: configFile,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      ...(pluginCache ? { TF_PLUGIN_CACHE_DIR: pluginCache } : {}),
    };
  }

  /** Runs `terraform <args>` and returns its standard output; throws with Terraform's own message on failure. */
  run(...args: string[]): string {
    try {
      return execFileSync("terraform", [...args, "-no-color"], {
        cwd: this.workdir,
        env: this.environment,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`terraform ${args.join(" ")} failed:\n${stderr ?? ""}\n${stdout ?? ""}`);
    }
  }

  /** `run` without blocking: Terraform runs of several folders can go side by side. */
  runAsync(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        "terraform",
        [...args, "-no-color"],
        { cwd: this.workdir, env: this.environment, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`terraform ${args.join(" ")} failed:\n${stderr ?? ""}\n${stdout ?? ""}`));
          else resolve(stdout);
        },
      );
    });
  }

  /** Adds the mock-credential provider override next to the configuration. */
  useMockCredentials(): void {
    writeFileSync(
      join(this.workdir, "mock_provider_override.tf.json"),
      JSON.stringify(MOCK_PROVIDER_OVERRIDE, null, 2),
    );
  }

  /** Keeps state local for this run, whatever backend the configuration names (no remote state is read). */
  useLocalState(): void {
    writeFileSync(
      join(this.workdir, "local_backend_override.tf.json"),
      JSON.stringify({ terraform: { backend: { local: {} } } }, null, 2),
    );
  }

  cleanup(): void {
    rmSync(this.configDir, { recursive: true, force: true });
  }
}
