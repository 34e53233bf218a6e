// Bundles each Lambda in functions/<name>/handler.ts to dist/functions/<name>/index.js.
import { build } from "esbuild";
import { readdirSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";

const functionsDir = "functions";
const names = readdirSync(functionsDir).filter((name) => existsSync(join(functionsDir, name, "handler.ts")));

for (const name of names) {
  const outfile = join("dist", "functions", name, "index.js");
  await build({
    entryPoints: [join(functionsDir, name, "handler.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    // The Lambda Node.js runtime ships AWS SDK v3.
    external: ["@aws-sdk/*"],
    logLevel: "warning",
  });
  console.log(`${outfile}  ${statSync(outfile).size} bytes`);
}
