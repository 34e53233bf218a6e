// Synthesizes the default stack with the compiled app, and the same app rewritten to import the
// provider bindings through their barrel (`require("@cdktf/provider-aws")`), in one run, and
// prints wall time and peak memory of each, medians over alternating runs, with the ratio.
// Run with `npm run bench:synth` (it builds first). Optional: BENCH_RUNS=7.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const barrelDir = join(root, "dist-bench-barrel");
const scratch = mkdtempSync(join(tmpdir(), "uploads-bench-"));

/** `./s3-bucket` → `s3Bucket`, read from the barrel itself so the names are the package's own. */
function barrelNames() {
  const index = readFileSync(join(root, "node_modules/@cdktf/provider-aws/lib/index.js"), "utf8");
  return new Map(
    [...index.matchAll(/exports\.(\w+) = require\("\.\/([\w-]+)"\);/g)].map(([, name, file]) => [file, name]),
  );
}

function writeBarrelVariant() {
  rmSync(barrelDir, { recursive: true, force: true });
  cpSync(join(root, "dist"), barrelDir, { recursive: true, filter: (src) => !src.includes(join("dist", "functions")) });
  const names = barrelNames();
  let rewritten = 0;
  for (const file of readdirSync(join(barrelDir, "modules"), { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".js"),
  )) {
    const path = join(barrelDir, "modules", file);
    const source = readFileSync(path, "utf8").replace(/require\("@cdktf\/provider-aws\/lib\/([\w-]+)"\)/g, (_, lib) => {
      rewritten++;
      return `require("@cdktf/provider-aws").${names.get(lib)}`;
    });
    writeFileSync(path, source);
  }
  if (rewritten === 0) throw new Error("no deep provider imports found to rewrite");
  return rewritten;
}

/** Runs one synth in a fresh process; returns wall milliseconds and the process's peak RSS in MB. */
function synthOnce(mainJs) {
  const outdir = join(scratch, `out-${Math.random().toString(36).slice(2)}`);
  const reporter = join(scratch, "report-peak-rss.cjs");
  const started = performance.now();
  const stdout = execFileSync(process.execPath, ["--require", reporter, mainJs], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  rmSync(outdir, { recursive: true, force: true });
  const peakKb = Number(/peak-rss-kb=(\d+)/.exec(stdout)?.[1]);
  return { wallMs, peakMb: peakKb / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  writeFileSync(
    join(scratch, "report-peak-rss.cjs"),
    'process.on("exit", () => process.stdout.write(`peak-rss-kb=${process.resourceUsage().maxRSS}\\n`));\n',
  );
  const rewritten = writeBarrelVariant();
  const variants = {
    "deep imports (shipped)": join(root, "dist", "main.js"),
    "barrel import": join(barrelDir, "main.js"),
  };
  const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  synthOnce(variants["deep imports (shipped)"]); // warm the file cache once for both
  for (let run = 0; run < runs; run++) {
    for (const [name, mainJs] of Object.entries(variants)) results[name].push(synthOnce(mainJs));
  }
  const rows = Object.entries(results).map(([name, samples]) => ({
    name,
    wallMs: median(samples.map((s) => s.wallMs)),
    peakMb: median(samples.map((s) => s.peakMb)),
  }));
  const [deep, barrel] = rows;
  console.log(
    `synth of the default stack, ${runs} alternating runs each, medians (node ${process.version}; ${rewritten} provider imports rewritten for the barrel variant)`,
  );
  console.log(`${"variant".padEnd(24)} ${"wall ms".padStart(9)} ${"peak MB".padStart(9)}`);
  for (const row of rows)
    console.log(`${row.name.padEnd(24)} ${row.wallMs.toFixed(0).padStart(9)} ${row.peakMb.toFixed(0).padStart(9)}`);
  console.log(
    `ratio deep/barrel: wall ${(deep.wallMs / barrel.wallMs).toFixed(2)}x, peak memory ${(deep.peakMb / barrel.peakMb).toFixed(2)}x`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(barrelDir, { recursive: true, force: true });
}
