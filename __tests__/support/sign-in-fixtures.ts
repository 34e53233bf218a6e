import { TerraformStack } from "cdktf";
import { policyDocument, attachInlinePolicy } from "../../modules/private/iam";
import { IdentityPoolWithRoles } from "../../modules/identity-pool/identity-pool-with-roles";
import { IdentityProviderConfig } from "../../modules/cognito/identity-providers";
import { UploadBucket } from "../../modules/storage/upload-bucket";
import { UserPool, UserPoolProps } from "../../modules/cognito/user-pool";

/** Every provider type, with secrets from sensitive variables (the default). */
export const allProviders: IdentityProviderConfig[] = [
  { type: "Google", clientId: "1234567890-abc.apps.googleusercontent.com" },
  { type: "Facebook", clientId: "123456789012345", apiVersion: "v19.0" },
  { type: "SignInWithApple", clientId: "com.example.photos.signin", teamId: "ABCDE12345", keyId: "KEY1234567" },
  { type: "LoginWithAmazon", clientId: "amzn1.application-oa2-client.0123456789abcdef" },
  {
    type: "OIDC",
    name: "CorpOkta",
    clientId: "0oa1b2c3d4",
    issuerUrl: "https://corp.okta.com",
    identifiers: ["corp.example.com"],
    linkEmailDomains: ["corp.example.com"],
  },
  {
    type: "SAML",
    name: "CorpAdfs",
    metadataUrl: "https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml",
    linkEmailDomains: ["example.com"],
    trustEmail: true,
  },
];

/** The sensitive variables `allProviders` declares, with throwaway values for a plan. */
export const providerSecretValues: Record<string, string> = {
  google_client_secret: "test-google-secret-0001",
  facebook_client_secret: "test-facebook-secret-0002",
  apple_private_key: "-----BEGIN PRIVATE KEY-----\\nTESTKEY0003\\n-----END PRIVATE KEY-----",
  amazon_client_secret: "test-amazon-secret-0004",
  corpokta_client_secret: "test-okta-secret-0005",
};

/** A user pool with every sign-in feature turned on. */
export const everyFeature: UserPoolProps = {
  name: "photos-signin",
  customDomain: {
    domainName: "auth.photos.example.com",
    certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
  },
  managedLoginVersion: 2,
  callbackUrls: ["https://photos.example.com/callback"],
  logoutUrls: ["https://photos.example.com/"],
  mfa: "required",
  mfaFactors: ["totp", "sms", "email"],
  email: {
    sourceArn: "arn:aws:ses:eu-west-1:111122223333:identity/photos.example.com",
    fromAddress: "Photos <no-reply@photos.example.com>",
  },
  threatProtection: "enforced",
  identityProviders: allProviders,
  resourceServers: [
    {
      identifier: "https://api.photos.example.com",
      name: "Photos API",
      scopes: [{ name: "images.read", description: "Read every image" }],
    },
  ],
  clients: [
    { name: "mobile", preset: "mobile", callbackUrls: ["com.example.photos://callback"], refreshTokenValidityDays: 90 },
    {
      name: "reporting",
      preset: "server",
      scopes: ["https://api.photos.example.com/images.read"],
      accessTokenValidityMinutes: 15,
    },
  ],
  linkingFunction: { reservedConcurrency: 5 },
};

/** The whole sign-in side on a stack: pool, identity pool with an admins group that reads every image, bucket. */
export function buildSignInStack(stack: TerraformStack, props: Partial<UserPoolProps> = {}) {
  const userPool = new UserPool(stack, "users", { ...everyFeature, ...props });
  const identityPool = new IdentityPoolWithRoles(stack, "identities", {
    name: "photos-signin",
    userPool,
    groups: [
      { name: "admins", precedence: 0, description: "Read every user's images" },
      { name: "editors", precedence: 10 },
    ],
  });
  const bucket = new UploadBucket(stack, "bucket", {
    bucketName: "photos-signin-test-bucket",
    allowedOrigins: ["https://photos.example.com"],
  });
  bucket.grantUserUploads(identityPool.authenticatedRole);
  attachInlinePolicy(
    stack,
    "admins-read-all",
    identityPool.groupRoles.admins,
    "read-every-image",
    policyDocument(
      {
        Sid: "ReadEveryImage",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${bucket.bucketArn}/${bucket.imagePrefix}*`,
      },
      {
        Sid: "ListImages",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucket.bucketArn,
        Condition: { StringLike: { "s3:prefix": [`${bucket.imagePrefix}*`] } },
      },
    ),
  );
  return { userPool, identityPool, bucket };
}
