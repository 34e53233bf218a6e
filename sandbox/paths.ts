import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The project's root folder, found from this file whether it runs from sandbox/ or bundled into dist/sandbox/. */
export function projectRoot(): string {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "cdktf-cognito-uploads"
    )
      return folder;
    if (dirname(folder) === folder) throw new Error(`No cdktf-cognito-uploads package.json above ${__dirname}`);
  }
}
