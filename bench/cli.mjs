// Times `cdktf synth` of the default stack in one run, medians over rounds, beside the CLI's own floor:
//   floor      the CLI with an app that builds nothing: `--app "node dist/main.js"` on a prebuilt dist/
//   unchanged  cdktf.json's app command on a tree where nothing changed since the last synth
//   edited     cdktf.json's app command after editing one construct (a comment appended to it)
// and the prebuilt app alone, without the CLI; for reference, the former app command (a full `tsc` build before
// every synth, `npm run --silent build && node dist/main.js`), unchanged and edited. `cdktf diff` and `deploy`
// run the same app command.
// It works on a scratch copy of the project (node_modules linked), so the edits never touch the
// checkout. Run with `npm run bench:cli`. Optional: BENCH_RUNS=5, BENCH_EDIT=modules/storage/upload-bucket.ts.
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const edited = process.env.BENCH_EDIT ?? "modules/storage/upload-bucket.ts";
const scratch = mkdtempSync(join(tmpdir(), "uploads-bench-cli-"));
const TREE = [
  "main.ts",
  "modules",
  "functions",
  "terraform",
  "scripts",
  "package.json",
  "package-lock.json",
  "cdktf.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "LICENSE",
];
/** The app command before scripts/app.mjs: the package's whole build on every synth. */
const FULL_BUILD_APP = "npm run --silent build && node dist/main.js";
const cli = join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" };

/** Runs `command` in the scratch copy and returns its wall time in milliseconds. */
function timed(command, args) {
  const started = performance.now();
  execFileSync(command, args, { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - started;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  for (const entry of TREE)
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(scratch, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
  // The floor's prebuilt app: the package's full build (tsc and the function bundles).
  execFileSync("npm", ["run", "--silent", "build"], { cwd: scratch, env, stdio: ["ignore", "ignore", "inherit"] });
  const appCommand = JSON.parse(readFileSync(join(scratch, "cdktf.json"), "utf8")).app;
  const variants = {
    floor: () => timed(process.execPath, [cli, "synth", "--app", "node dist/main.js"]),
    unchanged: () => timed(process.execPath, [cli, "synth"]),
    edited: () => {
      appendFileSync(join(scratch, edited), `// bench edit ${performance.now()}\n`);
      return timed(process.execPath, [cli, "synth"]);
    },
    "app alone": () => timed(process.execPath, ["dist/main.js"]),
    "full build, unchanged": () => timed(process.execPath, [cli, "synth", "--app", FULL_BUILD_APP]),
    "full build, edited": () => {
      appendFileSync(join(scratch, edited), `// bench edit ${performance.now()}\n`);
      return timed(process.execPath, [cli, "synth", "--app", FULL_BUILD_APP]);
    },
  };
  // Warm the file cache and bring the app command's own output up to date once.
  for (const run of Object.values(variants)) run();
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    // `edited` must come right before `unchanged`; the floor moves from last to first every other round.
    const order =
      round % 2
        ? ["floor", "edited", "unchanged", "app alone", "full build, edited", "full build, unchanged"]
        : ["full build, edited", "full build, unchanged", "edited", "unchanged", "floor", "app alone"];
    for (const name of order) samples[name].push(variants[name]());
  }
  const floor = median(samples.floor);
  const describe = {
    floor: 'CLI floor: --app "node dist/main.js", prebuilt',
    unchanged: "cdktf synth, nothing changed",
    edited: `cdktf synth, ${edited} edited`,
    "app alone": "node dist/main.js, no CLI",
    "full build, unchanged": "former app command (full build), nothing changed",
    "full build, edited": `former app command (full build), ${edited} edited`,
  };
  const version = execFileSync(process.execPath, [cli, "--version"], {
    cwd: scratch,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .trim()
    .split("\n")[0];
  console.log(
    `cdktf synth of the default stack, ${runs} rounds, medians (node ${process.version}, cdktf-cli ${version})`,
  );
  console.log(`app command: ${appCommand}`);
  const width = Math.max(...Object.values(describe).map((text) => text.length)) + 1;
  console.log(`${"variant".padEnd(width)} ${"wall ms".padStart(8)} ${"x floor".padStart(8)}`);
  for (const name of Object.keys(describe)) {
    const value = median(samples[name]);
    console.log(
      `${describe[name].padEnd(width)} ${value.toFixed(0).padStart(8)} ${(value / floor).toFixed(2).padStart(8)}`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
