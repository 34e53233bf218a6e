import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateConfig } from "../../modules/stack/config";
import { existingResourcesConfig, fullConfig, defaultConfig } from "../support/configs";
import { synthStack, TerraformJson } from "../support/synth";
import { describeWithTerraform } from "../support/terraform-available";
import { TerraformRunner } from "../support/terraform";

/**
 * The committed module run by Terraform itself, offline (hashicorp/aws from the provider mirror):
 * its own `terraform test` files, the messages of its inputs, the examples planned, and the
 * resources it plans compared with those the cdktf stack synthesizes for the same choices. Every
 * Terraform run starts in the one beforeAll and they go side by side; the tests read their results.
 * A plan runs Terraform's validation first, so the examples are planned, not also validated.
 */
const ROOT = join(__dirname, "..", "..");

/** A copy of terraform/ and examples/ in a temporary folder, laid out as in the repository. */
function copyOfRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "uploads-module-tf-"));
  cpSync(join(ROOT, "terraform"), join(root, "terraform"), {
    recursive: true,
    filter: (source) => !source.includes(".terraform"),
  });
  cpSync(join(ROOT, "examples"), join(root, "examples"), {
    recursive: true,
    filter: (source) => !source.includes(".terraform"),
  });
  return root;
}

interface Planned {
  /** Managed resource instances, by address. */
  readonly addresses: string[];
  readonly plan: any;
}

/** Init (already done) then a plan with mock credentials, read back as JSON. */
async function plan(terraform: TerraformRunner): Promise<Planned> {
  terraform.useMockCredentials();
  await terraform.runAsync("plan", "-input=false", "-lock=false", "-refresh=false", "-out=tfplan");
  const plan = JSON.parse(await terraform.runAsync("show", "-json", "tfplan"));
  return { plan, addresses: plan.resource_changes.filter((c: any) => c.mode === "managed").map((c: any) => c.address) };
}

/** `terraform validate -json`'s diagnostics, which it prints whether or not the configuration is valid. */
function validationDiagnostics(terraform: TerraformRunner): Promise<any[]> {
  return new Promise((resolve, reject) => {
    execFile(
      "terraform",
      ["validate", "-json", "-no-color"],
      { cwd: terraform.workdir, env: terraform.environment, encoding: "utf8" },
      (_error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout).diagnostics);
        } catch {
          reject(new Error(`terraform validate -json printed no JSON:\n${stderr}\n${stdout}`));
        }
      },
    );
  });
}

/** A call of the module (from a folder beside it) with valid required inputs. */
const MODULE_CALL = {
  source: "../terraform",
  domain_prefix: "photos-test",
  callback_urls: ["https://app.example.com/callback"],
  allowed_origins: ["https://app.example.com"],
};

const EXAMPLES = ["complete", "existing-user-pool", "hcl-consumer"] as const;
const TEST_FILES = ["tests/inputs.tftest.hcl", "tests/refusals.tftest.hcl"] as const;

const withSignIn = validateConfig({
  ...fullConfig,
  userPool: {
    ...fullConfig.userPool,
    signInWithUsername: undefined,
    mfaFactors: ["totp", "sms"],
    identityProviders: [
      { type: "Google", clientId: "1234-example.apps.googleusercontent.com" },
      {
        type: "OIDC",
        name: "Corp",
        clientId: "photos",
        issuerUrl: "https://login.corp.example.com",
        linkEmailDomains: ["corp.example.com"],
      },
    ],
  },
  identityPool: {
    ...fullConfig.identityPool,
    groups: [
      { name: "admins", precedence: 1, canReadAllImages: true },
      { name: "editors", precedence: 2 },
    ],
  },
});
const moduleInputs: Record<string, Record<string, unknown>> = {
  default: {},
  existing: {
    domain_prefix: null,
    callback_urls: [],
    existing_user_pool: {
      user_pool_arn: existingResourcesConfig.existing!.userPool!.userPoolArn,
      user_pool_client_id: existingResourcesConfig.existing!.userPool!.userPoolClientId,
    },
    existing_bucket_name: existingResourcesConfig.existing!.bucketName,
    existing_rest_api: {
      rest_api_id: existingResourcesConfig.existing!.restApi!.restApiId,
      root_resource_id: existingResourcesConfig.existing!.restApi!.rootResourceId,
      execution_arn: existingResourcesConfig.existing!.restApi!.executionArn,
    },
  },
  full: {
    mfa: "required",
    mfa_factors: ["totp", "sms"],
    identity_providers: {
      Google: { type: "Google", client_id: "1234-example.apps.googleusercontent.com" },
      Corp: {
        type: "OIDC",
        client_id: "photos",
        issuer_url: "https://login.corp.example.com",
        link_email_domains: ["corp.example.com"],
      },
    },
    identity_provider_secrets: { Google: "secret", Corp: "secret" },
    groups: { admins: { precedence: 1, can_read_all_images: true }, editors: { precedence: 2 } },
    allow_guests: true,
    users_can_read_own_images: true,
    kms_key_arn: fullConfig.bucket!.kmsKeyArn,
    versioning: true,
    manage_account_logging_role: true,
    event_bus_arn: fullConfig.eventBusArn,
    malware_scanning: true,
  },
};
const stackConfigs: Record<string, typeof defaultConfig> = {
  default: defaultConfig,
  existing: existingResourcesConfig,
  full: withSignIn,
};

describeWithTerraform("the module in Terraform", () => {
  let root: string;
  const runners: TerraformRunner[] = [];
  const runner = (dir: string) => {
    const terraform = new TerraformRunner(dir);
    runners.push(terraform);
    return terraform;
  };
  /** Every Terraform run of this file, started at once; each test awaits the one it reads. */
  let results: {
    testFiles: Promise<string[]>;
    refusals: Promise<any[]>;
    examples: Record<(typeof EXAMPLES)[number], Promise<Planned>>;
    equivalence: Promise<Planned>;
  };

  beforeAll(async () => {
    root = copyOfRepository();
    const moduleRunner = runner(join(root, "terraform"));
    const moduleReady = moduleRunner.runAsync("init", "-input=false", "-backend=false");
    results = {
      // The two test files run side by side (Terraform runs a file's runs one after another).
      testFiles: moduleReady.then(() =>
        Promise.all(TEST_FILES.map((file) => moduleRunner.runAsync("test", `-filter=${file}`))),
      ),
      refusals: startRefusals(),
      examples: Object.fromEntries(
        EXAMPLES.map((example) => {
          const terraform = runner(join(root, "examples", example));
          return [example, terraform.runAsync("init", "-input=false").then(() => plan(terraform))];
        }),
      ) as Record<(typeof EXAMPLES)[number], Promise<Planned>>,
      equivalence: startEquivalence(),
    };
    // A failure surfaces in the test that reads it, not as an unhandled rejection here.
    for (const pending of [
      results.testFiles,
      results.refusals,
      results.equivalence,
      ...Object.values(results.examples),
    ])
      pending.catch(() => undefined);
  });
  afterAll(() => {
    for (const terraform of runners) terraform.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  test("passes its own terraform test files, offline against a mocked provider", async () => {
    const outputs = await results.testFiles;
    const passed = outputs.map((output) => {
      const summary = /Success! (\d+) passed, (\d+) failed\./.exec(output);
      expect(summary).not.toBeNull();
      return Number(summary![1]);
    });
    expect(passed[0] + passed[1]).toBeGreaterThanOrEqual(19);
  }, 300_000);

  function startRefusals(): Promise<any[]> {
    const dir = join(root, "refusals");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "main.tf.json"),
      JSON.stringify({
        module: {
          wildcard_origin: { ...MODULE_CALL, allowed_origins: ["*"] },
          bad_domain_prefix: { ...MODULE_CALL, domain_prefix: "-aws-photos" },
          http_callback: { ...MODULE_CALL, callback_urls: ["http://app.example.com/callback"] },
        },
      }),
    );
    const terraform = runner(dir);
    return terraform.runAsync("init", "-input=false", "-backend=false").then(() => validationDiagnostics(terraform));
  }

  test("stops on a wildcard origin, a bad domain prefix and a non-https callback with each input's own message", async () => {
    {
      const messages: Record<string, string[]> = {};
      for (const diagnostic of await results.refusals) {
        const call = /^module\.(\w+)$/.exec(diagnostic.snippet?.context ?? "")?.[1] ?? "?";
        (messages[call] ??= []).push(diagnostic.detail);
      }
      expect(messages).toEqual({
        wildcard_origin: [
          expect.stringMatching(/^allowed_origins entries must be origins like "https:\/\/app\.example\.com"/),
        ],
        bad_domain_prefix: expect.arrayContaining([
          expect.stringMatching(/^domain_prefix must be 1–63 lowercase letters/),
          expect.stringMatching(/^domain_prefix must not contain the reserved word "aws"\./),
        ]),
        http_callback: [
          expect.stringMatching(
            /^callback_urls entries must be https URLs, or http:\/\/localhost URLs for development/,
          ),
        ],
      });
    }
  }, 300_000);

  function startEquivalence(): Promise<Planned> {
    const dir = join(root, "equivalence");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "main.tf.json"),
      JSON.stringify({
        provider: { aws: { region: "eu-west-1" } },
        module: Object.fromEntries(
          Object.entries(moduleInputs).map(([name, inputs]) => [name, { ...MODULE_CALL, ...inputs }]),
        ),
      }),
    );
    const terraform = runner(dir);
    return terraform.runAsync("init", "-input=false").then(() => plan(terraform));
  }

  describe.each(EXAMPLES)("examples/%s", (example) => {
    let planned: Planned;
    beforeAll(async () => {
      planned = await results.examples[example];
    }, 300_000);

    test("plans offline, with the module's resources under module.uploads", () => {
      const inModule = planned.addresses.filter((address) => address.startsWith("module.uploads"));
      expect(inModule.length).toBeGreaterThan(30);
      console.log(
        `examples/${example}: ${planned.addresses.length} resources planned, ${inModule.length} in the module`,
      );
      if (example === "existing-user-pool") {
        expect(inModule.filter((address) => /\.aws_cognito_user_pool(_client|_domain)?\./.test(address))).toEqual([]);
        expect(inModule.some((address) => address.includes("aws_cognito_identity_pool."))).toBe(true);
        expect(inModule.some((address) => address.includes("aws_s3_bucket."))).toBe(true);
        expect(inModule.some((address) => address.includes("aws_api_gateway_rest_api."))).toBe(true);
      }
      if (example === "hcl-consumer")
        expect(inModule.every((address) => address.startsWith("module.uploads[0]."))).toBe(true);
    });

    if (example === "complete") {
      test("plans every optional part of the module at least once", () => {
        const tf = JSON.parse(readFileSync(join(ROOT, "terraform", "main.tf.json"), "utf8"));
        const optional = Object.entries<Record<string, any>>(tf.resource).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([, block]) => block.count !== undefined || block.for_each !== undefined)
            .map(([name]) => `${type}.${name}`),
        );
        const inPlan = new Set(planned_addresses(planned));
        expect(optional.filter((address) => !inPlan.has(address))).toEqual([]);
      });
    }
  });

  describe("and the cdktf stack, for the same choices", () => {
    let modulePlan: Planned;
    beforeAll(async () => {
      modulePlan = await results.equivalence;
    }, 300_000);

    test.each(Object.keys(moduleInputs))("the %s configuration plans the resources the stack synthesizes", (name) => {
      const { tf } = synthStack(stackConfigs[name]);
      const stackResources = resourceList(tf);
      const moduleResources = modulePlan.addresses
        .filter((address) => address.startsWith(`module.${name}.`))
        .map((address) => address.slice(`module.${name}.`.length).replace(/\[[^\]]*\]$/, ""));
      // The same resource types, as many of each.
      expect(countByType(moduleResources)).toEqual(countByType(stackResources));
      // The same resources, where both name one resource the same way (for_each entries aside, whose names follow their keys).
      const single = (list: string[]) =>
        new Set(list.filter((address) => !/(identity-providers|group|read-all-images)/.test(address)));
      expect([...single(moduleResources)].sort()).toEqual([...single(stackResources)].sort());
    });
  });
});

const planned_addresses = (planned: Planned) =>
  planned.addresses.map((address) => address.replace(/^module\.uploads(\[0\])?\./, "").replace(/\[[^\]]*\]$/, ""));

function resourceList(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
}

function countByType(addresses: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const address of addresses) {
    const type = address.split(".")[0];
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
