import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "cdktf-cognito-uploads";

/**
 * Zip of a Lambda bundle shipped with this package (`dist/functions/<name>.zip`), found from the
 * package root, so it resolves the same from the TypeScript sources, the compiled output and an
 * installed copy under node_modules.
 */
export function bundledFunctionZip(name: string): string {
  const zip = join(packageRoot(), "dist", "functions", `${name}.zip`);
  if (!existsSync(zip)) {
    throw new Error(`The ${name} function bundle is missing at ${zip}: run \`npm run build:functions\` first`);
  }
  return zip;
}

function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${__dirname}`);
  }
}
