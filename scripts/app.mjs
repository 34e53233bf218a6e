// The app command of cdktf.json, so of `cdktf synth`, `diff` and `deploy`. It brings dist/app/ up to
// date and runs the app in this process:
// - main.ts and modules/ are transpiled file by file with esbuild (no type check: `npm test` and
//   `npm run typecheck` run tsc, whose `isolatedModules` keeps every file transpilable alone), and
//   only the files whose size or modification time changed since the last run;
// - the function bundles are rebuilt when a file under functions/ changed;
// - a change to the lockfile, a tsconfig or these scripts rebuilds everything.
// dist/app/ is apart from the package's compiled output (written by tsc with its declarations), so a
// fast synth never leaves untyped output where `npm pack` takes it.
// UPLOADS_APP_LOG=1 prints what was rebuilt to stderr.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const outRoot = join(root, "dist", "app");
const stampFile = join(outRoot, "stamp.json");
const STAMP_VERSION = 1;
/** Files whose change invalidates every output. */
const GLOBAL_INPUTS = ["package-lock.json", "tsconfig.json", "scripts/app.mjs", "scripts/build-functions.mjs"];
const log = process.env.UPLOADS_APP_LOG === "1" ? (line) => process.stderr.write(`app: ${line}\n`) : () => {};

/** `size:mtime` of each TypeScript source under `dirs` (and of the single files among them), by path relative to the root. */
function scan(entries) {
  const found = {};
  for (const entry of entries) {
    const path = join(root, entry);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
          .map((e) => join(e.parentPath, e.name))
      : [path];
    for (const file of files) {
      const stats = statSync(file);
      found[relative(root, file)] = `${stats.size}:${stats.mtimeMs}`;
    }
  }
  return found;
}

const readStamp = () => {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    return stamp.version === STAMP_VERSION ? stamp : undefined;
  } catch {
    return undefined;
  }
};

const changedKeys = (now, before = {}) => Object.keys(now).filter((key) => now[key] !== before[key]);

const previous = readStamp();
const globals = scan(GLOBAL_INPUTS);
const sources = scan(["main.ts", "modules"]);
const functions = scan(["functions"]);
const everything =
  !previous || changedKeys(globals, previous.globals).length > 0 || !existsSync(join(outRoot, "main.js"));

const toTranspile = everything ? Object.keys(sources) : changedKeys(sources, previous.sources);
const removed = everything ? [] : Object.keys(previous.sources).filter((file) => !(file in sources));
const zipsMissing = readdirSync(join(root, "functions")).some(
  (name) =>
    existsSync(join(root, "functions", name, "handler.ts")) &&
    !existsSync(join(root, "dist", "functions", `${name}.zip`)),
);
const rebuildFunctions =
  everything ||
  zipsMissing ||
  changedKeys(functions, previous.functions).length > 0 ||
  Object.keys(previous.functions).some((file) => !(file in functions));

if (everything) rmSync(outRoot, { recursive: true, force: true });
for (const file of removed) rmSync(join(outRoot, file.replace(/\.ts$/, ".js")), { force: true });
if (toTranspile.length > 0) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: toTranspile.map((file) => join(root, file)),
    outbase: root,
    outdir: outRoot,
    bundle: false,
    platform: "node",
    format: "cjs",
    target: "node22",
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  log(`transpiled ${toTranspile.length} file(s)${toTranspile.length <= 5 ? `: ${toTranspile.join(", ")}` : ""}`);
}
if (rebuildFunctions) {
  const { buildFunctions } = await import("./build-functions.mjs");
  await buildFunctions(log);
}
if (toTranspile.length > 0 || removed.length > 0 || rebuildFunctions || everything) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify({ version: STAMP_VERSION, globals, sources, functions })}\n`);
} else {
  log("nothing to build");
}

createRequire(import.meta.url)(join(outRoot, "main.js"));
