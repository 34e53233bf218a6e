// Installs, once per machine, the toolchain of a CDK Terrain app that uses the cdktn package:
// cdktn, @cdktn/provider-aws and constructs in that package's peer ranges (npm refuses ranges that
// cdktn's own peers do not accept) and the project's TypeScript. .ci/run runs it; the package tests
// (__tests__/package/twin-packages.test.ts) call it and find it installed. The folder is keyed by
// the ranges, under UPLOADS_TOOLCHAINS or ~/.cache/cdktf-cognito-uploads/toolchains.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CDKTN_PEERS } from "./build-cdktn.mjs";

const root = resolve(import.meta.dirname, "..");

/** The dependencies of the toolchain's package.json. */
export function cdktnToolchainDependencies() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return { ...CDKTN_PEERS, typescript: manifest.devDependencies.typescript };
}

/** The toolchain's folder, whether installed or not. */
export function cdktnToolchainDir(env = process.env) {
  const dependencies = cdktnToolchainDependencies();
  const key = createHash("sha256").update(JSON.stringify(dependencies)).digest("hex").slice(0, 12);
  const base = env.UPLOADS_TOOLCHAINS || join(homedir(), ".cache", "cdktf-cognito-uploads", "toolchains");
  return join(base, `cdktn-${key}`);
}

/** Installs the toolchain unless it is there; returns its folder. */
export function ensureCdktnToolchain(log = console.log) {
  const dir = cdktnToolchainDir();
  if (existsSync(join(dir, "node_modules", ".package-lock.json"))) return dir;
  mkdirSync(join(dir, ".."), { recursive: true });
  // Installed beside and moved into place, so a run that stops halfway or a second one at the same time leaves no half toolchain.
  const staging = mkdtempSync(`${dir}.installing-`);
  try {
    const manifest = { name: "cdktn-toolchain", private: true, dependencies: cdktnToolchainDependencies() };
    writeFileSync(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    log(`installing the CDK Terrain toolchain into ${dir} (once per machine)`);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: staging,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(join(dir, "node_modules", ".package-lock.json"))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --dir: print the folder alone (for the tests), with the install's messages on stderr.
  const dirOnly = process.argv.includes("--dir");
  const dir = ensureCdktnToolchain(dirOnly ? console.error : console.log);
  if (dirOnly) {
    console.log(dir);
    process.exit(0);
  }
  const versions = ["cdktn", "@cdktn/provider-aws", "constructs", "typescript"].map(
    (name) => `${name} ${JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version}`,
  );
  console.log(`CDK Terrain toolchain: ${versions.join(", ")} (${dir})`);
}
