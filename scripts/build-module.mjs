// Writes the upload flow as a plain Terraform module (default: dist/terraform-module/).
// Usage, after `npm run build`: node scripts/build-module.mjs [--out DIR]
// Structural options (guests, KMS, versioning, ...) come from the app config (UPLOADS_CONFIG...).
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "..");
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, "dist", "terraform-module"));
// The package's own entries (package.json "exports"), as an installed copy would be required.
const { loadConfig, configSourcesFromEnv } = require("cdktf-cognito-uploads");
const { writeTerraformModule, runCommand } = require("cdktf-cognito-uploads/tooling");

runCommand(() => {
  const written = writeTerraformModule(out, loadConfig(configSourcesFromEnv()));
  console.log(`wrote ${written.dir}: ${written.inputs.length} inputs, ${written.outputs.length} outputs`);
});
