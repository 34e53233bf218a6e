import { createSign, generateKeyPairSync } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { IDENTITY_SESSION_NAME } from "../../sandbox/identity";
import {
  adminClient,
  claimsOf,
  configForOrigin,
  freePort,
  pngImage,
  s3ClientFor,
  signedInUser,
  useSandbox,
} from "./support/sandbox";

const fixture = useSandbox(async () => ({ config: configForOrigin(await freePort()) }));
const image = pngImage(8, 8, [200, 40, 40]);

/** The error an S3 call failed with (its name is S3's error code). */
async function s3Failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException)
      return { name: error.name, status: error.$metadata.httpStatusCode, message: error.message };
    throw error;
  }
  throw new Error("the request succeeded");
}

describe("sandbox: the whole flow through the SDK", () => {
  test("a user signs in, uploads into tmp/<sub>/ with identity-pool credentials, and POST /images moves it to images/<sub>/", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const key = `tmp/${user.sub}/cat.png`;
    await user.s3.send(
      new PutObjectCommand({ Bucket: sandbox.bucket.name, Key: key, Body: image, ContentType: "image/png" }),
    );

    const { status, body } = await user.move(key);

    expect({ status, body }).toEqual({
      status: 201,
      body: { key: `images/${user.sub}/cat.png`, bytes: image.length, contentType: "image/png" },
    });
    const admin = adminClient(sandbox);
    const listed = await admin.send(
      new ListObjectsV2Command({ Bucket: sandbox.bucket.name, Prefix: `tmp/${user.sub}/` }),
    );
    expect(listed.Contents ?? []).toEqual([]);
    const moved = await admin.send(
      new GetObjectCommand({ Bucket: sandbox.bucket.name, Key: `images/${user.sub}/cat.png` }),
    );
    expect(Buffer.from(await moved.Body!.transformToByteArray())).toEqual(image);
  });

  test("tokens carry AWS's issuer and pool id, so aws-jwt-verify's CognitoJwtVerifier accepts them as it would in production", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const { auth, endpoints, region } = sandbox.frontendConfig;
    const verifier = CognitoJwtVerifier.create({
      userPoolId: auth.userPoolId,
      tokenUse: "id",
      clientId: auth.userPoolClientId,
    });
    verifier.cacheJwks(
      (await (await fetch(`${endpoints.userPool}/${auth.userPoolId}/.well-known/jwks.json`)).json()) as never,
    );

    const payload = await verifier.verify(user.idToken);

    expect(auth.userPoolId).toMatch(new RegExp(`^${region}_[0-9A-Za-z]+$`));
    expect(payload.iss).toBe(`https://cognito-idp.${region}.amazonaws.com/${auth.userPoolId}`);
    expect(JSON.parse(Buffer.from(user.idToken.split(".")[0], "base64url").toString("utf8"))).toMatchObject({
      alg: "RS256",
    });
  });

  test("identity-pool credentials are a session of the authenticated role tagged with the user's sub", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const session = sandbox.sessions.get(user.accessKeyId);
    expect(session).toMatchObject({
      role: "authenticated",
      sessionName: IDENTITY_SESSION_NAME,
      tags: { sub: user.sub },
    });
  });

  test("the gate refuses an upload into another user's prefix with S3's 403 AccessDenied", async () => {
    const { sandbox } = fixture;
    const [alice, bob] = [await signedInUser(sandbox), await signedInUser(sandbox)];
    const failure = await s3Failure(
      alice.s3.send(
        new PutObjectCommand({ Bucket: sandbox.bucket.name, Key: `tmp/${bob.sub}/planted.png`, Body: image }),
      ),
    );
    expect(failure).toMatchObject({ name: "AccessDenied", status: 403 });
    expect(failure.message).toContain(
      `s3:PutObject on resource: "arn:aws:s3:::${sandbox.bucket.name}/tmp/${bob.sub}/planted.png"`,
    );
    expect(sandbox.decisions.at(-1)).toMatchObject({
      role: "authenticated",
      action: "s3:PutObject",
      decision: "ImplicitlyDenied",
    });
  });

  test("the gate refuses what the browser role may not do beyond uploading: reading, deleting, listing, a non-STANDARD storage class", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const bucket = sandbox.bucket.name;
    const own = `tmp/${user.sub}/own.png`;
    await user.s3.send(new PutObjectCommand({ Bucket: bucket, Key: own, Body: image }));
    const refusals = await Promise.all([
      s3Failure(user.s3.send(new GetObjectCommand({ Bucket: bucket, Key: own }))),
      s3Failure(user.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: own }))),
      s3Failure(user.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `tmp/${user.sub}/` }))),
      s3Failure(
        user.s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `tmp/${user.sub}/glacier.png`,
            Body: image,
            StorageClass: "GLACIER",
          }),
        ),
      ),
      s3Failure(
        user.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `images/${user.sub}/direct.png`, Body: image })),
      ),
    ]);
    expect(refusals.map(({ name, status }) => `${status} ${name}`)).toEqual(Array(5).fill("403 AccessDenied"));
  });

  test("the mover's S3 calls pass the gate as the mover role, whose policy allows no delete under images/", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const key = `tmp/${user.sub}/dog.png`;
    await user.s3.send(new PutObjectCommand({ Bucket: sandbox.bucket.name, Key: key, Body: image }));
    const before = sandbox.decisions.length;
    expect((await user.move(key)).status).toBe(201);
    const moverDecisions = sandbox.decisions.slice(before).filter((decision) => decision.role === "mover");
    expect(moverDecisions.map((d) => `${d.action} ${d.decision}`)).toEqual(
      expect.arrayContaining(["s3:GetObject Allowed", "s3:PutObject Allowed", "s3:DeleteObject Allowed"]),
    );

    const mover = s3ClientFor(sandbox, sandbox.sessions.issue("mover", "move-upload"));
    const failure = await s3Failure(
      mover.send(new DeleteObjectCommand({ Bucket: sandbox.bucket.name, Key: `images/${user.sub}/dog.png` })),
    );
    expect(failure).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  test("the gate checks each signature against the issued secret and session token", async () => {
    const { sandbox } = fixture;
    const issued = sandbox.sessions.issue("mover", "move-upload");
    const bucket = sandbox.bucket.name;
    const head = (client: S3Client) =>
      s3Failure(client.send(new HeadObjectCommand({ Bucket: bucket, Key: "tmp/nobody/none.png" })));
    const wrongSecret = await s3Failure(
      s3ClientFor(sandbox, { ...issued, secretAccessKey: `${issued.secretAccessKey}x` }).send(
        new PutObjectCommand({ Bucket: bucket, Key: "images/x/y.png", Body: image }),
      ),
    );
    const unknownKey = await s3Failure(
      s3ClientFor(sandbox, { ...issued, accessKeyId: "ASIAUNKNOWNKEY000001" }).send(
        new PutObjectCommand({ Bucket: bucket, Key: "images/x/y.png", Body: image }),
      ),
    );
    const noToken = await s3Failure(
      s3ClientFor(sandbox, { ...issued, sessionToken: undefined }).send(
        new PutObjectCommand({ Bucket: bucket, Key: "images/x/y.png", Body: image }),
      ),
    );
    const anonymous = await fetch(`${sandbox.frontendConfig.endpoints.s3}/${bucket}/images/x/y.png`, {
      method: "PUT",
      body: image,
    });

    expect([wrongSecret, unknownKey, noToken].map(({ name, status }) => `${status} ${name}`)).toEqual([
      "403 SignatureDoesNotMatch",
      "403 InvalidAccessKeyId",
      "400 InvalidToken",
    ]);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("<Code>AccessDenied</Code>");
    // A missing key under the mover's listable prefixes is a 404, as ListBucket makes it in S3.
    expect(await head(s3ClientFor(sandbox, issued))).toMatchObject({ status: 404 });
  });

  test("the API refuses a request without a token, or with a token the pool did not sign, with API Gateway's 401", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: "CognitoLocal", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(user.idToken), sub: "someone-else" })).toString(
      "base64url",
    );
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey).toString("base64url");
    const post = (headers: Record<string, string>) =>
      fetch(sandbox.frontendConfig.api.imagesUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ key: `tmp/${user.sub}/x.png` }),
      });

    const [missing, forged] = await Promise.all([
      post({}),
      post({ Authorization: `${header}.${payload}.${signature}` }),
    ]);

    expect([missing.status, forged.status]).toEqual([401, 401]);
    expect(await missing.json()).toEqual({ message: "Unauthorized" });
  });

  test("the identity pool refuses a GetId for another pool id and a tampered token", async () => {
    const { sandbox } = fixture;
    const user = await signedInUser(sandbox);
    const { endpoints, auth, region } = sandbox.frontendConfig;
    const getId = (identityPoolId: string, token: string) =>
      fetch(endpoints.identity, {
        method: "POST",
        headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityService.GetId" },
        body: JSON.stringify({
          IdentityPoolId: identityPoolId,
          Logins: { [`cognito-idp.${region}.amazonaws.com/${auth.userPoolId}`]: token },
        }),
      }).then(async (response) => ({
        status: response.status,
        type: ((await response.json()) as { __type?: string }).__type,
      }));
    const [, payload] = user.idToken.split(".");
    const tampered = user.idToken.replace(
      payload,
      Buffer.from(JSON.stringify({ ...claimsOf(user.idToken), sub: "x" })).toString("base64url"),
    );

    expect(await getId(`${region}:00000000-0000-4000-8000-000000000000`, user.idToken)).toEqual({
      status: 400,
      type: "ResourceNotFoundException",
    });
    expect(await getId(auth.identityPoolId, tampered)).toEqual({ status: 400, type: "NotAuthorizedException" });
    expect(await getId(auth.identityPoolId, user.idToken)).toMatchObject({ status: 200 });
  });

  test("preflights: the bucket allows the configured origin only, the API answers with the synthesized mock integration's headers", async () => {
    const { sandbox } = fixture;
    const [origin] = sandbox.facts.bucket.cors[0].allowedOrigins;
    const preflight = (url: string, from: string) =>
      fetch(url, {
        method: "OPTIONS",
        headers: {
          Origin: from,
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "content-type,x-amz-date",
        },
      });
    const bucketUrl = `${sandbox.frontendConfig.endpoints.s3}/${sandbox.bucket.name}/tmp/a/b.png`;

    const [allowed, foreign, api] = await Promise.all([
      preflight(bucketUrl, origin),
      preflight(bucketUrl, "https://evil.example"),
      preflight(sandbox.frontendConfig.api.imagesUrl, origin),
    ]);

    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(foreign.status).toBe(403);
    expect(api.status).toBe(204);
    expect(api.headers.get("access-control-allow-origin")).toBe(origin);
    expect(api.headers.get("access-control-allow-headers")).toBe("Authorization,Content-Type");
  });
});
