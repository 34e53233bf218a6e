import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UploadsConfig } from "../../../modules/stack/config";
import { TerraformJson } from "../../../modules/rules";
import {
  synthesizeTerraform,
  synthesizeToDisk as synthesizeFresh,
  type SynthesizedFile,
} from "../../../sandbox/synthesize";

export type { SynthesizedFile };

const cache = new Map<UploadsConfig, TerraformJson>();

/**
 * Set by jest.mutation.config.js: the mutation run changes no construct, so the stacks are synthesized once for the
 * whole run (into its sandbox) instead of once per test file per mutant.
 */
const runCache = () =>
  (globalThis as { MUTATION_RUN?: boolean }).MUTATION_RUN === true
    ? join(__dirname, "..", "..", "..", ".mutation-synth-cache")
    : undefined;

/** Synthesizes the ready-made stack for `config` into a throwaway cdktf.out folder. */
export function synthesizeToDisk(config: UploadsConfig): SynthesizedFile {
  if (runCache()) {
    // The mutation run writes the stack it synthesized once.
    const outdir = mkdtempSync(join(tmpdir(), "uploads-security-"));
    const path = join(outdir, "cdk.tf.json");
    const tf = synthesizedTerraform(config);
    writeFileSync(path, JSON.stringify(tf, null, 2));
    return { tf, path, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
  }
  return synthesizeFresh(config);
}

/** The parsed cdk.tf.json of `config`, synthesized once per test file (once per run in the mutation run). */
export function synthesizedTerraform(config: UploadsConfig): TerraformJson {
  let tf = cache.get(config);
  if (!tf) {
    const cacheDir = runCache();
    const cached = cacheDir && join(cacheDir, `${config.stackName}.json`);
    if (cached && existsSync(cached)) {
      tf = JSON.parse(readFileSync(cached, "utf8")) as TerraformJson;
    } else {
      tf = synthesizeTerraform(config);
      if (cacheDir && cached) {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(cached, JSON.stringify(tf));
      }
    }
    cache.set(config, tf);
  }
  return tf;
}
