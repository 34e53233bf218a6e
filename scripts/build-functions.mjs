// Bundles each Lambda in functions/<name>/handler.ts to dist/functions/<name>/index.js, and zips
// it to dist/functions/<name>.zip with fixed timestamps, so the same source always gives the same
// archive (and the same source_code_hash in a plan).
import { build } from "esbuild";
import { zipSync } from "fflate";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const { FINGERPRINT_FILE, sourcesFingerprint } = createRequire(import.meta.url)("./functions-fingerprint.cjs");

const functionsDir = "functions";
// Taken before bundling, so a source edited during the build leaves the bundles stale rather than trusted.
const fingerprint = sourcesFingerprint(".");
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");
const names = readdirSync(functionsDir).filter((name) => existsSync(join(functionsDir, name, "handler.ts")));

for (const name of names) {
  const outdir = join("dist", "functions", name);
  const outfile = join(outdir, "index.js");
  await build({
    entryPoints: [join(functionsDir, name, "handler.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    // The Lambda Node.js runtime ships AWS SDK v3; Powertools comes from AWS's Powertools layer.
    external: ["@aws-sdk/*", "@aws-lambda-powertools/*"],
    logLevel: "warning",
  });
  const zipFile = join("dist", "functions", `${name}.zip`);
  writeFileSync(zipFile, zipSync({ "index.js": [readFileSync(outfile), { mtime: FIXED_MTIME, level: 9 }] }));
  console.log(`${outfile}  ${statSync(outfile).size} bytes; ${zipFile}  ${statSync(zipFile).size} bytes`);
}
// Tests load these bundles: the fingerprint lets them refuse (or rebuild) bundles of older sources.
writeFileSync(FINGERPRINT_FILE, `${fingerprint}\n`);
