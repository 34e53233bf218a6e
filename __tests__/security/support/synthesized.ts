import { UploadsConfig } from "../../../modules/stack/config";
import { TerraformJson } from "../../../modules/rules";
import { synthesizeTerraform } from "../../../sandbox/synthesize";

export { synthesizeToDisk, type SynthesizedFile } from "../../../sandbox/synthesize";

const cache = new Map<UploadsConfig, TerraformJson>();

/** The parsed cdk.tf.json of `config`, synthesized once per test file. */
export function synthesizedTerraform(config: UploadsConfig): TerraformJson {
  let tf = cache.get(config);
  if (!tf) {
    tf = synthesizeTerraform(config);
    cache.set(config, tf);
  }
  return tf;
}
