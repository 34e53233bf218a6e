import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ROOT } from "../support/build";

/**
 * cdktf.json's app command (scripts/app.mjs, what `cdktf synth`, `diff` and `deploy` run): it
 * transpiles only what changed since its last run and synthesizes what the compiled package
 * synthesizes. Run on a scratch copy of the project, whose sources the tests edit.
 */
describe("the app command of cdktf.json", () => {
  let copy: string;
  let reference: string;
  const TREE = [
    "main.ts",
    "modules",
    "functions",
    "scripts",
    "package.json",
    "package-lock.json",
    "cdktf.json",
    "tsconfig.json",
  ];
  const EDITED = join("modules", "storage", "upload-bucket.ts");

  /** Runs the app command in the copy; returns its log (what it rebuilt), status and the stack's JSON. */
  const synth = (env: Record<string, string> = {}) => {
    const outdir = mkdtempSync(join(copy, "out-"));
    const result = spawnSync(process.execPath, [join(copy, "scripts", "app.mjs")], {
      cwd: copy,
      encoding: "utf8",
      env: {
        ...process.env,
        CDKTF_OUTDIR: outdir,
        UPLOADS_APP_LOG: "1",
        UPLOADS_CONFIG: "",
        UPLOADS_CONFIG_JSON: "",
        ...env,
      },
    });
    const read = () => readFileSync(join(outdir, "stacks", "image-uploads", "cdk.tf.json"), "utf8");
    return { log: result.stderr, status: result.status, json: result.status === 0 ? read() : "" };
  };

  beforeAll(() => {
    ensureBuilt();
    copy = mkdtempSync(join(tmpdir(), "uploads-fast-app-"));
    for (const entry of TREE) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    // What the package's full build (tsc) synthesizes.
    const outdir = join(copy, "reference");
    const result = spawnSync(process.execPath, [join(ROOT, "dist", "main.js")], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir, UPLOADS_CONFIG: "", UPLOADS_CONFIG_JSON: "" },
    });
    expect(result.stderr).toBe("");
    reference = readFileSync(join(outdir, "stacks", "image-uploads", "cdk.tf.json"), "utf8");
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test("on a fresh checkout, transpiles every source and bundles the functions, and synthesizes what the tsc build does", () => {
    const first = synth();
    expect(first.status).toBe(0);
    const sources =
      readdirSync(join(copy, "modules"), { recursive: true }).filter((f) => /(?<!\.d)\.ts$/.test(String(f))).length + 1; // and main.ts
    expect(first.log).toContain(`app: transpiled ${sources} file(s)`);
    expect(first.log).toMatch(/dist\/functions\/move-upload\.zip/);
    expect(first.json).toBe(reference);
  }, 60_000);

  test("with nothing changed, builds nothing", () => {
    const again = synth();
    expect(again.log).toBe("app: nothing to build\n");
    expect(again.json).toBe(reference);
  }, 60_000);

  test("after an edit to one construct, transpiles that file alone and synthesizes the edited code", () => {
    const file = join(copy, EDITED);
    const source = readFileSync(file, "utf8");
    expect(source).toContain("const ABORT_MULTIPART_AFTER_DAYS = 1;");
    writeFileSync(
      file,
      source.replace("const ABORT_MULTIPART_AFTER_DAYS = 1;", "const ABORT_MULTIPART_AFTER_DAYS = 4;"),
    );
    const edited = synth();
    expect(edited.log).toBe(`app: transpiled 1 file(s): ${EDITED}\n`);
    expect(reference.split('"days_after_initiation": 1')).toHaveLength(2);
    expect(edited.json).toBe(reference.replace('"days_after_initiation": 1', '"days_after_initiation": 4'));
    writeFileSync(file, source);
    expect(synth().json).toBe(reference);
  }, 60_000);

  test("after an edit under functions/, rebuilds the function bundles and nothing else", () => {
    appendFileSync(join(copy, "functions", "move-upload", "handler.ts"), "\n// edited\n");
    const edited = synth();
    expect(edited.log).not.toContain("transpiled");
    expect(edited.log).toMatch(/dist\/functions\/move-upload\.zip/);
    expect(edited.json).toBe(reference); // a comment: the minified bundle, so the zip, is the same
  }, 60_000);

  test("stops an invalid configuration with its message alone and exit status 1", () => {
    const result = synth({ UPLOADS_CONFIG_JSON: '{"allowedOrigins":["*"]}' });
    expect(result.status).toBe(1);
    expect(result.log).toMatch(
      /^app: nothing to build\nInvalid configuration:\n {2}- allowedOrigins\.0: must be origins/,
    );
    expect(result.log).not.toMatch(/^\s+at /m);
  }, 60_000);
});
