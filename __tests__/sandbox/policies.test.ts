import { PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import type { TerraformJson } from "../../modules/rules";
import { resourcesOf } from "../../modules/rules/lib/terraform";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { synthesizeTerraform } from "../../sandbox/synthesize";
import { configForOrigin, freePort, pngImage, signedInUser, signIn } from "./support/sandbox";

const image = pngImage(4, 4, [20, 120, 200]);

/** The status of an upload by `uploader` into `key`: 200 when S3 stored it, else S3's error status and code. */
async function uploadStatus(
  sandbox: Sandbox,
  uploader: Awaited<ReturnType<typeof signedInUser>>,
  key: string,
): Promise<string> {
  try {
    const { $metadata } = await uploader.s3.send(
      new PutObjectCommand({ Bucket: sandbox.bucket.name, Key: key, Body: image, ContentType: "image/png" }),
    );
    return String($metadata.httpStatusCode);
  } catch (error) {
    if (error instanceof S3ServiceException) return `${error.$metadata.httpStatusCode} ${error.name}`;
    throw error;
  }
}

/** A copy of `tf` whose browser upload grant says `resource` instead of `tmp/${aws:PrincipalTag/sub}/*`. */
function withUploadGrant(tf: TerraformJson, resource: string): TerraformJson {
  const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
  const [[, grant]] = resourcesOf(copy, "aws_iam_role_policy").filter(([, body]) =>
    String(body.policy).includes("PrincipalTag/sub"),
  );
  grant.policy = String(grant.policy).replace("/tmp/$${aws:PrincipalTag/sub}/*", resource);
  expect(grant.policy).toContain(resource);
  return copy;
}

describe("sandbox: what it allows is what the synthesized policies allow", () => {
  let tf: TerraformJson;
  let webPort: number;
  beforeAll(async () => {
    webPort = await freePort();
    tf = synthesizeTerraform(configForOrigin(webPort));
  });

  test("with the upload grant widened to tmp/* in a synthesized copy, one user can upload into another's prefix; as synthesized, not", async () => {
    const results: Record<string, string> = {};
    for (const [name, terraform] of [
      ["as synthesized", tf],
      ["widened to tmp/*", withUploadGrant(tf, "/tmp/*")],
    ] as const) {
      const sandbox = await startSandbox({ terraform, web: false });
      try {
        const [alice, bob] = [await signedInUser(sandbox), await signedInUser(sandbox)];
        results[name] = await uploadStatus(sandbox, alice, `tmp/${bob.sub}/planted.png`);
      } finally {
        await sandbox.close();
      }
    }
    expect(results).toEqual({ "as synthesized": "403 AccessDenied", "widened to tmp/*": "200" });
  });

  test("the identity pool accepts id tokens of the clients it lists only", async () => {
    // A second app client of the same pool that the synthesized identity pool does not list.
    const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
    const [[address, web]] = resourcesOf(copy, "aws_cognito_user_pool_client");
    copy.resource!.aws_cognito_user_pool_client[`${address.split(".")[1]}_admin`] = { ...web, name: "admin-tool" };
    const sandbox = await startSandbox({ terraform: copy, web: false });
    try {
      const admin = sandbox.facts.userPool.clients.find((client) => client.name === "admin-tool")!;
      const user = await signedInUser(sandbox);
      const token = await signIn(sandbox, user.email, admin.clientId);
      const { region, auth, endpoints } = sandbox.frontendConfig;
      const response = await fetch(endpoints.identity, {
        method: "POST",
        headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityService.GetId" },
        body: JSON.stringify({
          IdentityPoolId: auth.identityPoolId,
          Logins: { [`cognito-idp.${region}.amazonaws.com/${auth.userPoolId}`]: token },
        }),
      });
      expect({ status: response.status, type: ((await response.json()) as { __type: string }).__type }).toEqual({
        status: 400,
        type: "NotAuthorizedException",
      });
      // The API's authorizer takes any client of the pool; the mover refuses clients it does not serve.
      const moved = await fetch(sandbox.frontendConfig.api.imagesUrl, {
        method: "POST",
        headers: { Authorization: token, "Content-Type": "application/json" },
        body: JSON.stringify({ key: `tmp/${user.sub}/x.png` }),
      });
      expect(moved.status).toBe(403);
      expect(((await moved.json()) as { error: { code: string } }).error.code).toBe("ClientNotAllowed");
    } finally {
      await sandbox.close();
    }
  });

  test("credentials are issued only when the authenticated role's trust policy lets Cognito assume it for this pool", async () => {
    const copy = JSON.parse(JSON.stringify(tf)) as TerraformJson;
    const [[, role]] = resourcesOf(copy, "aws_iam_role").filter(([, body]) =>
      String(body.assume_role_policy).includes("authenticated"),
    );
    role.assume_role_policy = String(role.assume_role_policy).replace(
      /\$\{aws_cognito_identity_pool\.[^}]+\.id\}/,
      "us-east-1:00000000-0000-4000-8000-00000000dead",
    );
    const sandbox = await startSandbox({ terraform: copy, web: false });
    try {
      await expect(signedInUser(sandbox)).rejects.toThrow(/Invalid identity pool configuration/);
    } finally {
      await sandbox.close();
    }
  });

  test("the current configuration (UPLOADS_CONFIG_JSON) decides: a new upload prefix and size cap show up in the sandbox", async () => {
    const previous = process.env.UPLOADS_CONFIG_JSON;
    const origin = `http://localhost:${webPort}`;
    process.env.UPLOADS_CONFIG_JSON = JSON.stringify({
      allowedOrigins: [origin],
      development: true,
      userPool: { callbackUrls: [`${origin}/`] },
      bucket: { uploadPrefix: "incoming/" },
      mover: { maxUploadBytes: 4096 },
    });
    let sandbox: Sandbox | undefined;
    try {
      sandbox = await startSandbox({ web: false });
      const user = await signedInUser(sandbox);
      expect(sandbox.frontendConfig.storage.uploadPrefix).toBe("incoming/");
      expect(await uploadStatus(sandbox, user, `tmp/${user.sub}/old-prefix.png`)).toBe("403 AccessDenied");
      expect(await uploadStatus(sandbox, user, `incoming/${user.sub}/new-prefix.png`)).toBe("200");
      expect(await user.move(`incoming/${user.sub}/new-prefix.png`)).toMatchObject({
        status: 201,
        body: { key: `images/${user.sub}/new-prefix.png` },
      });
      const big = `incoming/${user.sub}/big.png`;
      await user.s3.send(
        new PutObjectCommand({ Bucket: sandbox.bucket.name, Key: big, Body: pngImage(4, 4, [0, 0, 0], 8192) }),
      );
      expect((await user.move(big)).status).toBe(413);
    } finally {
      if (previous === undefined) delete process.env.UPLOADS_CONFIG_JSON;
      else process.env.UPLOADS_CONFIG_JSON = previous;
      await sandbox?.close();
    }
  });
});
