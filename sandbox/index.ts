// The sandbox as a library, for tests and scripts (bench/flow.mjs). A development tool: not part of the package.
export { startSandbox, DEFAULT_CONFIG_PATH, type Sandbox, type SandboxOptions } from "./sandbox";
export { sandboxFrontendConfigSchema, type SandboxFrontendConfig } from "./frontend-config";
export { buildWebApp } from "./web";
export { corsXml } from "./bucket";
export { ADMIN, type Session } from "./sessions";
