// Writes uploads-config.json from the deployed stack's outputs (`terraform output -json`).
// Usage, after `npm run build` and a deploy: node scripts/write-frontend-config.mjs [--stack-dir DIR] [--out FILE]
// The stack folder defaults to cdktf.out/stacks/<stackName of the current config>.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "..");
// The package's own entries (package.json "exports"), as an installed copy would be required.
const { loadConfig, configSourcesFromEnv } = require("cdktf-cognito-uploads");
const { frontendConfigFromOutputs, runCommand } = require("cdktf-cognito-uploads/tooling");

const arg = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
let stackDir;
runCommand(() => {
  stackDir = resolve(
    arg("--stack-dir") ?? join(root, "cdktf.out", "stacks", loadConfig(configSourcesFromEnv()).stackName),
  );
});
if (stackDir === undefined) process.exit(1);
const out = resolve(arg("--out") ?? "uploads-config.json");

let outputs;
try {
  outputs = JSON.parse(
    execFileSync("terraform", ["output", "-json"], {
      cwd: stackDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
} catch (error) {
  console.error(`terraform output failed in ${stackDir}: ${error.stderr || error.message}`);
  process.exit(1);
}
try {
  writeFileSync(out, `${JSON.stringify(frontendConfigFromOutputs(outputs), null, 2)}\n`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`wrote ${out}`);
