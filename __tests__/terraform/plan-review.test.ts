import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { synthStack } from "../support/synth";
import { defaultConfig } from "../support/configs";
import { describeWithTerraform } from "../support/terraform-available";

const ROOT = join(__dirname, "..", "..");

describe("the pull-request plan workflow", () => {
  const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "plan.yml"), "utf8"));
  const steps: { uses?: string; run?: string; with?: Record<string, string> }[] = workflow.jobs.plan.steps;
  const text = JSON.stringify(workflow);

  test("runs on pull requests with an OIDC token and permission to comment", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read", "pull-requests": "write" });
  });

  test("assumes a role through OIDC and stores no static keys", () => {
    const assume = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(assume?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/);
  });

  test("synthesizes, checks the security rules, plans and posts the plan", () => {
    const runs = steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("npm ci");
    expect(runs).toContain("npm run synth");
    expect(runs).toContain("check-security.js");
    expect(runs).toMatch(/terraform plan -input=false/);
    const post = steps.find((s) => s.uses?.startsWith("actions/github-script@"));
    expect(post?.with?.script).toMatch(/createComment[\s\S]*updateComment|updateComment[\s\S]*createComment/);
  });
});

// This is also the default configuration's plan: stack-plan.test.ts plans the others.
describeWithTerraform("npm run plan:offline", () => {
  test("prints the plan of the configured stack with no AWS account, even with a remote backend configured: every resource of the default configuration for creation", () => {
    const output = execFileSync(process.execPath, [join(ROOT, "scripts", "plan-offline.mjs")], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        UPLOADS_CONFIG_JSON: JSON.stringify({
          development: true,
          backend: { s3: { bucket: "acme-state", key: "uploads.tfstate", region: "eu-west-1" } },
        }),
      },
    });
    const expected = Object.entries(synthStack(defaultConfig).tf.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    expect(output).toContain(`Plan: ${expected.length} to add, 0 to change, 0 to destroy.`);
    const planned = [...output.matchAll(/^ {2}# (\S+) (will|must) be (.+)$/gm)].map(([, address, , action]) => [
      address,
      action,
    ]);
    expect(
      planned
        .filter(([, action]) => action === "created")
        .map(([address]) => address)
        .sort(),
    ).toEqual(expected.sort());
    // Data sources read at apply are only aws_arn, which parses an ARN not yet known and calls no AWS API.
    expect(
      planned.filter(
        ([address, action]) =>
          action !== "created" && !(address.startsWith("data.aws_arn.") && action === "read during apply"),
      ),
    ).toEqual([]);
  }, 120_000);
});
