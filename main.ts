import { App } from "cdktf";
import { configSourcesFromEnv, loadConfig } from "./modules/stack/config";
import { UploadsStack } from "./modules/stack/uploads-stack";

// Overrides: UPLOADS_CONFIG=path/to/overrides.json and/or UPLOADS_CONFIG_JSON='{"region":"eu-west-1"}'.
const config = loadConfig(configSourcesFromEnv());
const app = new App();
new UploadsStack(app, config);
app.synth();
