// A CDKTF app of its own that imports the constructs from the npm package.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { ImageUploads } from "cdktf-cognito-uploads";
import { Construct } from "constructs";

class PhotosStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });

    const uploads = new ImageUploads(this, "uploads", {
      region: "eu-west-1",
      namePrefix: "acme-photos",
      allowedOrigins: ["https://photos.example.com"],
      userPool: { domainPrefix: "acme-photos", callbackUrls: ["https://photos.example.com/callback"], mfa: "required" },
      bucket: { uploadExpirationDays: 2 },
    });

    // The constructs expose what other parts of the app need.
    new TerraformOutput(this, "uploadsRoleArn", { value: uploads.identityPool.authenticatedRole.roleArn });
  }
}

const app = new App();
new PhotosStack(app, "photos");
app.synth();
