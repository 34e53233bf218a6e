import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { IdentityProviderConfig } from "../../modules/cognito/identity-providers";
import { UploadsConfig, validateConfig } from "../../modules/stack/config";
import { AWS_PROVIDER_VERSION_RANGE, UploadsStack } from "../../modules/stack/uploads-stack";
import { signInConfig } from "../support/configs";
import { allProviders, buildSignInStack } from "../support/sign-in-fixtures";
import {
  findProviderMirror,
  lockedAwsProvider,
  OLDEST_AWS_PROVIDER,
  pinAwsProvider,
  TerraformRunner,
} from "../support/terraform";
import { describeWithTerraform } from "../support/terraform-available";

interface PlannedChange {
  address: string;
  mode: "managed" | "data";
  type: string;
  change: { actions: string[]; after?: Record<string, any>; after_unknown?: Record<string, any> };
}

const providerOf = (type: string, name?: string) =>
  allProviders.find((p) => p.type === type && (name === undefined || ("name" in p && p.name === name)))!;

/**
 * The sign-in configuration of the other suites (support/configs.ts) with every remaining sign-in
 * feature added: all six provider types (two OIDC), email codes through SES, client token
 * validities, a second group, the linking function's reserved concurrency. Planned once through
 * UploadsStack, it stands for both the sign-in configuration's plan and the plan of every sign-in
 * feature (the constructs of support/sign-in-fixtures.ts).
 */
const everySignInFeature: UploadsConfig = validateConfig({
  ...signInConfig,
  userPool: {
    ...signInConfig.userPool,
    logoutUrls: ["https://app.example.com/"],
    mfaFactors: ["totp", "sms", "email"],
    email: {
      sourceArn: "arn:aws:ses:eu-west-1:111122223333:identity/example.com",
      fromAddress: "Photos <no-reply@example.com>",
    },
    identityProviders: [
      ...(signInConfig.userPool.identityProviders ?? []).map((p: IdentityProviderConfig) =>
        p.type === "Facebook" ? { ...p, apiVersion: "v19.0" } : p,
      ),
      providerOf("SignInWithApple"),
      providerOf("LoginWithAmazon"),
      providerOf("OIDC", "CorpOkta"),
      providerOf("SAML"),
    ],
    clients: (signInConfig.userPool.clients ?? []).map((client) =>
      client.preset === "mobile"
        ? { ...client, refreshTokenValidityDays: 90 }
        : { ...client, accessTokenValidityMinutes: 15 },
    ),
    linkingFunction: { reservedConcurrency: 5 },
  },
  identityPool: {
    ...signInConfig.identityPool,
    groups: [
      ...(signInConfig.identityPool?.groups ?? []).map((g) => ({ ...g, description: "Read every user's images" })),
      { name: "editors", precedence: 10 },
    ],
  },
});

/** Synthesizes `build`'s stack into a new folder; returns the stack's folder and JSON text. */
function synthesize(
  prefix: string,
  build: (app: App) => TerraformStack,
): { outdir: string; stackDir: string; text: string } {
  const outdir = mkdtempSync(join(tmpdir(), prefix));
  const app = new App({ outdir, stackTraces: false });
  const stack = build(app);
  app.synth();
  const stackDir = join(outdir, "stacks", stack.node.id);
  return { outdir, stackDir, text: readFileSync(join(stackDir, "cdk.tf.json"), "utf8") };
}

/** A stack of the sign-in constructs whose provider secrets are read from SSM and Secrets Manager. */
function secretsFromDataSources(app: App): TerraformStack {
  const stack = new TerraformStack(app, "sign-in-data");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION_RANGE);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  buildSignInStack(stack, {
    identityProviders: [
      { type: "Google", clientId: "g-client", clientSecret: { ssmParameter: "/auth/google/client-secret" } },
      {
        type: "Facebook",
        clientId: "fb-app",
        clientSecret: { secretsManagerSecret: "auth/facebook", jsonKey: "appSecret" },
      },
    ],
  });
  return stack;
}

describeWithTerraform("terraform on sign-in stacks", () => {
  const folders: string[] = [];
  const runners: TerraformRunner[] = [];
  let terraform: TerraformRunner;
  let synthesized: {
    text: string;
    tf: { resource: Record<string, Record<string, unknown>>; variable: Record<string, any> };
  };
  let secretValues: Record<string, string>;
  let plan: { resource_changes: PlannedChange[]; errored: boolean };
  let dataSourcesValidation: string;

  /** Plans the stack with every sign-in feature with mock credentials and the secrets from a var-file. */
  async function planEverySignInFeature(): Promise<void> {
    const { outdir, stackDir, text } = synthesize("signin-tf-", (app) => new UploadsStack(app, everySignInFeature));
    const varsDir = mkdtempSync(join(tmpdir(), "signin-vars-"));
    folders.push(outdir, varsDir);
    synthesized = { text, tf: JSON.parse(text) };
    terraform = new TerraformRunner(stackDir);
    runners.push(terraform);
    if (!findProviderMirror())
      console.warn(`no provider mirror found: terraform init downloads hashicorp/aws ${OLDEST_AWS_PROVIDER}`);
    pinAwsProvider(stackDir);
    await terraform.runAsync("init", "-input=false");
    terraform.useMockCredentials();
    // Secrets reach Terraform from a file outside the configuration folder, as they would from a CI secret store.
    secretValues = Object.fromEntries(
      Object.keys(synthesized.tf.variable).map((name, index) => [name, `test-secret-${index}-${name.length}`]),
    );
    const varFile = join(varsDir, "secrets.auto.tfvars.json");
    writeFileSync(varFile, JSON.stringify(secretValues));
    // A plan runs Terraform's validation first (the walk of `terraform validate`) and stops on its errors.
    await terraform.runAsync(
      "plan",
      "-input=false",
      "-lock=false",
      "-refresh=false",
      `-var-file=${varFile}`,
      "-out=tfplan",
    );
    plan = JSON.parse(await terraform.runAsync("show", "-json", "tfplan"));
  }

  /** Data sources call AWS at plan time, so this configuration is validated, not planned, offline. */
  async function validateSecretsFromDataSources(): Promise<void> {
    const { outdir, stackDir } = synthesize("signin-tf-data-", secretsFromDataSources);
    folders.push(outdir);
    const runner = new TerraformRunner(stackDir);
    runners.push(runner);
    pinAwsProvider(stackDir);
    await runner.runAsync("init", "-input=false");
    dataSourcesValidation = await runner.runAsync("validate");
  }

  beforeAll(() => Promise.all([planEverySignInFeature(), validateSecretsFromDataSources()]), 180_000);

  afterAll(() => {
    for (const runner of runners) runner.cleanup();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  describe("with every sign-in feature", () => {
    test("validates against the oldest supported provider version, without a dependency cycle", () => {
      expect(plan.errored).toBe(false);
      expect(lockedAwsProvider(terraform.workdir)).toBe(OLDEST_AWS_PROVIDER);
      expect(synthesized.tf).toHaveProperty(
        ["terraform", "required_providers", "aws", "version"],
        AWS_PROVIDER_VERSION_RANGE,
      );
    });

    test("declares each provider secret as a sensitive variable and keeps the values out of the configuration", () => {
      expect(Object.keys(synthesized.tf.variable).sort()).toEqual([
        "amazon_client_secret",
        "apple_private_key",
        "corpokta_client_secret",
        "corporate_client_secret",
        "facebook_client_secret",
        "google_client_secret",
      ]);
      for (const [name, variable] of Object.entries(synthesized.tf.variable)) {
        expect([name, variable]).toEqual([name, expect.objectContaining({ sensitive: true, type: "string" })]);
        expect(variable.default).toBeUndefined();
      }
      for (const value of Object.values(secretValues)) expect(synthesized.text).not.toContain(value);
    });

    test("wires the trigger to the pool created in the same apply", () => {
      const change = (type: string) => plan.resource_changes.find((c) => c.type === type)?.change;
      expect(change("aws_cognito_user_pool")?.after_unknown?.lambda_config).toEqual([
        expect.objectContaining({ pre_sign_up: true }),
      ]);
      expect(change("aws_cognito_user_pool")?.after?.lambda_config?.[0]?.post_confirmation).toBeNull();
      const permissions = plan.resource_changes.filter((c) => c.type === "aws_lambda_permission").map((c) => c.change);
      expect(permissions.filter((p) => p.after?.principal === "cognito-idp.amazonaws.com")).toEqual([
        expect.objectContaining({ after_unknown: expect.objectContaining({ source_arn: true }) }),
      ]);
    });

    test("leaves the SMS external id and the account the SMS role trusts to AWS at apply time, with no AWS call at plan time", () => {
      const change = (type: string, fragment: string) =>
        plan.resource_changes.find((c) => c.type === type && c.address.includes(fragment))?.change;
      expect(change("aws_cognito_user_pool", "")?.after_unknown?.sms_configuration).toEqual([
        expect.objectContaining({ external_id: true }),
      ]);
      expect(change("aws_iam_role", "sms-role")?.after_unknown?.assume_role_policy).toBe(true);
      expect(change("aws_iam_policy", "sms-role")?.after_unknown?.policy_id).toBe(true);
    });

    test("plans every synthesized resource for creation, deferring only the local parses of the SMS policy's and the mover's ARNs", () => {
      const expected = Object.entries(synthesized.tf.resource).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      const managed = plan.resource_changes.filter((c) => c.mode === "managed");
      expect(managed.map((c) => c.address).sort()).toEqual(expected.sort());
      expect(managed.filter((c) => c.change.actions.join() !== "create")).toEqual([]);
      // A data source whose input is only known after apply is read then; aws_arn parses text and calls no AWS API.
      expect(
        plan.resource_changes
          .filter((c) => c.mode === "data")
          .map((c) => [
            c.type,
            c.address.includes("sms-role") || c.address.includes("events_publisher-arn"),
            c.change.actions.join(),
          ]),
      ).toEqual([
        ["aws_arn", true, "read"],
        ["aws_arn", true, "read"],
      ]);
    });
  });

  test("validates secrets read from SSM and Secrets Manager, each through a data source", () => {
    expect(dataSourcesValidation).toContain("Success! The configuration is valid.");
  });
});
