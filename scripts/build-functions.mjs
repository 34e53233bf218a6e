// Bundles each Lambda in functions/<name>/handler.ts to dist/functions/<name>/index.js, and zips
// it to dist/functions/<name>.zip with fixed timestamps, so the same source always gives the same
// archive (and the same source_code_hash in a plan). Run directly (`npm run build:functions`) or
// imported by the app command (scripts/app.mjs) when functions/ changed.
import { build } from "esbuild";
import { zipSync } from "fflate";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const { FINGERPRINT_FILE, sourcesFingerprint } = createRequire(import.meta.url)("./functions-fingerprint.cjs");

const root = resolve(import.meta.dirname, "..");
const functionsDir = join(root, "functions");
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** Builds every function's bundle and zip; `log` receives one line per function. */
export async function buildFunctions(log = console.log) {
  // Taken before bundling, so a source edited during the build leaves the bundles stale rather than trusted.
  const fingerprint = sourcesFingerprint(root);
  const names = readdirSync(functionsDir).filter((name) => existsSync(join(functionsDir, name, "handler.ts")));
  for (const name of names) {
    const outdir = join(root, "dist", "functions", name);
    const outfile = join(outdir, "index.js");
    await build({
      entryPoints: [join(functionsDir, name, "handler.ts")],
      outfile,
      bundle: true,
      platform: "node",
      // The oldest runtime the constructs accept (nodejs22.x).
      target: "node22",
      format: "cjs",
      minify: true,
      legalComments: "none",
      // The Lambda Node.js runtime ships AWS SDK v3; Powertools comes from AWS's Powertools layer.
      external: ["@aws-sdk/*", "@aws-lambda-powertools/*"],
      logLevel: "warning",
    });
    const zipFile = join(root, "dist", "functions", `${name}.zip`);
    writeFileSync(zipFile, zipSync({ "index.js": [readFileSync(outfile), { mtime: FIXED_MTIME, level: 9 }] }));
    log(
      `dist/functions/${name}/index.js  ${statSync(outfile).size} bytes; dist/functions/${name}.zip  ${statSync(zipFile).size} bytes`,
    );
  }
  // Tests load these bundles: the fingerprint lets them refuse (or rebuild) bundles of older sources.
  writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildFunctions();
