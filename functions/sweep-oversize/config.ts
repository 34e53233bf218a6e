/** Settings of the sweeper, read once per cold start from the function's environment. */
export interface SweeperConfig {
  readonly bucket: string;
  /** Only objects under this prefix are swept: uploads, never images. */
  readonly uploadPrefix: string;
  /** An upload larger than this is deleted; the mover's own limit. */
  readonly maxUploadBytes: number;
}

type Env = Record<string, string | undefined>;

/** Builds the configuration from `env`; a missing or invalid setting throws, and nothing is deleted. */
export function readConfig(env: Env): SweeperConfig {
  const bucket = env.BUCKET_NAME?.trim();
  if (!bucket) throw new Error("BUCKET_NAME must name the upload bucket");
  const uploadPrefix = env.UPLOAD_PREFIX?.trim() || "tmp/";
  if (!/^[^/].*\/$/.test(uploadPrefix)) {
    throw new Error(`UPLOAD_PREFIX must be a key prefix ending in "/" such as "tmp/", got "${uploadPrefix}"`);
  }
  const maxUploadBytes = Number(env.MAX_UPLOAD_BYTES?.trim() || 20 * 1024 * 1024);
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 1) {
    throw new Error(`MAX_UPLOAD_BYTES must be a whole number of bytes above 0, got ${env.MAX_UPLOAD_BYTES}`);
  }
  return { bucket, uploadPrefix, maxUploadBytes };
}
