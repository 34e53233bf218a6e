// The fingerprint of everything a Lambda bundle is built from, so a test can tell a bundle that matches the
// sources from one left behind by an earlier build (jest loads dist/functions, not functions/).
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join, relative } = require("node:path");

/** Where build-functions.mjs records the fingerprint of the sources it bundled (outside the published dist/functions). */
const FINGERPRINT_FILE = join("dist", ".functions-fingerprint");

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** SHA-256 over the functions' sources and the build script: paths and contents, in a fixed order. */
function sourcesFingerprint(root) {
  const hash = createHash("sha256");
  const inputs = [...filesUnder(join(root, "functions")), join(root, "scripts", "build-functions.mjs")];
  for (const file of inputs.map((path) => relative(root, path).split("\\").join("/")).sort()) {
    hash.update(`${file}\0`).update(readFileSync(join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

/** Why the bundles under `root`/dist/functions cannot be trusted to be the current sources, or undefined when they can. */
function staleBundles(root) {
  const recorded = join(root, FINGERPRINT_FILE);
  if (!existsSync(recorded)) return `${FINGERPRINT_FILE} is missing: the bundles were not built by "npm run build:functions"`;
  if (readFileSync(recorded, "utf8").trim() !== sourcesFingerprint(root)) {
    return "dist/functions was built from other sources than functions/ holds now";
  }
  return undefined;
}

module.exports = { FINGERPRINT_FILE, sourcesFingerprint, staleBundles };
