import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { UploadsConfig } from "./config";
import { ImageUploads } from "./image-uploads";
import { MfaMode } from "./user-pool";

/**
 * Versions of hashicorp/aws the synthesized configuration works with. The provider bindings pin
 * one exact version; a range lets the stack live beside an estate's own pin. 5.100.0 is the
 * oldest version the stack is validated against.
 */
export const AWS_PROVIDER_VERSION_RANGE = ">= 5.100.0, < 7.0.0";

/** The ready-made stack: provider, local state and the whole upload flow, from a validated config. */
export class UploadsStack extends TerraformStack {
  public readonly uploads: ImageUploads;

  constructor(scope: Construct, config: UploadsConfig) {
    super(scope, config.stackName);
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: config.tags ? [{ tags: config.tags }] : undefined,
    });
    this.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION_RANGE);
    // A relative path keeps the synthesized JSON free of this machine's folders.
    new LocalBackend(this, { path: "terraform.tfstate" });

    this.uploads = new ImageUploads(this, "uploads", {
      region: config.region,
      namePrefix: config.namePrefix,
      allowedOrigins: config.allowedOrigins,
      userPool: { ...config.userPool, mfa: config.userPool.mfa as MfaMode | undefined },
      allowGuests: config.identityPool?.allowGuests,
      usersCanReadOwnImages: config.identityPool?.usersCanReadOwnImages,
      bucket: config.bucket,
      api: config.api,
      mover: config.mover,
    });
  }
}
