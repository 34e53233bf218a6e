// Entry of `npm run sandbox`: builds the function bundles (as `npm run build:functions` does, so the sandbox runs
// the code that would ship), bundles the sandbox (see build.mjs), then runs its command line in this process.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSandbox, root } from "./build.mjs";

// The functions' build script works relative to the project folder.
const cwd = process.cwd();
process.chdir(root);
await import(pathToFileURL(join(root, "scripts", "build-functions.mjs")).href);
process.chdir(cwd);
const { cli } = await buildSandbox();
createRequire(import.meta.url)(cli);
