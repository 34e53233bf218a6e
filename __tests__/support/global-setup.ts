import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
// Plain CommonJS shared with scripts/build-functions.mjs.
const { staleBundles } = require(join(ROOT, "scripts", "functions-fingerprint.cjs")) as {
  staleBundles(root: string): string | undefined;
};

/**
 * Tests under __tests__/functions load the shipped bundles from dist/functions. When they were built from other
 * sources than functions/ holds (or never built), they are rebuilt before any test runs, so a direct `npx jest` after
 * editing a function tests the edit, not the previous build.
 */
export default function rebuildStaleBundles(): void {
  const reason = staleBundles(ROOT);
  if (reason === undefined) return;
  process.stderr.write(`\nRebuilding the function bundles: ${reason}.\n`);
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-functions.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
