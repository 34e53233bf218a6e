// Prints the Terraform plan of the current configuration (embedded default, UPLOADS_CONFIG,
// UPLOADS_CONFIG_JSON) with mock credentials: no AWS account, no remote state. hashicorp/aws
// comes from a filesystem mirror when one is found (UPLOADS_TF_PROVIDER_MIRROR, or the usual
// plugin folders), else from the registry. Run with `npm run plan:offline` (it builds first).
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { App } = require("cdktf");
// The package's own entries (package.json "exports"), as an installed copy would be required.
const { UploadsStack, loadConfig, configSourcesFromEnv, ValidationError } = require("cdktf-cognito-uploads");
const { TerraformRunner, runCommand } = require("cdktf-cognito-uploads/tooling");

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
