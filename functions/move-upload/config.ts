/** Settings of the mover, read once per cold start from the function's environment. */
export interface MoverConfig {
  readonly bucket: string;
  /** Where browsers upload, one folder per user: `<uploadPrefix><sub>/<name>`. */
  readonly uploadPrefix: string;
  /** Where moved images live: `<imagePrefix><sub>/[<folder>/]<name>`. */
  readonly imagePrefix: string;
  readonly maxUploadBytes: number;
  /** App clients whose users the API serves: an id token's `aud` must be one of them. */
  readonly allowedClientIds: ReadonlySet<string>;
  /** Browser origins whose requests get an `Access-Control-Allow-Origin` echo. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Largest object a single CopyObject may copy; above it the copy goes part by part. */
  readonly copyObjectMaxBytes: number;
  /** Smallest part of a part-by-part copy (S3 needs at least 5 MiB for all but the last part). */
  readonly partCopyBytes: number;
  /** Parts copied at once by a part-by-part copy. */
  readonly partCopyConcurrency: number;
  /** EventBridge bus (name or ARN) that hears of each stored image; none: no events are sent. */
  readonly eventBus?: string;
  /** Move only uploads GuardDuty tagged NO_THREATS_FOUND. */
  readonly malwareScanning: boolean;
}

export const MIB = 1024 * 1024;
/** S3's limit for CopyObject. */
export const COPY_OBJECT_MAX_BYTES = 5 * 1024 * MIB;

/** Cognito's app client id shape (`[\w+]+`, at most 128 characters). */
export const CLIENT_ID = /^[\w+]{1,128}$/;

type Env = Record<string, string | undefined>;

/** Builds the configuration from `env`, refusing values that would make the mover unsafe. */
export function readConfig(env: Env): MoverConfig {
  const bucket = env.BUCKET_NAME?.trim();
  if (!bucket) throw new Error("BUCKET_NAME must name the upload bucket");
  const uploadPrefix = prefix(env, "UPLOAD_PREFIX", "tmp/");
  const imagePrefix = prefix(env, "IMAGE_PREFIX", "images/");
  if (uploadPrefix.startsWith(imagePrefix) || imagePrefix.startsWith(uploadPrefix)) {
    throw new Error(
      `UPLOAD_PREFIX and IMAGE_PREFIX must not contain one another, got ${uploadPrefix} and ${imagePrefix}`,
    );
  }
  const maxUploadBytes = Number(env.MAX_UPLOAD_BYTES?.trim() || 20 * MIB);
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 1) {
    throw new Error(`MAX_UPLOAD_BYTES must be a whole number of bytes above 0, got ${env.MAX_UPLOAD_BYTES}`);
  }
  const allowedClientIds = clientIds(env.ALLOWED_CLIENT_IDS);
  const allowedOrigins = new Set(
    (env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== "" && origin !== "*"),
  );
  return {
    bucket,
    uploadPrefix,
    imagePrefix,
    maxUploadBytes,
    allowedClientIds,
    allowedOrigins,
    copyObjectMaxBytes: COPY_OBJECT_MAX_BYTES,
    partCopyBytes: 256 * MIB,
    partCopyConcurrency: 8,
    eventBus: env.EVENT_BUS_NAME?.trim() || undefined,
    malwareScanning: flag(env, "MALWARE_SCANNING"),
  };
}

/**
 * Without a list the function cannot tell this stack's users from those of the pool's other clients, so a missing,
 * empty or malformed list stops every request (a 500, logged) rather than serving every client.
 */
function clientIds(value: string | undefined): ReadonlySet<string> {
  const ids = (value ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0 || !ids.every((id) => CLIENT_ID.test(id))) {
    throw new Error(
      `ALLOWED_CLIENT_IDS must list the app client ids the API serves, comma-separated, got "${value ?? ""}"`,
    );
  }
  return new Set(ids);
}

/** "true" or "false" (or unset: false); anything else is a setting error, not a silent "off". */
function flag(env: Env, name: string): boolean {
  const value = env[name]?.trim() ?? "";
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new Error(`${name} must be "true" or "false", got "${value}"`);
}

function prefix(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/.test(value) || /(^|\/)\.{1,2}\//.test(value)) {
    throw new Error(`${name} must be a key prefix ending in "/" such as "${fallback}", got "${value}"`);
  }
  return value;
}
