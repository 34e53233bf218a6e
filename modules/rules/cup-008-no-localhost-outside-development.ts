import { asArray, blockOf, blocksOf, resourcesOf } from "./lib/terraform";
import { Finding, Rule, TerraformJson } from "./types";
import { LOCAL_DEVELOPMENT_URL } from "../private/limits";

/** The tag that marks a configuration as a development stack (the config's `"development": true` sets it). */
export const DEVELOPMENT_TAG = "cognito-uploads:development";

/**
 * No tool checks this. A sign-in that may return to `http://localhost`, or CORS that lets a page on
 * localhost call the bucket or the API, hands tokens and uploads to whatever runs on a user's
 * machine at that port. Fine while developing; a deployed stack must say it is a development one.
 */
export const noLocalhostOutsideDevelopment: Rule = {
  id: "CUP_008",
  aliases: [],
  severity: "H",
  title: "Sign-in URLs and CORS origins use http://localhost only in a stack marked for development",
  check: (tf) => (isDevelopment(tf) ? [] : [...clientUrls(tf), ...bucketOrigins(tf), ...functionOrigins(tf)]),
};

/** Marked by the provider's default tags, or by the tag on any resource. */
function isDevelopment(tf: TerraformJson): boolean {
  const providers = asArray<Record<string, unknown>>((tf.provider as Record<string, unknown> | undefined)?.aws);
  const providerTags = providers.flatMap((provider) => blocksOf(provider.default_tags).map((block) => block.tags));
  const resourceTags = Object.values(tf.resource ?? {}).flatMap((byName) =>
    Object.values(byName).map((body) => body.tags),
  );
  return [...providerTags, ...resourceTags].some(
    (tags) => String((tags as Record<string, unknown> | undefined)?.[DEVELOPMENT_TAG]) === "true",
  );
}

function localUrls(values: unknown): string[] {
  return asArray(values)
    .map(String)
    .filter((url) => LOCAL_DEVELOPMENT_URL.test(url));
}

function clientUrls(tf: TerraformJson): Finding[] {
  return resourcesOf(tf, "aws_cognito_user_pool_client").flatMap(([address, client]) => {
    const urls = [...new Set([...localUrls(client.callback_urls), ...localUrls(client.logout_urls)])];
    return urls.length
      ? [
          {
            address,
            message: `sign-in may return to ${urls.join(", ")} although the stack is not marked for development`,
          },
        ]
      : [];
  });
}

function bucketOrigins(tf: TerraformJson): Finding[] {
  return resourcesOf(tf, "aws_s3_bucket_cors_configuration").flatMap(([address, body]) => {
    const origins = blocksOf(body.cors_rule).flatMap((rule) => localUrls(rule.allowed_origins));
    return origins.length
      ? [{ address, message: `CORS allows ${origins.join(", ")} although the stack is not marked for development` }]
      : [];
  });
}

function functionOrigins(tf: TerraformJson): Finding[] {
  return resourcesOf(tf, "aws_lambda_function").flatMap(([address, body]) => {
    const variables = blockOf(body.environment)?.variables as Record<string, unknown> | undefined;
    const origins = localUrls(String(variables?.ALLOWED_ORIGINS ?? "").split(","));
    return origins.length
      ? [
          {
            address,
            message: `ALLOWED_ORIGINS has ${origins.join(", ")} although the stack is not marked for development`,
          },
        ]
      : [];
  });
}
