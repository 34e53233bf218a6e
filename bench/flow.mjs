// The whole flow through the sandbox with the SDK (no browser): N users each sign in (cognito-local), trade the id
// token for identity-pool credentials (stand-in), upload M images straight to tmp/<sub>/ (IAM gate, S3 server) and
// call POST /images (local API, shipped mover); beside it, in the same run and on the same server, the bare S3
// PUT + CopyObject + DeleteObject of the same images with the sandbox's admin key (signature checked, no policy).
// Usage: npm run bench:flow   Options (environment): BENCH_USERS (20), BENCH_IMAGES per user (5), BENCH_IMAGE_KB (64).
import { createRequire } from "node:module";
import { buildSandbox } from "../sandbox/build.mjs";

const require = createRequire(import.meta.url);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 5);
const IMAGE_KB = Number(process.env.BENCH_IMAGE_KB ?? 64);
const PASSWORD = "Bench-Password-42!";

const { S3Client, PutObjectCommand, CopyObjectCommand, DeleteObjectCommand } = require("@aws-sdk/client-s3");
const { fromCognitoIdentityPool } = require("@aws-sdk/credential-providers");
const { CognitoIdentityProviderClient, InitiateAuthCommand } = require("@aws-sdk/client-cognito-identity-provider");

const IMAGE = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
  Buffer.alloc(IMAGE_KB * 1024 - 16, 7),
]);
const SDK = /** @type {const} */ ({
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
  maxAttempts: 1,
});

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const timed = async (samples, task) => {
  const start = performance.now();
  const result = await task();
  samples.push(performance.now() - start);
  return result;
};

async function main() {
  process.removeAllListeners("warning");
  const { index } = await buildSandbox();
  const { startSandbox, ADMIN } = require(index);
  const startedAt = performance.now();
  const sandbox = await startSandbox({ web: false });
  const startMs = performance.now() - startedAt;
  const config = sandbox.frontendConfig;
  const { region } = config;
  try {
    const emails = Array.from({ length: USERS }, (_, i) => `bench-${i}@example.com`);
    for (const email of emails) await sandbox.createUser(email, PASSWORD);

    const steps = { signIn: [], credentials: [], upload: [], move: [], image: [] };
    const failures = [];
    const flowStart = performance.now();
    await Promise.all(
      emails.map(async (email) => {
        const idp = new CognitoIdentityProviderClient({
          region,
          endpoint: config.endpoints.userPool,
          credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
          maxAttempts: 1,
        });
        const { AuthenticationResult } = await timed(steps.signIn, () =>
          idp.send(
            new InitiateAuthCommand({
              ClientId: config.auth.userPoolClientId,
              AuthFlow: "USER_PASSWORD_AUTH",
              AuthParameters: { USERNAME: email, PASSWORD },
            }),
          ),
        );
        const idToken = AuthenticationResult.IdToken;
        const sub = JSON.parse(Buffer.from(idToken.split(".")[1], "base64url").toString()).sub;
        const provider = fromCognitoIdentityPool({
          clientConfig: { region, endpoint: config.endpoints.identity },
          identityPoolId: config.auth.identityPoolId,
          logins: { [`cognito-idp.${region}.amazonaws.com/${config.auth.userPoolId}`]: idToken },
        });
        const credentials = await timed(steps.credentials, () => provider());
        const s3 = new S3Client({ region, endpoint: config.endpoints.s3, forcePathStyle: true, credentials, ...SDK });
        for (let i = 0; i < IMAGES; i++) {
          const key = `${config.storage.uploadPrefix}${sub}/bench-${i}.png`;
          const imageStart = performance.now();
          await timed(steps.upload, () =>
            s3.send(
              new PutObjectCommand({
                Bucket: config.storage.bucketName,
                Key: key,
                Body: IMAGE,
                ContentType: "image/png",
              }),
            ),
          );
          const response = await timed(steps.move, () =>
            fetch(config.api.imagesUrl, {
              method: "POST",
              headers: { Authorization: idToken, "Content-Type": "application/json" },
              body: JSON.stringify({ key }),
            }),
          );
          const body = await response.json();
          if (response.status !== 201) failures.push(`${key}: ${response.status} ${JSON.stringify(body)}`);
          steps.image.push(performance.now() - imageStart);
        }
        s3.destroy();
        idp.destroy();
      }),
    );
    const flowSeconds = (performance.now() - flowStart) / 1000;

    // Bare S3 on the same server: the same number of images, the same concurrency (one worker per user).
    const admin = sandbox.sessions.issue(ADMIN, "bench");
    const bareClient = new S3Client({
      region,
      endpoint: config.endpoints.s3,
      forcePathStyle: true,
      credentials: {
        accessKeyId: admin.accessKeyId,
        secretAccessKey: admin.secretAccessKey,
        sessionToken: admin.sessionToken,
      },
      ...SDK,
    });
    const bare = { put: [], copy: [], delete: [], image: [] };
    const bucket = config.storage.bucketName;
    const bareStart = performance.now();
    await Promise.all(
      emails.map(async (_, user) => {
        for (let i = 0; i < IMAGES; i++) {
          const source = `bare/tmp/${user}/${i}.png`;
          const start = performance.now();
          await timed(bare.put, () =>
            bareClient.send(
              new PutObjectCommand({ Bucket: bucket, Key: source, Body: IMAGE, ContentType: "image/png" }),
            ),
          );
          await timed(bare.copy, () =>
            bareClient.send(
              new CopyObjectCommand({
                Bucket: bucket,
                Key: `bare/images/${user}/${i}.png`,
                CopySource: `${bucket}/${source}`,
              }),
            ),
          );
          await timed(bare.delete, () => bareClient.send(new DeleteObjectCommand({ Bucket: bucket, Key: source })));
          bare.image.push(performance.now() - start);
        }
      }),
    );
    const bareSeconds = (performance.now() - bareStart) / 1000;
    bareClient.destroy();

    const images = USERS * IMAGES;
    const row = (name, samples) =>
      `  ${name.padEnd(34)} ${String(samples.length).padStart(5)}  ${percentile(samples, 50).toFixed(1).padStart(8)}  ${percentile(samples, 95).toFixed(1).padStart(8)}`;
    console.log(
      `sandbox started in ${Math.round(startMs)} ms; ${USERS} users x ${IMAGES} images of ${IMAGE_KB} KiB, all users at once`,
    );
    console.log(`  ${"step".padEnd(34)} ${"count".padStart(5)}  ${"p50 ms".padStart(8)}  ${"p95 ms".padStart(8)}`);
    console.log(row("sign in (InitiateAuth)", steps.signIn));
    console.log(row("credentials (GetId + GetCreds...)", steps.credentials));
    console.log(row("upload (PUT through the IAM gate)", steps.upload));
    console.log(row("move (POST /images -> mover)", steps.move));
    console.log(row("image (upload + move)", steps.image));
    console.log(row("bare PUT", bare.put));
    console.log(row("bare CopyObject", bare.copy));
    console.log(row("bare DeleteObject", bare.delete));
    console.log(row("bare image (PUT + copy + delete)", bare.image));
    console.log(
      `flow: ${images} images in ${flowSeconds.toFixed(2)} s = ${(images / flowSeconds).toFixed(1)} images/s (sign-in and credentials included)`,
    );
    console.log(
      `bare: ${images} images in ${bareSeconds.toFixed(2)} s = ${(images / bareSeconds).toFixed(1)} images/s; the flow runs at ${(images / flowSeconds / (images / bareSeconds)).toFixed(2)}x`,
    );
    if (failures.length > 0) {
      console.error(`${failures.length} moves failed:\n${failures.slice(0, 5).join("\n")}`);
      process.exitCode = 1;
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
