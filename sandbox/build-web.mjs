// `npm run web:build`: bundles the example web app into examples/web/dist/ (index.html, app.js) for a static host.
// Put the deployed stack's uploads-config.json (`npm run outputs`) beside them.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSandbox, root } from "./build.mjs";

const { index } = await buildSandbox();
const outdir = join(root, "examples", "web", "dist");
mkdirSync(outdir, { recursive: true });
await createRequire(import.meta.url)(index).buildWebApp(outdir);
copyFileSync(join(root, "examples", "web", "index.html"), join(outdir, "index.html"));
console.log(`wrote ${outdir}/index.html and app.js: add uploads-config.json from "npm run outputs" and serve the folder`);
