// Packs both flavours of the package from one build: cdktf-cognito-uploads (this folder) and
// cdktn-cognito-uploads (dist/cdktn-package, written by the build). Run with `npm run pack`, which
// builds first; `--out DIR` chooses the folder of the tarballs (default: the project folder).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CDKTN_PACKAGE_DIR } from "./build-cdktn.mjs";

const root = resolve(import.meta.dirname, "..");
const at = process.argv.indexOf("--out");
const out = resolve(at > 0 ? process.argv[at + 1] : root);
mkdirSync(out, { recursive: true });

for (const dir of [root, CDKTN_PACKAGE_DIR]) {
  // The build ran already: --ignore-scripts keeps prepack from building again.
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
      cwd: dir,
      encoding: "utf8",
    }),
  );
  console.log(
    `${packed.name}@${packed.version}: ${relative(process.cwd(), join(out, packed.filename)) || packed.filename} (${packed.entryCount} files, ${packed.size} bytes)`,
  );
}
