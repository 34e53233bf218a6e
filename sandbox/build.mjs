// Bundles the sandbox's TypeScript (and the modules it synthesizes with) into dist/sandbox/ with esbuild, which
// takes a fraction of a second: cli.js for `npm run sandbox`, index.js for scripts such as bench/flow.mjs.
import { build } from "esbuild";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");

/** Builds dist/sandbox/{cli,index}.js and returns their paths. */
export async function buildSandbox() {
  const outdir = join(root, "dist", "sandbox");
  await build({
    entryPoints: { cli: join(root, "sandbox", "cli.ts"), index: join(root, "sandbox", "index.ts") },
    outdir,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    packages: "external",
    logLevel: "warning",
  });
  return { cli: join(outdir, "cli.js"), index: join(outdir, "index.js") };
}
