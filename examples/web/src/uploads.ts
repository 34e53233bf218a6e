import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import type { UploadsConfig } from "./config";

/** What `POST /images` answers for a moved image. */
export interface MovedImage {
  readonly key: string;
  readonly bytes: number;
  readonly contentType: string;
}

/** A refusal of `POST /images`: the mover's `{"error": {"code", "message"}}` or API Gateway's `{"message"}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/** The claims of an id token (already verified by whoever checks it: the identity pool and the API). */
export function claimsOf(idToken: string): { sub: string; email?: string } {
  return JSON.parse(atob(idToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
}

/** An S3 client whose credentials come from the identity pool, for the signed-in user. */
export function uploadClient(config: UploadsConfig, idToken: string): S3Client {
  const credentials = fromCognitoIdentityPool({
    // The sandbox's configuration names local endpoints; a deployed stack's has none.
    clientConfig: { region: config.region, ...(config.endpoints ? { endpoint: config.endpoints.identity } : {}) },
    identityPoolId: config.auth.identityPoolId,
    logins: { [`cognito-idp.${config.region}.amazonaws.com/${config.auth.userPoolId}`]: idToken },
  });
  return new S3Client({
    region: config.region,
    credentials,
    // PutObject needs no checksum; computing one reads the body as a stream, which fails for some File objects.
    requestChecksumCalculation: "WHEN_REQUIRED",
    ...(config.endpoints ? { endpoint: config.endpoints.s3, forcePathStyle: true } : {}),
  });
}

/** Uploads `file` straight to S3 under `key` (by default a new key in the user's own upload folder). */
export async function putUpload(
  config: UploadsConfig,
  file: Blob & { name?: string },
  idToken: string,
  key?: string,
): Promise<string> {
  // The role may write only under <uploadPrefix><your sub>/.
  const target =
    key ?? `${config.storage.uploadPrefix}${claimsOf(idToken).sub}/${crypto.randomUUID()}-${file.name ?? "image"}`;
  await uploadClient(config, idToken).send(
    new PutObjectCommand({
      Bucket: config.storage.bucketName,
      Key: target,
      Body: file,
      ContentType: file.type || undefined,
    }),
  );
  return target;
}

/** Asks the API to check the upload at `key` and move it into the user's images. */
export async function moveUpload(config: UploadsConfig, key: string, idToken: string): Promise<MovedImage> {
  const response = await fetch(config.api.imagesUrl, {
    method: "POST",
    headers: { Authorization: idToken, "Content-Type": "application/json" },
    body: JSON.stringify({ key }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.code ?? "Error",
      body.error?.message ?? body.message ?? response.statusText,
    );
  }
  return body as MovedImage;
}

/** The whole flow: upload to `tmp/<sub>/`, then `POST /images`; resolves with the moved image. */
export async function uploadImage(config: UploadsConfig, file: File, idToken: string): Promise<MovedImage> {
  const key = await putUpload(config, file, idToken);
  return moveUpload(config, key, idToken);
}
