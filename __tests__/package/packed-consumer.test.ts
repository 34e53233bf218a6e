import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensureBuilt, ROOT } from "../support/build";

const EXAMPLE = join(ROOT, "examples", "cdktf-consumer");
/** Resolved from this checkout, as npm would install them for the consumer (no network here). */
const LINKED_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-aws", "zod", "typescript"];

describe("the packed npm package", () => {
  let work: string;
  let consumer: string;
  let packedFiles: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "uploads-pack-"));
    // The build prepack runs, done apart so its output does not mix with pack's JSON, and only when
    // the compiled output is older than its sources (`npm test` has just built it).
    ensureBuilt();
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    packedFiles = packed.files.map((f: { path: string }) => f.path);
    consumer = join(work, "consumer");
    const installed = join(consumer, "node_modules", "cdktf-cognito-uploads");
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", join(work, packed.filename), "-C", installed, "--strip-components=1"]);
    for (const name of LINKED_PACKAGES) {
      const link = join(consumer, "node_modules", name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", name), link, "dir");
    }
    for (const file of ["main.ts", "tsconfig.json", "package.json"])
      copyFileSync(join(EXAMPLE, file), join(consumer, file));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("ships the compiled constructs, their types and the Lambda bundles, and no sources or tests", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "dist/modules/index.js",
        "dist/modules/index.d.ts",
        "dist/modules/tooling/index.js",
        "dist/modules/tooling/index.d.ts",
        "dist/modules/rules/index.js",
        "dist/functions/move-upload.zip",
        "README.md",
        "LICENSE",
        "package.json",
      ]),
    );
    expect(
      packedFiles.filter((f) => /^(__tests__|modules|functions|scripts)\/|\.ts$/.test(f) && !f.endsWith(".d.ts")),
    ).toEqual([]);
  });

  test("resolves each entry of its exports in the installed copy, and no other path", () => {
    const committedValues = (list: string) =>
      readFileSync(join(ROOT, "__tests__", "fixtures", "public-api", list), "utf8")
        .split("\n")
        .filter((line) => /^(class|function|const) /.test(line))
        .map((line) => line.split(" ")[1])
        .sort();
    const script = [
      "const names = (entry) => Object.keys(require(entry)).sort();",
      'let deep; try { require("cdktf-cognito-uploads/dist/modules/tooling/offline-terraform"); deep = "loaded"; } catch (error) { deep = error.code; }',
      'console.log(JSON.stringify({ root: names("cdktf-cognito-uploads"), tooling: names("cdktf-cognito-uploads/tooling"), rules: names("cdktf-cognito-uploads/rules"), deep }));',
    ].join("\n");
    const entries = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" }));
    expect(entries.root).toEqual(committedValues("index.txt"));
    expect(entries.tooling).toEqual(committedValues("tooling.txt"));
    expect(entries.rules).toEqual(expect.arrayContaining(["allRules", "runRules", "parseSuppression"]));
    expect(entries.deep).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  test("type-checks a consumer app against the package's exports", () => {
    execFileSync(process.execPath, [join(consumer, "node_modules", "typescript", "bin", "tsc"), "-p", consumer], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(existsSync(join(consumer, "dist", "main.js"))).toBe(true);
  }, 120_000);

  test("synthesizes the consumer's stack with the packaged constructs and Lambda zip", () => {
    const outdir = join(work, "cdktf.out");
    execFileSync(process.execPath, [join(consumer, "dist", "main.js")], {
      cwd: consumer,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    const stackDir = join(outdir, "stacks", "photos");
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining([
        "aws_cognito_user_pool",
        "aws_s3_bucket",
        "aws_lambda_function",
        "aws_api_gateway_rest_api",
      ]),
    );
    expect(Object.values<any>(tf.resource.aws_cognito_user_pool)[0].mfa_configuration).toBe("ON");
    const fn = Object.values<any>(tf.resource.aws_lambda_function)[0];
    expect(readFileSync(join(stackDir, fn.filename)).subarray(0, 2).toString()).toBe("PK");
    expect(tf.output.uploadsRoleArn.value).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
  }, 60_000);
});
