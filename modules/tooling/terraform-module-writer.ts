import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { App } from "cdktf";
import { UploadsModuleStack } from "../stack/uploads-module-stack";
import { moduleReadme, ModuleJson } from "./module-readme";

const STACK = "terraform-module";

/** The files the writer owns in the module folder; anything else there (tests/, examples) is left alone. */
export const GENERATED_MODULE_FILES = ["main.tf.json", "README.md", "assets"] as const;

/** What {@link writeTerraformModule} wrote. */
export interface WrittenModule {
  /** Folder of the module. */
  readonly dir: string;
  /** Names of its input variables. */
  readonly inputs: string[];
  /** Names of its outputs. */
  readonly outputs: string[];
}

/**
 * Writes the upload flow as a plain Terraform module into `outDir`: `main.tf.json` with every
 * choice as an input, outputs and a provider version range but no provider and no backend block,
 * the Lambda zips under `assets/` referenced through `${path.module}`, and a README in the
 * terraform-docs shape. Only the generated files are replaced; the module's tests stay.
 */
export function writeTerraformModule(outDir: string): WrittenModule {
  const synthDir = mkdtempSync(join(tmpdir(), "uploads-module-"));
  try {
    const app = new App({ outdir: synthDir, stackTraces: false });
    new UploadsModuleStack(app, STACK);
    app.synth();
    const stackDir = join(synthDir, "stacks", STACK);
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));

    // The caller owns provider configuration and state; either block here would make this a
    // legacy module, which refuses count, for_each and depends_on.
    delete tf.provider;
    delete tf.terraform.backend;
    delete tf["//"];
    // One flat folder of zips, each named after its function; Terraform resolves relative paths
    // from the caller's folder, so they are read through ${path.module}.
    const zips = filesUnder(join(stackDir, "assets"));
    let moduleJson = JSON.stringify(tf, null, 2);
    for (const zip of zips) {
      const relative = zip.slice(stackDir.length + 1);
      moduleJson = moduleJson.split(relative).join(`\${path.module}/assets/${basename(zip)}`);
    }
    if (new Set(zips.map((zip) => basename(zip))).size !== zips.length)
      throw new Error("two function bundles have the same file name");

    mkdirSync(outDir, { recursive: true });
    for (const file of GENERATED_MODULE_FILES) rmSync(join(outDir, file), { recursive: true, force: true });
    writeFileSync(join(outDir, "main.tf.json"), `${moduleJson}\n`);
    mkdirSync(join(outDir, "assets"));
    for (const zip of zips) copyFileSync(zip, join(outDir, "assets", basename(zip)));
    writeFileSync(join(outDir, "README.md"), moduleReadme(tf as ModuleJson));
    return { dir: outDir, inputs: Object.keys(tf.variable), outputs: Object.keys(tf.output) };
  } finally {
    rmSync(synthDir, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}
