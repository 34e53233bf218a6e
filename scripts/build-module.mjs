// Writes the upload flow as a plain Terraform module into terraform/ (its generated files only:
// main.tf.json, assets/, README.md; tests/ is the module's own). Every choice is a module input, so
// one module serves every configuration; the committed copy is checked against a fresh one by
// __tests__/terraform/module-freshness.test.ts.
// Usage, after `npm run build`: node scripts/build-module.mjs [--out DIR]
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "..");
const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, "terraform"));
// The package's own entries (package.json "exports"), as an installed copy would be required.
const { writeTerraformModule, runCommand } = require("cdktf-cognito-uploads/tooling");

runCommand(() => {
  const written = writeTerraformModule(out);
  console.log(`wrote ${written.dir}: ${written.inputs.length} inputs, ${written.outputs.length} outputs`);
});
