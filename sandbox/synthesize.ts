import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { UploadsConfig } from "../modules/stack/config";
import { TerraformJson } from "../modules/rules";
import { UploadsStack } from "../modules/stack/uploads-stack";

/** A stack synthesized the way `npm run synth` does it: the real cdk.tf.json, read back from disk. */
export interface SynthesizedFile {
  readonly tf: TerraformJson;
  /** Path of cdk.tf.json; valid until `cleanup`. */
  readonly path: string;
  readonly cleanup: () => void;
}

/** Synthesizes the ready-made stack for `config` into a throwaway cdktf.out folder. */
export function synthesizeToDisk(config: UploadsConfig): SynthesizedFile {
  const outdir = mkdtempSync(join(tmpdir(), "uploads-synth-"));
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const app = new App({ outdir, stackTraces: false });
    new UploadsStack(app, config);
    app.synth();
    const path = join(outdir, "stacks", config.stackName, "cdk.tf.json");
    return { tf: JSON.parse(readFileSync(path, "utf8")) as TerraformJson, path, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** The parsed cdk.tf.json of `config`, the synthesis folder removed. */
export function synthesizeTerraform(config: UploadsConfig): TerraformJson {
  const file = synthesizeToDisk(config);
  file.cleanup();
  return file.tf;
}
