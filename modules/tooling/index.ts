// The `cdktf-cognito-uploads/tooling` entry: what the npm scripts use to plan offline, write the
// Terraform module and the frontend's config file. Not part of the constructs' API.

export {
  TerraformRunner,
  findProviderMirror,
  terraformAvailable,
  cliConfig,
  MIRROR_ENV,
  MOCK_PROVIDER_OVERRIDE,
} from "./offline-terraform";
export { writeTerraformModule } from "./terraform-module-writer";
export type { WrittenModule } from "./terraform-module-writer";
export { MODULE_INPUT_NAMES } from "../stack/uploads-module-stack";
export { frontendConfigFromOutputs } from "../stack/frontend-config";
export type { TerraformOutputs } from "../stack/frontend-config";
export { runCommand } from "./cli";
