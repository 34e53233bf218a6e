import { z } from "zod";

/**
 * What a web app needs to sign in, upload and call the API, written to `uploads-config.json` by
 * `npm run outputs` (the counterpart of Amplify's amplify_outputs.json). Version 1.
 */
export const frontendConfigSchema = z
  .object({
    /** Version of this file's shape. */
    version: z.literal(1),
    /** AWS region of every resource. */
    region: z.string(),
    auth: z.object({
      /** Cognito user pool id. */
      userPoolId: z.string(),
      /** Public web client id (authorization-code flow with PKCE). */
      userPoolClientId: z.string(),
      /** Identity pool that trades the id token for AWS credentials. */
      identityPoolId: z.string(),
      /** Hosted sign-in base URL, when the stack knows it. */
      domain: z.string().url().optional(),
    }),
    storage: z.object({
      /** Bucket the browser uploads into. */
      bucketName: z.string(),
      /** Upload key prefix: the browser writes `<uploadPrefix><sub>/<file>`. */
      uploadPrefix: z.string(),
    }),
    api: z.object({
      /** Base URL of the REST API stage. */
      url: z.string().url(),
      /** URL of `POST /images`. */
      imagesUrl: z.string().url(),
    }),
  })
  .strict();

/** The content of `uploads-config.json`. */
export type FrontendConfig = z.infer<typeof frontendConfigSchema>;

/** `terraform output -json`: each output's value with its type and sensitivity. */
export type TerraformOutputs = Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;

const REQUIRED_OUTPUTS = [
  "region",
  "userPoolId",
  "userPoolClientId",
  "identityPoolId",
  "bucketName",
  "uploadPrefix",
  "apiUrl",
];

/** Builds the frontend configuration from the stack's outputs; names any output that is missing. */
export function frontendConfigFromOutputs(outputs: TerraformOutputs): FrontendConfig {
  const missing = REQUIRED_OUTPUTS.filter((name) => outputs[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `The stack has no output ${missing.join(", ")}: has it been deployed (terraform apply / cdktf deploy)?`,
    );
  }
  const value = (name: string) => outputs[name]?.value as string | undefined;
  const apiUrl = String(value("apiUrl")).replace(/\/+$/, "");
  return frontendConfigSchema.parse({
    version: 1,
    region: value("region"),
    auth: {
      userPoolId: value("userPoolId"),
      userPoolClientId: value("userPoolClientId"),
      identityPoolId: value("identityPoolId"),
      ...(value("domain") ? { domain: value("domain") } : {}),
    },
    storage: { bucketName: value("bucketName"), uploadPrefix: value("uploadPrefix") },
    api: { url: apiUrl, imagesUrl: `${apiUrl}/images` },
  });
}
