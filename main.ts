import { App } from "cdktf";
import { configSourcesFromEnv, loadConfig } from "./modules/stack/config";
import { UploadsStack } from "./modules/stack/uploads-stack";
import { runCommand } from "./modules/tooling/cli";

// Overrides: UPLOADS_CONFIG=path/to/overrides.json and/or UPLOADS_CONFIG_JSON='{"region":"eu-west-1"}'.
// An invalid configuration or prop stops synth with its message alone and exit status 1.
runCommand(() => {
  const config = loadConfig(configSourcesFromEnv());
  const app = new App();
  new UploadsStack(app, config);
  app.synth();
});
