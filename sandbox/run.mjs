// Entry of `npm run sandbox`: builds the function bundles when their sources changed since the last build (as
// `npm run build:functions` does, so the sandbox runs the code that would ship), bundles the sandbox (see build.mjs),
// then runs its command line in this process.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSandbox, root } from "./build.mjs";

const newest = (folder) => Math.max(0, ...readdirSync(folder, { withFileTypes: true }).map((entry) =>
  entry.isDirectory() ? newest(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs));
const bundles = readdirSync(join(root, "functions")).map((name) => join(root, "dist", "functions", name, "index.js"));
const stale = bundles.some((bundle) => !existsSync(bundle) || statSync(bundle).mtimeMs < newest(join(root, "functions")));
if (stale) {
  // The functions' build script works relative to the project folder.
  const cwd = process.cwd();
  process.chdir(root);
  await import(pathToFileURL(join(root, "scripts", "build-functions.mjs")).href);
  process.chdir(cwd);
}
const { cli } = await buildSandbox();
createRequire(import.meta.url)(cli);
