/** `uploads-config.json`: what `npm run outputs` writes for a deployed stack, or `npm run sandbox` for the sandbox. */
export interface UploadsConfig {
  readonly version: 1;
  readonly region: string;
  readonly auth: {
    readonly userPoolId: string;
    readonly userPoolClientId: string;
    readonly identityPoolId: string;
    readonly domain?: string;
  };
  readonly storage: { readonly bucketName: string; readonly uploadPrefix: string };
  readonly api: { readonly url: string; readonly imagesUrl: string };
  /** Present only in the sandbox's configuration: the local URL of each service. */
  readonly endpoints?: {
    readonly userPool: string;
    readonly identity: string;
    readonly s3: string;
    readonly api: string;
  };
}

/** Loads the configuration served beside the page. */
export async function loadConfig(url = "uploads-config.json"): Promise<UploadsConfig> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok)
    throw new Error(
      `${url}: ${response.status} ${response.statusText} (put the file from "npm run outputs" beside index.html)`,
    );
  const config = (await response.json()) as UploadsConfig;
  if (config.version !== 1) throw new Error(`${url}: version ${String(config.version)} is not supported`);
  return config;
}
