import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultConfig, fullConfig, signInConfig } from "../support/configs";
import { ensureBuilt, ROOT } from "../support/build";
import { synthStack } from "../support/synth";
import {
  lockedAwsProvider,
  OLDEST_AWS_PROVIDER,
  pinAwsProvider,
  TerraformRunner,
  terraformAvailable,
} from "../support/terraform";
import { describeWithTerraform } from "../support/terraform-available";

const run = promisify(execFile);

/**
 * Both packages the build writes — cdktf-cognito-uploads and its CDK Terrain twin
 * cdktn-cognito-uploads (dist/cdktn-package) — each packed, installed with npm into a fresh app of
 * its own toolchain (this project's cdktf for the first; for the second, cdktn in the package's peer
 * ranges, installed once per machine by scripts/cdktn-toolchain.mjs), type-checked and run: the
 * consumer example (examples/cdktf-consumer, imports renamed for cdktn), and the default, full and
 * sign-in configurations through UploadsStack.
 */
interface Flavour {
  readonly package: string;
  readonly bin: string;
  /** Folder whose node_modules holds the flavour's cdktf or cdktn, provider bindings, constructs and typescript. */
  toolchain: string;
  tarball: string;
  packedFiles: string[];
  app: string;
  /** How the app's type check ended: "" when it passed, else tsc's report. */
  typecheck: string;
  /** cdk.tf.json of each stack the app synthesized, by stack name. */
  stacks: Record<string, any>;
}
type Name = "cdktf" | "cdktn";

const CONFIGS = { default: defaultConfig, full: fullConfig, "sign-in": signInConfig };
/** The upgrade guide's rename, applied to the consumer example. */
const toCdktn = (source: string) =>
  source
    .replace(/"cdktf"/g, '"cdktn"')
    .replace(/"@cdktf\/provider-aws\//g, '"@cdktn/provider-aws/')
    .replace(/cdktf-cognito-uploads/g, "cdktn-cognito-uploads");

const blank = () => ({ toolchain: "", tarball: "", packedFiles: [], app: "", typecheck: "", stacks: {} });
const flavours: Record<Name, Flavour> = {
  cdktf: { package: "cdktf-cognito-uploads", bin: "cdktf-uploads-check-security", ...blank(), toolchain: ROOT },
  cdktn: { package: "cdktn-cognito-uploads", bin: "cdktn-uploads-check-security", ...blank() },
};
let work: string;
/** The cdktn package's default stack, planned as soon as the cdktn app has synthesized it. */
let cdktnPlan: Promise<{ events: any[]; lockedProvider: string | undefined }> | undefined;

/** Packs, installs, type-checks and synthesizes one flavour; the two run side by side. */
async function prepare(name: Name, packageDir: string): Promise<void> {
  const flavour = flavours[name];
  const [packed] = JSON.parse(
    (await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: packageDir })).stdout,
  );
  flavour.tarball = join(work, packed.filename);
  flavour.packedFiles = packed.files.map((file: { path: string }) => file.path);
  // The app sits inside the toolchain's folder, so Node finds the toolchain from it as from an app's own node_modules.
  const apps = join(flavour.toolchain, "node_modules", ".cache", "uploads-apps");
  mkdirSync(apps, { recursive: true });
  const app = mkdtempSync(join(apps, `${name}-`));
  flavour.app = app;
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: `${name}-app`, private: true }));
  // The toolchain provides the peers: npm installs the package and its own dependencies (zod), from its cache when it can.
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--legacy-peer-deps",
      "--loglevel=error",
      flavour.tarball,
    ],
    { cwd: app },
  );
  const example = readFileSync(join(ROOT, "examples", "cdktf-consumer", "main.ts"), "utf8").replace(
    /^app\.synth\(\);$/m,
    "",
  );
  const uploadsStacks = [
    `import { UploadsStack, validateConfig } from "cdktf-cognito-uploads";`,
    `const configs: unknown[] = ${JSON.stringify(Object.values(CONFIGS))};`,
    "for (const config of configs) new UploadsStack(app, validateConfig(config));",
    "app.synth();",
  ].join("\n");
  const main = `${example}\n${uploadsStacks}\n`;
  writeFileSync(join(app, "main.ts"), name === "cdktn" ? toCdktn(main) : main);
  writeFileSync(join(app, "tsconfig.json"), readFileSync(join(ROOT, "examples", "cdktf-consumer", "tsconfig.json")));
  // tsc emits despite type errors; the error is kept for its test.
  await run(process.execPath, [join(flavour.toolchain, "node_modules", "typescript", "bin", "tsc"), "-p", app], {
    cwd: app,
  }).catch((error) => {
    flavour.typecheck = `${error.stdout}${error.stderr}` || String(error);
  });
  const outdir = join(app, "cdktf.out");
  await run(process.execPath, [join(app, "dist", "main.js")], {
    cwd: app,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
  });
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    flavour.stacks[stack] = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  }
  if (name === "cdktn" && terraformAvailable()) {
    cdktnPlan = planOffline(join(outdir, "stacks", defaultConfig.stackName));
    cdktnPlan.catch(() => undefined); // reported by its test
  }
}

/** `terraform plan -json` of a stack folder with the provider mirror and mock credentials. */
async function planOffline(stackDir: string): Promise<{ events: any[]; lockedProvider: string | undefined }> {
  const terraform = new TerraformRunner(stackDir);
  try {
    pinAwsProvider(stackDir);
    await terraform.runAsync("init", "-input=false");
    terraform.useMockCredentials();
    const output = await terraform.runAsync("plan", "-json", "-input=false", "-lock=false", "-refresh=false");
    return {
      events: output
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
      lockedProvider: lockedAwsProvider(stackDir),
    };
  } finally {
    terraform.cleanup();
  }
}

/** Paths (a.b.c) where two JSON values differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differences((a as any)[key], (b as any)[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), "uploads-packages-"));
  flavours.cdktn.toolchain = execFileSync(process.execPath, [join(ROOT, "scripts", "cdktn-toolchain.mjs"), "--dir"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  await Promise.all([prepare("cdktf", ROOT), prepare("cdktn", join(ROOT, "dist", "cdktn-package"))]);
}, 300_000);
afterAll(async () => {
  await cdktnPlan?.catch(() => undefined);
  for (const flavour of Object.values(flavours)) if (flavour.app) rmSync(flavour.app, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(Object.keys(flavours))("the packed %s package", (name) => {
  const flavour = flavours[name as Name];
  const installed = () => join(flavour.app, "node_modules", flavour.package);

  test("ships the compiled constructs, their types and the Lambda bundles, and no sources or tests", () => {
    expect(flavour.packedFiles).toEqual(
      expect.arrayContaining([
        "dist/modules/index.js",
        "dist/modules/index.d.ts",
        "dist/modules/tooling/index.js",
        "dist/modules/tooling/index.d.ts",
        "dist/modules/rules/index.js",
        "dist/functions/move-upload.zip",
        "README.md",
        "LICENSE",
        "package.json",
      ]),
    );
    expect(
      flavour.packedFiles.filter(
        (f) => /^(__tests__|modules|functions|scripts)\/|\.ts$/.test(f) && !f.endsWith(".d.ts"),
      ),
    ).toEqual([]);
  });

  test("resolves each entry of its exports in the installed copy, and no other path", () => {
    const committedValues = (list: string) =>
      readFileSync(join(ROOT, "__tests__", "fixtures", "public-api", list), "utf8")
        .split("\n")
        .filter((line) => /^(class|function|const) /.test(line))
        .map((line) => line.split(" ")[1])
        .sort();
    const script = [
      "const names = (entry) => Object.keys(require(entry)).sort();",
      `let deep; try { require("${flavour.package}/dist/modules/tooling/offline-terraform"); deep = "loaded"; } catch (error) { deep = error.code; }`,
      `console.log(JSON.stringify({ root: names("${flavour.package}"), tooling: names("${flavour.package}/tooling"), rules: names("${flavour.package}/rules"), deep }));`,
    ].join("\n");
    const entries = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: flavour.app, encoding: "utf8" }));
    expect(entries.root).toEqual(committedValues("index.txt"));
    expect(entries.tooling).toEqual(committedValues("tooling.txt"));
    expect(entries.rules).toEqual(expect.arrayContaining(["allRules", "runRules", "parseSuppression"]));
    expect(entries.deep).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  test("type-checks a consumer app against the package's exports and its toolchain's types", () => {
    expect(flavour.typecheck).toBe("");
  });

  test("synthesizes the consumer's stack with the packaged constructs and Lambda zip", () => {
    const tf = flavour.stacks.photos;
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining([
        "aws_cognito_user_pool",
        "aws_s3_bucket",
        "aws_lambda_function",
        "aws_api_gateway_rest_api",
      ]),
    );
    expect(Object.values<any>(tf.resource.aws_cognito_user_pool)[0].mfa_configuration).toBe("ON");
    const fn = Object.values<any>(tf.resource.aws_lambda_function)[0];
    expect(
      readFileSync(join(flavour.app, "cdktf.out", "stacks", "photos", fn.filename))
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect(tf.output.uploadsRoleArn.value).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
  });

  test("installs its security rules' command, which passes the default stack", () => {
    const manifest = JSON.parse(readFileSync(join(installed(), "package.json"), "utf8"));
    expect(Object.keys(manifest.bin)).toEqual([flavour.bin]);
    const stack = join(flavour.app, "cdktf.out", "stacks", defaultConfig.stackName, "cdk.tf.json");
    const result = spawnSync(join(flavour.app, "node_modules", ".bin", flavour.bin), [stack], { encoding: "utf8" });
    expect([result.status, result.stderr]).toEqual([0, ""]);
  });
});

describe("the cdktf and cdktn packages side by side", () => {
  test("the cdktn package names the cdktn peers, and its toolchain's versions satisfy them, as the project's satisfy the cdktf package's", () => {
    const manifest = (flavour: Flavour) =>
      JSON.parse(readFileSync(join(flavour.app, "node_modules", flavour.package, "package.json"), "utf8"));
    expect(Object.keys(manifest(flavours.cdktn).peerDependencies).sort()).toEqual([
      "@cdktn/provider-aws",
      "cdktn",
      "constructs",
    ]);
    expect(Object.keys(manifest(flavours.cdktf).peerDependencies).sort()).toEqual([
      "@cdktf/provider-aws",
      "cdktf",
      "constructs",
    ]);
    const semver = createRequire(join(flavours.cdktn.toolchain, "node_modules", "cdktn", "package.json"))("semver");
    for (const flavour of Object.values(flavours)) {
      for (const [peer, range] of Object.entries<string>(manifest(flavour).peerDependencies)) {
        const version = JSON.parse(
          readFileSync(join(flavour.toolchain, "node_modules", peer, "package.json"), "utf8"),
        ).version;
        expect([flavour.package, peer, version, semver.satisfies(version, range)]).toEqual([
          flavour.package,
          peer,
          version,
          true,
        ]);
      }
    }
  });

  test("the cdktn package ships the same files, and no file of it names cdktf or @cdktf/provider-aws as a module", () => {
    expect([...flavours.cdktn.packedFiles].sort()).toEqual([...flavours.cdktf.packedFiles].sort());
    const compiled = join(flavours.cdktn.app, "node_modules", flavours.cdktn.package, "dist", "modules");
    const files = readdirSync(compiled, { recursive: true })
      .map(String)
      .filter((file) => /\.(js|d\.ts)$/.test(file));
    expect(files.length).toBeGreaterThan(50);
    expect(
      files.filter((file) =>
        /["'](cdktf|@cdktf\/provider-aws)(\/[^"']*)?["']/.test(readFileSync(join(compiled, file), "utf8")),
      ),
    ).toEqual([]);
  });

  test.each(Object.keys(CONFIGS))(
    "the %s configuration synthesizes to the same resources, data, outputs, variables and provider settings with either",
    (name) => {
      const stack = CONFIGS[name as keyof typeof CONFIGS].stackName;
      const [cdktf, cdktn] = [flavours.cdktf.stacks[stack], flavours.cdktn.stacks[stack]];
      expect(Object.keys(cdktf.resource).length).toBeGreaterThan(20);
      // The two differences (docs/cdk-terrain.md): the library's version in the metadata, and the provider's source address.
      expect(differences(cdktf, cdktn)).toEqual(["//.metadata.version", "terraform.required_providers.aws.source"]);
      expect([cdktf.terraform.required_providers.aws, cdktn.terraform.required_providers.aws]).toEqual([
        { source: "aws", version: ">= 5.100.0, < 7.0.0" },
        { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" },
      ]);
    },
  );

  test.each(Object.keys(CONFIGS))(
    "the cdktf package synthesizes the %s configuration as the sources do, whose plans __tests__/terraform checks",
    (name) => {
      const config = CONFIGS[name as keyof typeof CONFIGS];
      const fromSources = synthStack(config).tf;
      // Testing.synth leaves out the construct metadata (the "//" keys) that the app writes.
      expect(
        differences(flavours.cdktf.stacks[config.stackName], fromSources).filter(
          (path) => !path.split(".").includes("//"),
        ),
      ).toEqual([]);
    },
  );

  test("the consumer's own stack has the same resources with either; without UploadsStack's range each binding pins its own provider version", () => {
    const [cdktf, cdktn] = [flavours.cdktf.stacks.photos, flavours.cdktn.stacks.photos];
    expect(differences(cdktf, cdktn)).toEqual([
      "//.metadata.version",
      "terraform.backend.local.path",
      "terraform.required_providers.aws.source",
      "terraform.required_providers.aws.version",
    ]);
    for (const [flavour, tf] of [
      [flavours.cdktf, cdktf],
      [flavours.cdktn, cdktn],
    ] as const) {
      expect(tf.terraform.required_providers.aws.version).toMatch(/^6\.\d+\.\d+$/);
      expect(tf.terraform.backend.local.path).toBe(join(flavour.app, "terraform.photos.tfstate"));
    }
  });

  describeWithTerraform("with Terraform", () => {
    // The cdktf package's configurations are planned from the sources (__tests__/terraform/stack-plan.test.ts),
    // whose JSON the tests above show the package writes; this plans what only the cdktn package writes.
    test("the cdktn package's default stack plans offline with the mirrored hashicorp/aws, every resource for creation", async () => {
      const { events, lockedProvider } = await cdktnPlan!;
      expect(lockedProvider).toBe(OLDEST_AWS_PROVIDER);
      const changes = events.filter((e) => e.type === "planned_change").map((e) => e.change);
      // Data sources read at apply are only aws_arn, which parses an ARN not yet known and calls no AWS API.
      expect(
        changes.filter((c) => c.resource.addr.startsWith("data.") && c.resource.resource_type !== "aws_arn"),
      ).toEqual([]);
      const planned = changes
        .filter((c) => !c.resource.addr.startsWith("data."))
        .map((c) => `${c.resource.addr} ${c.action}`);
      const stack = flavours.cdktn.stacks[defaultConfig.stackName];
      const expected = Object.entries<Record<string, unknown>>(stack.resource).flatMap(([type, byName]) =>
        Object.keys(byName).map((n) => `${type}.${n} create`),
      );
      expect(planned.sort()).toEqual(expected.sort());
      expect(events.filter((e) => e["@level"] === "error")).toEqual([]);
    }, 180_000);
  });
});
