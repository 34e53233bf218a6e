import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { DEFAULT_FUNCTION_RUNTIME, FUNCTION_RUNTIMES } from "../../modules/private/limits";
import { ROOT } from "../support/build";

const majorOf = (runtime: string) => Number(/^nodejs(\d+)\.x$/.exec(runtime)![1]);
const DEFAULT_MAJOR = majorOf(DEFAULT_FUNCTION_RUNTIME);
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("the Node the project is developed, tested and run on", () => {
  test("the tests, and with them the function bundles, run on the default Lambda runtime's major or a later one", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(DEFAULT_MAJOR);
  });

  test("engines, .ci/run and the plan workflow name that major", () => {
    expect(JSON.parse(read("package.json")).engines.node).toBe(`>=${DEFAULT_MAJOR}`);
    expect(read(".ci/use-node.sh")).toContain(`NODE_MAJOR=${DEFAULT_MAJOR}\n`);
    expect(read(".ci/run")).toContain("source .ci/use-node.sh\n");
    const workflow = parse(read(".github/workflows/plan.yml"));
    const setup = workflow.jobs.plan.steps.find((step: { uses?: string }) =>
      step.uses?.startsWith("actions/setup-node@"),
    );
    expect(setup.with["node-version"]).toBe(DEFAULT_MAJOR);
  });

  test("the bundles target the oldest runtime the constructs accept", () => {
    const oldest = Math.min(...FUNCTION_RUNTIMES.map(majorOf));
    for (const script of ["scripts/build-functions.mjs", "sandbox/build.mjs", "scripts/app.mjs"]) {
      expect([script, [...read(script).matchAll(/target: "(node\d+)"/g)].map((m) => m[1])]).toEqual([
        script,
        [`node${oldest}`],
      ]);
    }
  });
});

/**
 * .ci/use-node.sh, which .ci/run sources, on machines with an older and a newer Node. A stand-in
 * `node` reports the machine's version; a stand-in `npm` records the install it is asked for and
 * links this test's own Node where the registry's `node` package would put its binary.
 */
describe(".ci/use-node.sh", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "uploads-use-node-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A bin folder whose `node` answers `version` and whose `npm` installs by linking the real Node. */
  function machine(version: string): string {
    const bin = join(dir, "machine-bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "node"),
      `#!/bin/sh\ncase "$1" in -p) echo ${version.split(".")[0]} ;; --version) echo v${version} ;; esac\n`,
    );
    writeFileSync(
      join(bin, "npm"),
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then echo 11.0.0; exit 0; fi',
        `echo "$@" >> ${join(dir, "npm-calls")}`,
        'prefix=""; while [ $# -gt 0 ]; do if [ "$1" = "--prefix" ]; then prefix="$2"; fi; shift; done',
        `mkdir -p "$prefix/node_modules/.bin" && ln -s ${process.execPath} "$prefix/node_modules/.bin/node"`,
        "",
      ].join("\n"),
    );
    for (const file of ["node", "npm"]) chmodSync(join(bin, file), 0o755);
    return bin;
  }

  const source = (bin: string, prefix: string) =>
    spawnSync("bash", ["-c", "set -euo pipefail; source .ci/use-node.sh; node -p process.versions.node"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, UPLOADS_NODE_PREFIX: prefix },
    });

  test("on a machine with Node 20, installs the registry's node@22 once and runs the tests with it", () => {
    const prefix = join(dir, "node22");
    const first = source(machine("20.20.2"), prefix);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(readFileSync(join(dir, "npm-calls"), "utf8")).toBe(
      `install --prefix ${prefix} --no-save --no-audit --no-fund --loglevel=error node@${DEFAULT_MAJOR}\n`,
    );
    expect(first.stdout).toBe(
      `testing with node ${process.version} (${join(prefix, "node_modules", ".bin", "node")}), npm 11.0.0\n${process.versions.node}\n`,
    );
    // A second run finds the installed Node and asks the registry for nothing.
    const second = source(join(dir, "machine-bin"), prefix);
    expect(second.status).toBe(0);
    expect(readFileSync(join(dir, "npm-calls"), "utf8").trim().split("\n")).toHaveLength(1);
  });

  test(`on a machine with Node ${DEFAULT_MAJOR} or later, keeps the machine's Node`, () => {
    const result = source(machine("24.11.0"), join(dir, "unused"));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^testing with node v24\.11\.0 \(.*machine-bin\/node\), npm 11\.0\.0\n/);
    expect(existsSync(join(dir, "npm-calls"))).toBe(false);
  });

  test("stops when the installed Node is still older", () => {
    const prefix = join(dir, "old");
    mkdirSync(join(prefix, "node_modules", ".bin"), { recursive: true });
    symlinkSync(join(machine("20.20.2"), "node"), join(prefix, "node_modules", ".bin", "node"));
    const result = source(join(dir, "machine-bin"), prefix);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`could not install Node ${DEFAULT_MAJOR} into ${prefix}\n`);
  });
});
