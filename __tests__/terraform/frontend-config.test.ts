import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { frontendConfigFromOutputs, frontendConfigSchema } from "../../modules/stack/frontend-config";
import { TerraformRunner } from "../support/terraform";
import { describeWithTerraform } from "../support/terraform-available";

const ROOT = join(__dirname, "..", "..");
const DEPLOYED = {
  region: "eu-west-1",
  userPoolId: "eu-west-1_AbCdEf123",
  userPoolClientId: "4tq8example3clientid0abcd",
  identityPoolId: "eu-west-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
  bucketName: "image-uploads-20261128abcdef",
  uploadPrefix: "tmp/",
  apiUrl: "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1",
  domain: "https://image-uploads-dev.auth.eu-west-1.amazoncognito.com",
};

describe("the frontend configuration", () => {
  test("names the outputs a stack that was never deployed lacks", () => {
    expect(() => frontendConfigFromOutputs({ region: { value: "eu-west-1" } })).toThrow(
      /no output userPoolId, userPoolClientId, identityPoolId, bucketName, uploadPrefix, apiUrl: has it been deployed/,
    );
  });

  test("leaves the domain out when the stack has none", () => {
    const outputs = Object.fromEntries(
      Object.entries(DEPLOYED)
        .filter(([name]) => name !== "domain")
        .map(([name, value]) => [name, { value }]),
    );
    expect(frontendConfigFromOutputs(outputs).auth.domain).toBeUndefined();
  });

  describeWithTerraform("from a real Terraform state", () => {
    let dir: string;
    let terraform: TerraformRunner;

    beforeAll(() => {
      // A configuration of outputs only gives a real state and real `terraform output -json` without AWS.
      dir = mkdtempSync(join(tmpdir(), "uploads-outputs-"));
      const output = Object.fromEntries(Object.entries(DEPLOYED).map(([name, value]) => [name, { value }]));
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output }));
      terraform = new TerraformRunner(dir);
      terraform.run("init", "-input=false");
      terraform.run("apply", "-auto-approve", "-input=false");
    }, 120_000);
    afterAll(() => {
      terraform?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    test("npm run outputs writes uploads-config.json in the documented shape", () => {
      const file = join(dir, "uploads-config.json");
      execFileSync(
        process.execPath,
        [join(ROOT, "scripts", "write-frontend-config.mjs"), "--stack-dir", dir, "--out", file],
        { encoding: "utf8", env: { ...process.env, ...terraform.environment } },
      );
      const written = JSON.parse(readFileSync(file, "utf8"));
      expect(frontendConfigSchema.parse(written)).toEqual(written);
      expect(written).toEqual({
        version: 1,
        region: DEPLOYED.region,
        auth: {
          userPoolId: DEPLOYED.userPoolId,
          userPoolClientId: DEPLOYED.userPoolClientId,
          identityPoolId: DEPLOYED.identityPoolId,
          domain: DEPLOYED.domain,
        },
        storage: { bucketName: DEPLOYED.bucketName, uploadPrefix: "tmp/" },
        api: { url: DEPLOYED.apiUrl, imagesUrl: `${DEPLOYED.apiUrl}/images` },
      });
    }, 60_000);
  });
});
