// Entry of `npm run sandbox`: bundles the sandbox (see build.mjs), then runs its command line in this process.
import { createRequire } from "node:module";
import { buildSandbox } from "./build.mjs";

const { cli } = await buildSandbox();
createRequire(import.meta.url)(cli);
