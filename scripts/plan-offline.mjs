// Prints the Terraform plan of the current configuration (embedded default, UPLOADS_CONFIG,
// UPLOADS_CONFIG_JSON) with mock credentials: no AWS account, no remote state. hashicorp/aws
// comes from a filesystem mirror when one is found (UPLOADS_TF_PROVIDER_MIRROR, or the usual
// plugin folders), else from the registry. Run with `npm run plan:offline` (it builds first).
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "..");
const { App } = require("cdktf");
const { UploadsStack, TerraformRunner, ValidationError, loadConfig, configSourcesFromEnv } = require(join(root, "dist", "modules", "index.js"));
const { runCommand } = require(join(root, "dist", "modules", "tooling", "cli.js"));

runCommand(() => {
  const config = loadConfig(configSourcesFromEnv());
  const outdir = mkdtempSync(join(tmpdir(), "uploads-plan-"));
  let terraform;
  try {
    const app = new App({ outdir, stackTraces: false });
    new UploadsStack(app, config);
    app.synth();
    terraform = new TerraformRunner(join(outdir, "stacks", config.stackName));
    terraform.useLocalState();
    terraform.useMockCredentials();
    terraform.run("init", "-input=false");
    process.stdout.write(terraform.run("plan", "-input=false", "-lock=false", "-refresh=false"));
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    terraform?.cleanup();
    rmSync(outdir, { recursive: true, force: true });
  }
});
