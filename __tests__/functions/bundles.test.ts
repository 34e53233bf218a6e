import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundlePath, type FunctionName } from "./support/bundle";

const ROOT = join(__dirname, "..", "..");
const { FINGERPRINT_FILE, sourcesFingerprint, staleBundles } = require(
  join(ROOT, "scripts", "functions-fingerprint.cjs"),
) as {
  FINGERPRINT_FILE: string;
  sourcesFingerprint(root: string): string;
  staleBundles(root: string): string | undefined;
};

/** The mover's budget for its minified bundle (docs/mover.md): what keeps its cold start short. */
const MOVER_BUNDLE_BUDGET_BYTES = 20 * 1000;
const FUNCTIONS: FunctionName[] = ["move-upload", "link-identities", "sweep-oversize"];

describe("the shipped function bundles", () => {
  test("were built from the sources functions/ holds now, which jest's global setup sees to", () => {
    expect(staleBundles(ROOT)).toBeUndefined();
  });

  test.each(FUNCTIONS)("%s is a CommonJS module that exports its handler", (name) => {
    const exported = require(bundlePath(name)) as { handler?: unknown };
    expect(typeof exported.handler).toBe("function");
    expect(readFileSync(bundlePath(name), "utf8")).not.toMatch(/^\s*(import|export)\s/m);
  });

  test(`the mover's minified bundle stays within its budget of ${MOVER_BUNDLE_BUDGET_BYTES / 1000} KB`, () => {
    expect(statSync(bundlePath("move-upload")).size).toBeLessThanOrEqual(MOVER_BUNDLE_BUDGET_BYTES);
  });
});

describe("telling a stale bundle from a current one", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "bundle-fingerprint-"));
    for (const dir of ["functions/move-upload", "scripts", "dist"]) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, "functions", "move-upload", "handler.ts"), "export const handler = async () => 1;\n");
    writeFileSync(join(root, "scripts", "build-functions.mjs"), "// build\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const recordBuild = () => writeFileSync(join(root, FINGERPRINT_FILE), `${sourcesFingerprint(root)}\n`);

  test("trusts bundles built from the current sources", () => {
    recordBuild();
    expect(staleBundles(root)).toBeUndefined();
  });

  test("refuses bundles when a function's source changed after the build", () => {
    recordBuild();
    writeFileSync(join(root, "functions", "move-upload", "handler.ts"), "export const handler = async () => 2;\n");
    expect(staleBundles(root)).toMatch(/built from other sources/);
  });

  test("refuses bundles when a source file was added or the build script changed", () => {
    recordBuild();
    writeFileSync(join(root, "functions", "move-upload", "extra.ts"), "export {};\n");
    expect(staleBundles(root)).toMatch(/built from other sources/);
    recordBuild();
    writeFileSync(join(root, "scripts", "build-functions.mjs"), "// build, minified differently\n");
    expect(staleBundles(root)).toMatch(/built from other sources/);
  });

  test("refuses bundles that no recorded build made", () => {
    expect(staleBundles(root)).toMatch(/is missing/);
  });

  test("tells a renamed source from the same bytes under the old name", () => {
    recordBuild();
    const before = sourcesFingerprint(root);
    rmSync(join(root, "functions", "move-upload", "handler.ts"));
    writeFileSync(join(root, "functions", "move-upload", "main.ts"), "export const handler = async () => 1;\n");
    expect(sourcesFingerprint(root)).not.toBe(before);
  });
});
