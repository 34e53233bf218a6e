// Writes the CDK Terrain flavour of the package, `cdktn-cognito-uploads`, to dist/cdktn-package/ from
// this package's compiled output (the constructs with their declarations, the function bundles): the same
// files with the module names `cdktf` and `@cdktf/provider-aws` renamed to `cdktn` and
// `@cdktn/provider-aws`, and a package.json that names the cdktn peers. There is no second source
// tree: `npm run build` runs this after tsc, and `npm run pack` packs both packages.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(import.meta.dirname, "..");

/** Where the cdktn package is written: a package folder, packed with `npm pack dist/cdktn-package`. */
export const CDKTN_PACKAGE_DIR = join(root, "dist", "cdktn-package");
export const CDKTN_PACKAGE_NAME = "cdktn-cognito-uploads";

/**
 * Peers of the cdktn package. cdktn 0.24 and @cdktn/provider-aws 25.x (bindings for hashicorp/aws
 * 6.x) themselves take constructs ">=10.6.0 <10.8.0"; npm installs a constructs that satisfies both.
 */
export const CDKTN_PEERS = { "@cdktn/provider-aws": "^25.5.0", cdktn: "^0.24.0", constructs: "^10.6.0" };

/** The module names that differ between the two flavours. */
const RENAMES = { cdktf: "cdktn", "@cdktf/provider-aws": "@cdktn/provider-aws" };
/** A module specifier of cdktf or its AWS provider in `require("…")`, `import("…")` or `from "…"`. */
const SPECIFIER = /((?:require|import)\(\s*|\bfrom\s+)(["'])(cdktf|@cdktf\/provider-aws)((?:\/[^"']*)?)\2/g;
/** Any quoted cdktf module name left over, which the rename above would have missed. */
const LEFTOVER = /["'](?:cdktf|@cdktf\/provider-aws)(?:\/[^"']*)?["']/;

/** `source` with the cdktf module specifiers renamed; throws if a cdktf module name is left. */
export function renameImports(source, file = "source") {
  const renamed = source.replace(
    SPECIFIER,
    (_, before, quote, name, path) => `${before}${quote}${RENAMES[name]}${path}${quote}`,
  );
  const leftover = LEFTOVER.exec(renamed);
  if (leftover) throw new Error(`${file}: ${leftover[0]} is not an import the cdktn build can rename`);
  return renamed;
}

function readme(manifest) {
  return `# ${CDKTN_PACKAGE_NAME}

[${manifest.name}](https://www.npmjs.com/package/${manifest.name}) for [CDK Terrain](https://www.npmjs.com/package/cdktn)
(\`cdktn\`), the community continuation of CDK for Terraform: the same constructs, props, ready stack, security
rules and Lambda bundles, built from the same sources with \`cdktf\` and \`@cdktf/provider-aws\` renamed to
\`cdktn\` and \`@cdktn/provider-aws\`.

\`\`\`bash
npm install ${CDKTN_PACKAGE_NAME} cdktn @cdktn/provider-aws constructs
\`\`\`

\`\`\`ts
import { App } from "cdktn";
import { UploadsStack, loadConfig } from "${CDKTN_PACKAGE_NAME}";

const app = new App();
new UploadsStack(app, loadConfig({}));
app.synth();
\`\`\`

Everything in the documentation of ${manifest.name} applies with these names: import from
\`${CDKTN_PACKAGE_NAME}\` (and \`${CDKTN_PACKAGE_NAME}/tooling\`, \`${CDKTN_PACKAGE_NAME}/rules\`), run \`cdktn\` where it
says \`cdktf\`, and the security rules' command is \`cdktn-uploads-check-security\`. Use one flavour per app: the
types of cdktf and cdktn do not mix. Peers: ${Object.entries(CDKTN_PEERS)
    .map(([name, range]) => `\`${name}\` ${range}`)
    .join(", ")}.
The synthesized Terraform is the same resource for resource as with ${manifest.name}; it declares the provider
as \`hashicorp/aws\` (cdktf writes \`aws\`, the same provider) with the range \`>= 5.100.0, < 7.0.0\`.
`;
}

/** Builds dist/cdktn-package/ from the package's compiled files (package.json "files"), which must be built. */
export function buildCdktnPackage() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const folder of manifest.files.filter((entry) => entry.startsWith("dist/"))) {
    if (!existsSync(join(root, folder)))
      throw new Error(`${folder} is missing: build the package first (npm run build)`);
  }
  rmSync(CDKTN_PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(CDKTN_PACKAGE_DIR, { recursive: true });
  // The folder of the compiled constructs, whose JavaScript and declarations name cdktf's modules.
  const constructs = dirname(manifest.main);
  let renamedFiles = 0;
  for (const folder of manifest.files.filter((entry) => entry.startsWith("dist/"))) {
    const from = join(root, folder);
    for (const file of readdirSync(from, { recursive: true, encoding: "utf8" })) {
      const source = join(from, file);
      if (!statSync(source).isFile()) continue;
      const target = join(CDKTN_PACKAGE_DIR, folder, file);
      mkdirSync(join(target, ".."), { recursive: true });
      if (/\.(js|d\.ts)$/.test(file) && folder === constructs) {
        const text = readFileSync(source, "utf8");
        const renamed = renameImports(text, relative(root, source));
        if (renamed !== text) renamedFiles++;
        writeFileSync(target, renamed);
        chmodSync(target, statSync(source).mode);
      } else {
        cpSync(source, target);
      }
    }
  }
  // The Terraform module (terraform/) is plain Terraform JSON, the same for either toolchain.
  for (const entry of manifest.files.filter((e) => !e.startsWith("dist/") && e !== "README.md" && e !== "LICENSE")) {
    cpSync(join(root, entry), join(CDKTN_PACKAGE_DIR, entry), { recursive: true });
  }
  const binary = Object.values(manifest.bin)[0];
  const twin = {
    name: CDKTN_PACKAGE_NAME,
    version: manifest.version,
    description: manifest.description.replace(/^CDK for Terraform constructs/, "CDK Terrain (cdktn) constructs"),
    license: manifest.license,
    keywords: ["cdktn", "cdk-terrain", ...manifest.keywords.filter((keyword) => keyword !== "cdktf")],
    engines: manifest.engines,
    main: manifest.main,
    types: manifest.types,
    exports: manifest.exports,
    bin: { "cdktn-uploads-check-security": binary },
    files: manifest.files,
    dependencies: manifest.dependencies,
    peerDependencies: CDKTN_PEERS,
  };
  writeFileSync(join(CDKTN_PACKAGE_DIR, "package.json"), `${JSON.stringify(twin, null, 2)}\n`);
  writeFileSync(join(CDKTN_PACKAGE_DIR, "README.md"), readme(manifest));
  cpSync(join(root, "LICENSE"), join(CDKTN_PACKAGE_DIR, "LICENSE"));
  return { dir: CDKTN_PACKAGE_DIR, renamedFiles };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, renamedFiles } = buildCdktnPackage();
  console.log(`${relative(root, dir)}: ${CDKTN_PACKAGE_NAME}, imports renamed in ${renamedFiles} files`);
}
