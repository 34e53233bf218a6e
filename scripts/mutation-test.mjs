// `npm run test:mutation`: Stryker over functions/ and the security rules (stryker.config.mjs), one area after the
// other, then the score per file and per area, failing under the area thresholds. `--area functions` or
// `--area rules` runs one area (the report still shows the other's last results); other arguments go to
// `stryker run` (e.g. --force).
// One cognito-local serves every test run of the mutation run (each test file makes its own user pool): started per
// run, it would cost a second or two for each of the thousands of runs.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { existsSync } from "node:fs";
import { AREAS, areaThresholds } from "../stryker.config.mjs";

const root = resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const reportOf = (area) => join(root, "reports", "mutation", `${area}.json`);
const args = process.argv.slice(2);
const areaArg = args.indexOf("--area");
const areas = areaArg >= 0 ? [args[areaArg + 1]] : Object.keys(AREAS);
if (areaArg >= 0) args.splice(areaArg, 2);

async function startCognitoLocal() {
  const dataDir = mkdtempSync(join(tmpdir(), "mutation-cognito-local-"));
  mkdirSync(join(dataDir, ".cognito"));
  writeFileSync(
    join(dataDir, ".cognito", "config.json"),
    JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  const server = spawn(process.execPath, [require.resolve("cognito-local/lib/bin/start.js")], {
    cwd: dataDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DEBUG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const endpoint = await new Promise((resolveEndpoint, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start:\n${output}`)), 15_000);
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveEndpoint(match[1]);
      }
    });
    server.stderr.on("data", (chunk) => (output += chunk));
    server.once("exit", (code) => reject(new Error(`cognito-local exited with ${code}:\n${output}`)));
  }).catch((error) => {
    stop();
    throw error;
  });
  return { endpoint, stop };
}

function runStryker(env) {
  return new Promise((resolveCode) => {
    const stryker = spawn(
      process.execPath,
      [join(root, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js"), "run", ...args],
      {
        cwd: root,
        env,
        stdio: "inherit",
      },
    );
    stryker.once("exit", (code) => resolveCode(code ?? 1));
  });
}

/** Stryker's mutation score: detected (killed or timed out) over detected and undetected (survived, no coverage). */
function tally(mutants) {
  const count = (...statuses) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
  const detected = count("Killed", "Timeout");
  const valid = detected + count("Survived", "NoCoverage");
  return {
    detected,
    valid,
    survived: count("Survived"),
    noCoverage: count("NoCoverage"),
    ignored: count("Ignored"),
    score: valid === 0 ? 100 : (100 * detected) / valid,
  };
}

function report() {
  const files = Object.assign(
    {},
    ...Object.keys(AREAS)
      .filter((area) => existsSync(reportOf(area)))
      .map((area) => JSON.parse(readFileSync(reportOf(area), "utf8")).files),
  );
  const line = (name, t) =>
    `${name.padEnd(64)} ${t.score.toFixed(2).padStart(6)}%  ${String(t.detected).padStart(4)}/${String(t.valid).padEnd(4)}  ` +
    `survived ${String(t.survived).padStart(3)}  no coverage ${String(t.noCoverage).padStart(3)}  ignored ${t.ignored}`;
  let failed = false;
  for (const [area, threshold] of Object.entries(areaThresholds)) {
    const inArea = Object.entries(files)
      .filter(([name]) => name.startsWith(area))
      .sort(([a], [b]) => a.localeCompare(b));
    console.log(`\n${area}`);
    for (const [name, file] of inArea) console.log(line(`  ${name}`, tally(file.mutants)));
    const total = tally(inArea.flatMap(([, file]) => file.mutants));
    console.log(line(`  all of ${area}`, total));
    if (total.score < threshold) {
      console.log(`  ${area}: mutation score ${total.score.toFixed(2)}% is under the threshold of ${threshold}%`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

const cognito = await startCognitoLocal();
const codes = [];
try {
  for (const area of areas) {
    const started = Date.now();
    codes.push(
      await runStryker({ ...process.env, MUTATION_AREA: area, TEST_COGNITO_LOCAL_ENDPOINT: cognito.endpoint }),
    );
    console.log(`\nMutation run of ${area}: ${((Date.now() - started) / 60_000).toFixed(1)} minutes`);
  }
} finally {
  cognito.stop();
}
// Stryker exits 1 when the score is under thresholds.break; anything else is an error of the run itself.
const failedRun = codes.find((code) => code !== 0 && code !== 1);
const scoreCode = report();
process.exit(failedRun ?? (codes.includes(1) ? 1 : scoreCode));
