import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../modules/tooling/cli";
import { ensureBuilt, ROOT } from "../support/build";

/**
 * The compiled app (`node dist/main.js`, what `npm run synth` runs; `cdktf synth` runs the same
 * main.ts through scripts/app.mjs, whose errors fast-app.test.ts checks) and the
 * scripts, given a configuration a person got wrong: the message alone on stderr, exit status 1.
 */
describe("the app and the scripts, given an invalid configuration", () => {
  let cwd: string;

  beforeAll(() => {
    ensureBuilt();
    // The app writes cdktf.out/ into its working folder.
    cwd = mkdtempSync(join(tmpdir(), "uploads-app-"));
  }, 300_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const run = (args: string[], json: string) =>
    spawnSync(process.execPath, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, UPLOADS_CONFIG_JSON: json, UPLOADS_CONFIG: "" },
    });
  const STACK_LINE = /^\s+at /m;

  test("stop synth with the configuration's message alone and exit status 1", () => {
    const result = run([join(ROOT, "dist", "main.js")], '{"allowedOrigins":["*"]}');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        "Invalid configuration:",
        '  - allowedOrigins.0: must be origins like "https://app.example.com" or "http://localhost:5173" (https, or http on localhost; no path, no trailing slash, no "*"), got "*"',
        '  - userPool.callbackUrls.0: "http://localhost:5173/" is a local development URL: set "development": true for a development stack, or use https',
        "",
      ].join("\n"),
    );
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("stop synth on a prop only a construct can judge, naming the construct's path, without a stack trace", () => {
    const groups = [
      { name: "admins", precedence: 1 },
      { name: "sysadmins", precedence: 2 },
    ];
    const result = run(
      [join(ROOT, "dist", "main.js")],
      JSON.stringify({ development: true, identityPool: { roleMapping: "rules", groups } }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^image-uploads\/uploads\/identity-pool: groups must not have a name that contains another when roleMapping is "rules" \("sysadmins" contains "admins"\)/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  test("still synthesize a valid configuration", () => {
    const result = run([join(ROOT, "dist", "main.js")], '{"development":true}');
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(existsSync(join(cwd, "cdktf.out", "stacks", "image-uploads", "cdk.tf.json"))).toBe(true);
  }, 60_000);
});

describe("runCommand", () => {
  test("lets any other error through with its stack: it is a fault of the code, not of the input", () => {
    const bug = new TypeError("cannot read properties of undefined");
    expect(() =>
      runCommand(() => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});
