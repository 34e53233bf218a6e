import { DEFAULT_CONFIG, UploadsConfig, validateConfig } from "../../modules/stack/config";

/** The embedded default configuration. */
export const defaultConfig: UploadsConfig = DEFAULT_CONFIG;

/**
 * Every option turned on or away from its default: guests, reads, KMS, versioning, several origins, events on a
 * bus of its own, the oversize sweeper and malware scanning (the configuration with all three on).
 */
export const fullConfig: UploadsConfig = validateConfig({
  ...DEFAULT_CONFIG,
  stackName: "image-uploads-full",
  namePrefix: "uploads-full",
  region: "eu-west-1",
  allowedOrigins: ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
  tags: { application: "image-uploads", environment: "test" },
  eventBusArn: "arn:aws:events:eu-west-1:111122223333:event-bus/uploads-full-events",
  malwareScanning: true,
  userPool: {
    domainPrefix: "uploads-full-test",
    callbackUrls: ["https://app.example.com/callback", "http://localhost:5173/"],
    logoutUrls: ["https://app.example.com/"],
    signInWithUsername: true,
    selfSignUpEnabled: false,
    mfa: "required",
    passwordMinLength: 16,
    idTokenValidityMinutes: 15,
    accessTokenValidityMinutes: 15,
    refreshTokenValidityDays: 7,
  },
  identityPool: { allowGuests: true, usersCanReadOwnImages: true },
  bucket: {
    bucketName: "uploads-full-test-bucket",
    uploadPrefix: "incoming/",
    imagePrefix: "gallery/",
    uploadExpirationDays: 3,
    kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    versioned: true,
  },
  api: {
    stageName: "prod",
    throttleRateLimit: 20,
    throttleBurstLimit: 40,
    accessLogRetentionDays: 90,
    manageAccountLoggingRole: true,
  },
  mover: {
    runtime: "nodejs22.x",
    memorySize: 512,
    timeoutSeconds: 60,
    maxUploadBytes: 10 * 1024 ** 3,
    reservedConcurrency: 10,
    logRetentionDays: 30,
  },
});

/** Both configurations by name, for tests that run over each. */
export const allConfigs: Record<string, UploadsConfig> = { default: defaultConfig, full: fullConfig };

/** A user pool, a bucket and a REST API that an estate already manages, used instead of new ones. */
export const existingResourcesConfig: UploadsConfig = validateConfig({
  ...DEFAULT_CONFIG,
  stackName: "image-uploads-existing",
  namePrefix: "uploads-existing",
  region: "eu-central-1",
  allowedOrigins: ["https://app.example.com"],
  existing: {
    userPool: {
      userPoolArn: "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_AbCdEf123",
      userPoolClientId: "4tq8example3clientid0abcd",
      domainUrl: "https://login.example.com",
    },
    bucketName: "estate-media-bucket",
    restApi: {
      restApiId: "a1b2c3d4e5",
      rootResourceId: "r00tres0ur",
      executionArn: "arn:aws:execute-api:eu-central-1:111122223333:a1b2c3d4e5",
    },
  },
});

/**
 * Sign-in breadth through the config: Google and OIDC (for its own domain) merged by email,
 * Facebook kept apart, mobile and server clients, a custom domain, an administrators group that may
 * read every image, MFA with TOTP and SMS, and threat protection.
 */
export const signInConfig: UploadsConfig = validateConfig({
  ...DEFAULT_CONFIG,
  stackName: "image-uploads-sign-in",
  namePrefix: "uploads-sign-in",
  region: "eu-west-1",
  allowedOrigins: ["https://app.example.com"],
  development: false,
  userPool: {
    customDomain: {
      domainName: "login.example.com",
      certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
    },
    managedLoginVersion: 2,
    callbackUrls: ["https://app.example.com/callback"],
    mfa: "required",
    mfaFactors: ["totp", "sms"],
    threatProtection: "enforced",
    identityProviders: [
      { type: "Google", clientId: "1234567890-example.apps.googleusercontent.com" },
      { type: "Facebook", clientId: "123456789012345" },
      {
        type: "OIDC",
        name: "Corporate",
        clientId: "uploads",
        issuerUrl: "https://idp.example.com",
        linkEmailDomains: ["example.com"],
      },
    ],
    clients: [
      { name: "mobile", preset: "mobile", callbackUrls: ["com.example.photos://callback"] },
      { name: "thumbnailer", preset: "server", scopes: ["https://api.example.com/images.read"] },
    ],
    resourceServers: [
      {
        identifier: "https://api.example.com",
        name: "images",
        scopes: [{ name: "images.read", description: "Read images" }],
      },
    ],
  },
  identityPool: { groups: [{ name: "admins", precedence: 1, canReadAllImages: true }] },
});

/** Every configuration whose plan the tests check. */
export const plannedConfigs: Record<string, UploadsConfig> = {
  ...allConfigs,
  existing: existingResourcesConfig,
  "sign-in": signInConfig,
};
