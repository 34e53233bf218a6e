import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  files: string[];
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe("the sandbox is a development tool, not part of the published package", () => {
  test("the package's files leave out the sandbox and its build", () => {
    expect(manifest.files.filter((entry) => /sandbox/.test(entry))).toEqual([]);
    expect(manifest.files).toEqual(expect.arrayContaining(["dist/modules", "dist/functions"]));
  });

  test("the sandbox's packages, iam-simulate (AGPL-3.0) among them, are development dependencies only", () => {
    for (const name of [
      "@cloud-copilot/iam-simulate",
      "@cloud-copilot/iam-policy",
      "cognito-local",
      "@20minutes/s3rver",
      "aws-jwt-verify",
      "playwright-core",
    ]) {
      expect({ name, dev: name in manifest.devDependencies, runtime: name in (manifest.dependencies ?? {}) }).toEqual({
        name,
        dev: true,
        runtime: false,
      });
    }
  });

  test("no published source imports the sandbox or its packages", () => {
    const offending = [...sourcesUnder(join(ROOT, "modules")), ...sourcesUnder(join(ROOT, "functions"))].filter(
      (path) =>
        /from "[^"]*(\/sandbox\/|@cloud-copilot|cognito-local|@20minutes\/s3rver|playwright)/.test(
          readFileSync(path, "utf8"),
        ),
    );
    expect(offending).toEqual([]);
  });
});
