import { z } from "zod";
import { frontendConfigSchema } from "../modules/stack/frontend-config";

/**
 * The sandbox's frontend configuration: the schema `npm run outputs` writes, plus the local URL of each service.
 * A web app that finds `endpoints` talks to the sandbox; without it, to AWS.
 */
export const sandboxFrontendConfigSchema = frontendConfigSchema
  .extend({
    endpoints: z
      .object({
        /** cognito-local: the user pool's API (InitiateAuth, ...) and its JWKS. */
        userPool: z.string().url(),
        /** The identity pool stand-in (GetId, GetCredentialsForIdentity). */
        identity: z.string().url(),
        /** The bucket's S3 endpoint (path-style), behind the IAM gate. */
        s3: z.string().url(),
        /** The REST API's stage, like `api.url`. */
        api: z.string().url(),
      })
      .strict(),
  })
  .strict();

export type SandboxFrontendConfig = z.infer<typeof sandboxFrontendConfigSchema>;
