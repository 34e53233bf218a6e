import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { UploadsStack } from "../../../modules/stack/uploads-stack";
import { allConfigs } from "../../support/configs";

/** Every file the app writes for a stack, by relative path, with its SHA-256. */
function synthesizedFiles(config: (typeof allConfigs)[string]): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "uploads-repro-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    new UploadsStack(app, config);
    app.synth();
    const stackDir = join(outdir, "stacks", config.stackName);
    const files: Record<string, string> = {};
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else files[relative(stackDir, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
      }
    };
    walk(stackDir);
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test.each(Object.keys(allConfigs))(
  "the %s configuration synthesizes byte-identical files twice, Lambda zip included",
  (name) => {
    const first = synthesizedFiles(allConfigs[name]);
    const second = synthesizedFiles(allConfigs[name]);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["cdk.tf.json", expect.stringMatching(/\.zip$/)]));
    expect(second).toEqual(first);
  },
);
