import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The repository's root folder. */
export const ROOT = join(__dirname, "..", "..");

/** Whether any source of the package or the app is newer than the compiled output or a function zip. */
export function buildIsStale(): boolean {
  const newest = (dir: string, filter: (name: string) => boolean): number =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && filter(entry.name))
      .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
  const outputs = [
    "dist/main.js",
    "dist/modules/index.js",
    "dist/functions/move-upload.zip",
    "dist/functions/link-identities.zip",
    "dist/cdktn-package/package.json",
  ].map((file) => join(ROOT, file));
  if (!outputs.every(existsSync)) return true;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(
    statSync(join(ROOT, "main.ts")).mtimeMs,
    newest(join(ROOT, "modules"), (n) => n.endsWith(".ts")),
    newest(join(ROOT, "functions"), (n) => n.endsWith(".ts")),
  );
  return newestSource > oldestOutput;
}

/** Builds the package unless the compiled output is newer than its sources (`npm test` has just built it). */
export function ensureBuilt(): void {
  if (buildIsStale()) execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "ignore" });
}
