import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { SecuredApi } from "../../modules/api/secured-api";
import { existingUserPool } from "../../modules/cognito/existing-user-pool";
import { IdentityProviderConfig } from "../../modules/cognito/identity-providers";
import { UserPool, UserPoolProps } from "../../modules/cognito/user-pool";
import {
  IdentityPoolWithRoles,
  IdentityPoolWithRolesProps,
} from "../../modules/identity-pool/identity-pool-with-roles";
import { MoveUploadFunction, MoveUploadFunctionProps } from "../../modules/lambda/move-upload-function";
import { ConfigError, ValidationError } from "../../modules/errors";
import { hclValidations } from "../../modules/private/hcl-validation";
import * as limits from "../../modules/private/limits";
import { Limit } from "../../modules/private/limits";
import { satisfies } from "../../modules/private/validation";
import { tokenValidityBounds } from "../../modules/rules/cup-003-token-validity-bounds";
import { loadConfig } from "../../modules/stack/config";
import { ImageUploads, ImageUploadsProps } from "../../modules/stack/image-uploads";
import { ExistingUploadBucket, ExistingUploadBucketProps } from "../../modules/storage/existing-upload-bucket";
import { UploadBucket, UploadBucketProps } from "../../modules/storage/upload-bucket";
import { writeTerraformModule } from "../../modules/tooling/terraform-module-writer";
import { describeWithTerraform } from "../support/terraform-available";
import { TerraformRunner } from "../support/terraform";

/**
 * Each limit of modules/private/limits.ts, with values it must allow and values it must refuse, and
 * every layer that checks it: the configuration schema (loadConfig), the constructs' props, the
 * generated Terraform module's inputs, and the security rules. Every layer must refuse exactly the
 * bad values and allow exactly the good ones. The validation blocks derived from each limit are
 * also evaluated by real Terraform (one `terraform validate` over every value), so the HCL form of
 * a pattern refuses what the JavaScript form refuses.
 */
interface Row {
  readonly good: readonly unknown[];
  readonly bad: readonly unknown[];
  /** Fields of the configuration that keep the limit: [field named in the error, override of the embedded default]. */
  readonly config?: ReadonlyArray<readonly [string, (value: any) => object]>;
  /** Props of constructs that keep the limit: [prop named in the error, a construct built with the value]. */
  readonly constructs?: ReadonlyArray<readonly [string, (value: any) => (scope: Construct) => unknown]>;
  /**
   * Inputs of the generated Terraform module that keep the limit: a name (list inputs get the value
   * as their only entry), or a name and the input's whole value built around the value (objects, maps).
   */
  readonly module?: ReadonlyArray<string | readonly [string, (value: any) => unknown]>;
  /** A security rule that keeps the limit: whether it reports the value. */
  readonly rule?: (value: any) => boolean;
  /** How the layers compare a value (e.g. lowercased), for the limit's own check. @default - as given */
  readonly normalize?: (value: string) => string;
}

const userPoolRef = {
  userPoolId: "us-east-1_Example",
  userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Example",
  userPoolEndpoint: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
  userPoolClientId: "exampleclientid",
};
const bucketRef = {
  bucketName: "photos-bucket",
  bucketArn: "arn:aws:s3:::photos-bucket",
  uploadPrefix: "tmp/",
  imagePrefix: "images/",
};
const handler = {
  functionName: "photos-move",
  invokeArn: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/photos-move/invocations",
};
const existingPool = {
  userPoolArn: "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_AbCdEf123",
  userPoolClientId: "webclient",
};
const existingModulePool = { user_pool_arn: existingPool.userPoolArn, user_pool_client_id: "webclient" };
const restApi = {
  restApiId: "a1b2c3d4e5",
  rootResourceId: "r00tres0ur",
  executionArn: "arn:aws:execute-api:eu-central-1:111122223333:a1b2c3d4e5",
};
const certificateArn = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const sesArn = "arn:aws:ses:us-east-1:111122223333:identity/example.com";
const google: IdentityProviderConfig = { type: "Google", clientId: "1234-example.apps.googleusercontent.com" };
const oidc = { type: "OIDC" as const, name: "Corp", clientId: "uploads", issuerUrl: "https://idp.example.com" };

const pool = (props: Partial<UserPoolProps>) => (scope: Construct) =>
  new UserPool(scope, "users", {
    name: "photos",
    domainPrefix: "photos-dev",
    callbackUrls: ["https://app.example.com/"],
    ...props,
  });
const bucket = (props: UploadBucketProps) => (scope: Construct) => new UploadBucket(scope, "bucket", props);
const estateBucket = (props: Partial<ExistingUploadBucketProps>) => (scope: Construct) =>
  new ExistingUploadBucket(scope, "bucket", { bucketName: "estate-bucket", region: "us-east-1", ...props });
const api = (props: object) => (scope: Construct) =>
  new SecuredApi(scope, "api", { name: "photos", userPoolArn: userPoolRef.userPoolArn, handler, ...props });
const mover = (props: Partial<MoveUploadFunctionProps>) => (scope: Construct) =>
  new MoveUploadFunction(scope, "mover", {
    functionName: "photos-move",
    bucket: bucketRef,
    allowedClientIds: ["webclient"],
    ...props,
  });
const identities = (props: Partial<IdentityPoolWithRolesProps>) => (scope: Construct) =>
  new IdentityPoolWithRoles(scope, "identities", { name: "photos", userPool: userPoolRef, ...props });
const uploads = (props: Partial<ImageUploadsProps>) => (scope: Construct) =>
  new ImageUploads(scope, "uploads", {
    region: "us-east-1",
    userPool: { domainPrefix: "photos-dev", callbackUrls: ["https://app.example.com/"] },
    ...props,
  });
/** One provider in the configuration and in a UserPool. */
const withProvider = (provider: object) => ({ userPool: { identityProviders: [provider] } });
const poolWithProvider = (provider: object) => pool({ identityProviders: [provider as IdentityProviderConfig] });
const mobileClient = (client: object) => ({
  name: "mobile",
  preset: "mobile" as const,
  callbackUrls: ["com.example.photos://callback"],
  ...client,
});
const resourceServer = (server: object) => ({
  identifier: "https://api.example.com",
  name: "images",
  scopes: [{ name: "images.read", description: "Read images" }],
  ...server,
});
const scopes = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ name: `scope${index}`, description: "A scope" }));
const tokenRule = (attribute: string, unit: string) => (value: number) =>
  tokenValidityBounds.check({
    resource: {
      aws_cognito_user_pool_client: { client: { [attribute]: value, token_validity_units: [{ [unit]: "minutes" }] } },
    },
  }).length > 0;
const TIB = 1024 ** 4;

const ROWS: Record<string, Row> = {
  STACK_NAME: {
    good: ["image-uploads", "A", "a".repeat(64)],
    bad: ["", "1stack", "my_stack", "my stack", "a".repeat(65)],
    config: [["stackName", (v) => ({ stackName: v })]],
  },
  NAME_PREFIX: {
    good: ["image-uploads", "abc", `a${"b".repeat(31)}`],
    bad: ["ab", "Image-uploads", "1abc", "abc-", "my_uploads", "a".repeat(33)],
    config: [["namePrefix", (v) => ({ namePrefix: v })]],
    constructs: [["namePrefix", (v) => uploads({ namePrefix: v })]],
    module: ["name_prefix"],
  },
  FUNCTION_NAME: {
    good: ["photos-move", "f", "a".repeat(59)],
    bad: ["", "move upload", "move.upload", "a".repeat(60)],
    constructs: [
      ["functionName", (v) => mover({ functionName: v })],
      ["functionName", (v) => pool({ identityProviders: [google], linkingFunction: { functionName: v } })],
    ],
  },
  IDENTITY_POOL_NAME: {
    good: ["photos", "my photos", "a".repeat(50)],
    bad: ["", "photos/prod", "tab\there", "a".repeat(51)],
    constructs: [["name", (v) => identities({ name: v })]],
  },
  ROLE_NAME: {
    good: ["admins-role", "a+b=c,d.e@f_g-h", "r".repeat(64)],
    bad: ["", "role name", "role/x", "r".repeat(65)],
    config: [
      [
        "identityPool.groups.0.roleName",
        (v) => ({ identityPool: { groups: [{ name: "admins", precedence: 1, roleName: v }] } }),
      ],
    ],
    constructs: [
      ['roleName of group "admins"', (v) => identities({ groups: [{ name: "admins", precedence: 1, roleName: v }] })],
    ],
    module: [["groups", (v) => ({ admins: { precedence: 1, role_name: v } })]],
  },
  API_NAME: {
    good: ["photos", "photo uploads v.2"],
    bad: ["", "photos/api", "a".repeat(129)],
    constructs: [["name", (v) => api({ name: v })]],
  },
  STAGE_NAME: {
    good: ["v1", "prod_2-a", "a".repeat(128)],
    bad: ["", "v1/beta", "v 1", "a".repeat(129)],
    config: [["api.stageName", (v) => ({ api: { stageName: v } })]],
    constructs: [["stageName", (v) => api({ stageName: v })]],
  },
  BUCKET_NAME: {
    good: ["my-bucket", "abc", "a".repeat(63), "my.bucket.example", "xn-bucket", "bucket-s3alias-x", "1.2.3.4.5"],
    bad: [
      "ab",
      "a".repeat(64),
      "My-Bucket",
      "-bucket",
      "bucket-",
      "my_bucket",
      "my..bucket",
      "192.168.5.4",
      "xn--bucket",
      "sthree-bucket",
      "amzn-s3-demo-bucket",
      "bucket-s3alias",
      "bucket--ol-s3",
      "bucket.mrap",
      "bucket--x-s3",
      "bucket--table-s3",
    ],
    config: [
      ["bucket.bucketName", (v) => ({ bucket: { bucketName: v } })],
      ["existing.bucketName", (v) => ({ existing: { bucketName: v } })],
    ],
    constructs: [
      ["bucketName", (v) => bucket({ bucketName: v })],
      ["bucketName", (v) => estateBucket({ bucketName: v })],
    ],
    module: ["existing_bucket_name"],
  },
  BUCKET_NAME_PREFIX: {
    good: ["image-uploads-", "abc", "a".repeat(37), "xn-uploads-"],
    bad: ["ab", "a".repeat(38), "-uploads", "Uploads-", "xn--uploads", "up..loads", "sthree-up", "amzn-s3-demo-x"],
    config: [["bucket.bucketNamePrefix", (v) => ({ bucket: { bucketNamePrefix: v } })]],
    constructs: [["bucketNamePrefix", (v) => bucket({ bucketNamePrefix: v })]],
  },
  KEY_PREFIX: {
    good: ["tmp/", "a/b/", "incoming-2024_(x)!'./", `${"a".repeat(255)}/`],
    bad: ["tmp", "/tmp/", "a//", "./", "a/../", "a/./b/", "images/*/", "..", `${"a".repeat(256)}/`],
    config: [["bucket.uploadPrefix", (v) => ({ bucket: { uploadPrefix: v } })]],
    constructs: [
      ["uploadPrefix", (v) => bucket({ uploadPrefix: v })],
      ["uploadPrefix", (v) => estateBucket({ uploadPrefix: v })],
    ],
  },
  UPLOAD_EXPIRATION_DAYS: {
    good: [1, 30, 365],
    bad: [0, -1, 366, 1.5],
    config: [["bucket.uploadExpirationDays", (v) => ({ bucket: { uploadExpirationDays: v } })]],
    constructs: [["uploadExpirationDays", (v) => bucket({ uploadExpirationDays: v })]],
    module: ["upload_expiration_days"],
  },
  REGION: {
    good: [
      "us-east-1",
      "eu-west-3",
      "ap-southeast-5",
      "us-gov-west-1",
      "cn-north-1",
      "us-iso-east-1",
      "us-isob-east-1",
      "eu-isoe-west-1",
      "us-isof-south-1",
      "eusc-de-east-1",
    ],
    bad: ["", "mars-1", "US-EAST-1", "us-east", "useast1", "us-east-1a", "us_east_1"],
    config: [
      ["region", (v) => ({ region: v })],
      [
        "backend.s3.region",
        (v) => ({ backend: { s3: { bucket: "state-bucket", key: "uploads.tfstate", region: v } } }),
      ],
      ["userPool.sms.snsRegion", (v) => ({ userPool: { sms: { snsRegion: v } } })],
    ],
    constructs: [
      ["region", (v) => estateBucket({ region: v })],
      ["region", (v) => mover({ region: v })],
      ["sms.snsRegion", (v) => pool({ mfaFactors: ["totp", "sms"], sms: { snsRegion: v } })],
    ],
  },
  PARTITION: {
    good: ["aws", "aws-cn", "aws-us-gov", "aws-iso-b"],
    bad: ["", "AWS", "azure", "aws-"],
    constructs: [["partition", (v) => estateBucket({ partition: v })]],
  },
  KMS_KEY_ARN: {
    good: [
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd",
    ],
    bad: [
      "1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:us-east-1:111122223333:alias/uploads",
      "arn:aws:s3:::bucket",
      "arn:aws:kms:us-east-1:1111:key/x",
    ],
    config: [["bucket.kmsKeyArn", (v) => ({ bucket: { kmsKeyArn: v } })]],
    constructs: [
      ["kmsKeyArn", (v) => bucket({ kmsKeyArn: v })],
      ["kmsKeyArn", (v) => estateBucket({ kmsKeyArn: v })],
    ],
    module: ["kms_key_arn"],
  },
  IAM_POLICY_ARN: {
    good: [
      "arn:aws:iam::111122223333:policy/boundary",
      "arn:aws:iam::aws:policy/PowerUserAccess",
      "arn:aws-us-gov:iam::111122223333:policy/a/b/boundary",
    ],
    bad: [
      "arn:aws:iam::111122223333:role/boundary",
      "boundary",
      "arn:aws:iam::1111:policy/boundary",
      "arn:aws:s3:::bucket",
    ],
    config: [["permissionsBoundaryArn", (v) => ({ permissionsBoundaryArn: v })]],
    constructs: [
      ["permissionsBoundaryArn", (v) => uploads({ permissionsBoundaryArn: v })],
      ["permissionsBoundaryArn", (v) => mover({ permissionsBoundaryArn: v })],
      ["permissionsBoundaryArn", (v) => identities({ permissionsBoundaryArn: v })],
      ["permissionsBoundaryArn", (v) => api({ permissionsBoundaryArn: v })],
      ["permissionsBoundaryArn", (v) => pool({ permissionsBoundaryArn: v })],
    ],
    module: ["permissions_boundary_arn"],
  },
  USER_POOL_ARN: {
    good: [existingPool.userPoolArn, "arn:aws-cn:cognito-idp:cn-north-1:111122223333:userpool/cn-north-1_Abc"],
    bad: [
      "arn:aws:cognito-idp:eu-central-1:111122223333:pool/x",
      "eu-central-1_AbCdEf123",
      "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/AbCdEf123",
    ],
    config: [
      ["existing.userPool.userPoolArn", (v) => ({ existing: { userPool: { ...existingPool, userPoolArn: v } } })],
    ],
    constructs: [
      ["userPoolArn", (v) => () => existingUserPool({ ...existingPool, userPoolArn: v })],
      [
        "existing.userPool.userPoolArn",
        (v) => uploads({ existing: { userPool: { ...existingPool, userPoolArn: v } } }),
      ],
    ],
    module: [["existing_user_pool", (v) => ({ user_pool_arn: v, user_pool_client_id: "webclient" })]],
  },
  APP_CLIENT_ID: {
    good: ["4tq8example3clientid0abcd", "a_b+c", "a".repeat(128)],
    bad: ["", "web-client", "*", "a".repeat(129)],
    config: [
      [
        "existing.userPool.userPoolClientId",
        (v) => ({ existing: { userPool: { ...existingPool, userPoolClientId: v } } }),
      ],
      [
        "existing.userPool.userPoolClientIds.1",
        (v) => ({ existing: { userPool: { ...existingPool, userPoolClientIds: [existingPool.userPoolClientId, v] } } }),
      ],
    ],
    constructs: [
      ["userPoolClientId", (v) => () => existingUserPool({ ...existingPool, userPoolClientId: v })],
      ["allowedClientIds[0]", (v) => mover({ allowedClientIds: [v] })],
    ],
    module: [["existing_user_pool", (v) => ({ user_pool_arn: existingPool.userPoolArn, user_pool_client_id: v })]],
  },
  CERTIFICATE_ARN: {
    good: [certificateArn, "arn:aws:acm:us-east-1:111122223333:certificate/x"],
    bad: [
      "arn:aws:acm:eu-west-1:111122223333:certificate/x",
      "arn:aws:iam::111122223333:server-certificate/x",
      "arn:aws:acm:us-east-1:111122223333:certificate/0a1b...",
    ],
    config: [
      [
        "userPool.customDomain.certificateArn",
        (v) => ({ userPool: { customDomain: { domainName: "login.example.com", certificateArn: v } } }),
      ],
    ],
    constructs: [
      [
        "customDomain.certificateArn",
        (v) => pool({ domainPrefix: undefined, customDomain: { domainName: "login.example.com", certificateArn: v } }),
      ],
    ],
  },
  SES_IDENTITY_ARN: {
    good: [sesArn, "arn:aws:ses:eu-west-1:111122223333:identity/no-reply@example.com"],
    bad: ["arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:ses:us-east-1:111122223333:identity/", "example.com"],
    config: [["userPool.email.sourceArn", (v) => ({ userPool: { email: { sourceArn: v } } })]],
    constructs: [["email.sourceArn", (v) => pool({ email: { sourceArn: v } })]],
    module: [["email", (v) => ({ source_arn: v })]],
  },
  SNS_CALLER_ROLE_ARN: {
    good: ["arn:aws:iam::111122223333:role/cognito-sms", "arn:aws:iam::111122223333:role/service/cognito-sms"],
    bad: ["arn:aws:iam::111122223333:user/bob", "cognito-sms", "arn:aws:sns:us-east-1:111122223333:role/x"],
    config: [["userPool.sms.snsCallerArn", (v) => ({ userPool: { sms: { snsCallerArn: v, externalId: "x1" } } })]],
    constructs: [
      ["sms.snsCallerArn", (v) => pool({ mfaFactors: ["totp", "sms"], sms: { snsCallerArn: v, externalId: "x1" } })],
    ],
  },
  REST_API_ID: {
    good: ["a1b2c3d4e5"],
    bad: ["x", "A1B2C3D4E5", "a1b2c3d4e5f"],
    config: [["existing.restApi.restApiId", (v) => ({ existing: { restApi: { ...restApi, restApiId: v } } })]],
    constructs: [["existingRestApi.restApiId", (v) => api({ existingRestApi: { ...restApi, restApiId: v } })]],
    module: [
      [
        "existing_rest_api",
        (v) => ({ rest_api_id: v, root_resource_id: "r00tres0ur", execution_arn: restApi.executionArn }),
      ],
    ],
  },
  REST_RESOURCE_ID: {
    good: ["r00tres0ur"],
    bad: ["/", "root", "r00tres0ur1"],
    config: [
      ["existing.restApi.rootResourceId", (v) => ({ existing: { restApi: { ...restApi, rootResourceId: v } } })],
    ],
    constructs: [
      ["existingRestApi.rootResourceId", (v) => api({ existingRestApi: { ...restApi, rootResourceId: v } })],
    ],
    module: [
      [
        "existing_rest_api",
        (v) => ({ rest_api_id: "a1b2c3d4e5", root_resource_id: v, execution_arn: restApi.executionArn }),
      ],
    ],
  },
  EVENT_BUS_ARN: {
    good: [
      "arn:aws:events:eu-west-1:111122223333:event-bus/uploads",
      "arn:aws:events:us-east-1:111122223333:event-bus/default",
      "arn:aws:events:us-east-1:111122223333:event-bus/aws.partner/example.com/123/events",
    ],
    bad: [
      "arn:aws:events:eu-west-1:111122223333:rule/uploads",
      "uploads",
      "arn:aws:sns:eu-west-1:111122223333:event-bus/uploads",
      "arn:aws:events:eu-west-1:111122223333:event-bus/*",
    ],
    config: [["eventBusArn", (v) => ({ eventBusArn: v })]],
    constructs: [["eventBusArn", (v) => uploads({ eventBusArn: v })]],
    module: ["event_bus_arn"],
  },
  EVENT_RULE_ID: {
    good: ["thumbnails", "a", "notify_2", "x".repeat(31)],
    bad: ["", "thumb nails", "-thumbs", "x".repeat(32), "a/b"],
    config: [],
    constructs: [
      [
        "onImageStored id",
        (v) => (scope: Construct) =>
          new ImageUploads(scope, "u", {
            region: "us-east-1",
            userPool: { domainPrefix: "limits-test", callbackUrls: ["https://app.example.com/"] },
          }).onImageStored(v as string, { queueArn: "arn:aws:sqs:us-east-1:111122223333:q" }),
      ],
    ],
  },
  EXECUTION_ARN: {
    good: [restApi.executionArn, "arn:aws-us-gov:execute-api:us-gov-west-1:111122223333:a1b2c3d4e5"],
    bad: [
      "arn:aws:execute-api:eu-central-1:111122223333:a1b2c3d4e5/*",
      "a1b2c3d4e5",
      "arn:aws:apigateway:eu-central-1::/restapis/a1b2c3d4e5",
    ],
    config: [["existing.restApi.executionArn", (v) => ({ existing: { restApi: { ...restApi, executionArn: v } } })]],
    constructs: [["existingRestApi.executionArn", (v) => api({ existingRestApi: { ...restApi, executionArn: v } })]],
    module: [
      ["existing_rest_api", (v) => ({ rest_api_id: "a1b2c3d4e5", root_resource_id: "r00tres0ur", execution_arn: v })],
    ],
  },
  ORIGIN: {
    good: [
      "https://app.example.com",
      "https://app.example.com:8443",
      "http://localhost:5173",
      "http://localhost",
      "http://127.0.0.1:3000",
    ],
    bad: [
      "*",
      "https://*",
      "http://app.example.com",
      "https://app.example.com/",
      "https://app.example.com/app",
      "HTTPS://APP.EXAMPLE.COM",
      "app.example.com",
      "https://app.example.com:123456",
    ],
    config: [["allowedOrigins.0", (v) => ({ allowedOrigins: [v] })]],
    constructs: [
      ["allowedOrigins", (v) => bucket({ allowedOrigins: [v] })],
      ["allowedOrigins", (v) => api({ allowedOrigins: [v] })],
      ["allowedOrigins", (v) => mover({ allowedOrigins: [v] })],
    ],
    module: ["allowed_origins"],
  },
  REDIRECT_URL: {
    good: [
      "https://app.example.com/callback",
      "https://app.example.com",
      "http://localhost:5173/",
      "http://localhost",
      "http://localhost/cb?x=1",
    ],
    bad: [
      "http://app.example.com/",
      "https://app.example.com/#x",
      "com.example://cb",
      "https://app example.com/",
      "http://127.0.0.1:3000/",
      "javascript:alert(1)",
    ],
    config: [
      ["userPool.callbackUrls.0", (v) => ({ userPool: { callbackUrls: [v] } })],
      ["userPool.logoutUrls.0", (v) => ({ userPool: { logoutUrls: [v] } })],
      [
        "userPool.clients.0.callbackUrls.0",
        (v) => ({ userPool: { clients: [{ name: "admin", preset: "web", callbackUrls: [v] }] } }),
      ],
    ],
    constructs: [
      ["callbackUrls", (v) => pool({ callbackUrls: [v] })],
      ["logoutUrls", (v) => pool({ logoutUrls: [v] })],
      ["clients[0].callbackUrls", (v) => pool({ clients: [{ name: "admin", preset: "web", callbackUrls: [v] }] })],
    ],
    module: ["callback_urls", "logout_urls"],
  },
  NATIVE_REDIRECT_URL: {
    good: [
      "com.example.photos://callback",
      "https://photos.example.com/app/callback",
      "http://localhost:8081/callback",
      "http://localhost",
    ],
    bad: [
      "javascript://alert(1)",
      "data://x",
      "http://photos.example.com/cb",
      "http://localhost.example.com/cb",
      "com.example.photos://cb#frag",
      "noscheme",
      "Com.Example://cb",
    ],
    config: [
      ["userPool.clients.0.callbackUrls.0", (v) => ({ userPool: { clients: [mobileClient({ callbackUrls: [v] })] } })],
    ],
    constructs: [["clients[0].callbackUrls", (v) => pool({ clients: [mobileClient({ callbackUrls: [v] })] })]],
  },
  HOSTED_DOMAIN_URL: {
    good: ["https://login.example.com", "https://photos.auth.us-east-1.amazoncognito.com"],
    bad: ["https://login.example.com/", "http://login.example.com", "login.example.com"],
    config: [["existing.userPool.domainUrl", (v) => ({ existing: { userPool: { ...existingPool, domainUrl: v } } })]],
    constructs: [
      ["existing.userPool.domainUrl", (v) => uploads({ existing: { userPool: { ...existingPool, domainUrl: v } } })],
    ],
    module: [["existing_user_pool", (v) => ({ ...existingModulePool, domain_url: v })]],
  },
  LOCALSTACK_ENDPOINT: {
    good: ["http://localhost:4566", "https://localstack.internal"],
    bad: ["localhost:4566", "http://localhost:4566/", "ftp://localhost"],
    config: [["localstack.endpoint", (v) => ({ localstack: { endpoint: v } })]],
  },
  USER_POOL_NAME: {
    good: ["photos", "Photos +=,.@_-"],
    bad: ["", "photos/prod", "a".repeat(129)],
    constructs: [["name", (v) => pool({ name: v })]],
  },
  APP_CLIENT_NAME: {
    good: ["mobile", "Mobile app"],
    bad: ["", "mobile/app", "a".repeat(129)],
    config: [["userPool.clients.0.name", (v) => ({ userPool: { clients: [mobileClient({ name: v })] } })]],
    constructs: [["clients[0].name", (v) => pool({ clients: [mobileClient({ name: v })] })]],
  },
  DOMAIN_PREFIX: {
    good: ["photos-dev", "a", "a".repeat(63), "amaz0n"],
    bad: [
      "",
      "Photos",
      "-photos",
      "photos-",
      "photos_dev",
      "a".repeat(64),
      "my-cognito-login",
      "aws-photos",
      "amazonphotos",
    ],
    config: [["userPool.domainPrefix", (v) => ({ userPool: { domainPrefix: v } })]],
    constructs: [["domainPrefix", (v) => pool({ domainPrefix: v })]],
    module: ["domain_prefix"],
  },
  HOSTNAME: {
    good: ["login.example.com", "a.b"],
    bad: ["localhost", "Auth.example.com", "*.example.com", "example.com.", `${`${"a".repeat(63)}.`.repeat(4)}com`],
    config: [
      ["userPool.customDomain.domainName", (v) => ({ userPool: { customDomain: { domainName: v, certificateArn } } })],
    ],
    constructs: [
      [
        "customDomain.domainName",
        (v) => pool({ domainPrefix: undefined, customDomain: { domainName: v, certificateArn } }),
      ],
    ],
  },
  MANAGED_LOGIN_VERSION: {
    good: [1, 2],
    bad: [0, 3, 1.5],
    config: [["userPool.managedLoginVersion", (v) => ({ userPool: { managedLoginVersion: v } })]],
    constructs: [["managedLoginVersion", (v) => pool({ managedLoginVersion: v })]],
  },
  PASSWORD_MIN_LENGTH: {
    good: [12, 16, 99],
    bad: [8, 11, 100, 12.5],
    config: [["userPool.passwordMinLength", (v) => ({ userPool: { passwordMinLength: v } })]],
    constructs: [["passwordMinLength", (v) => pool({ passwordMinLength: v })]],
  },
  ID_TOKEN_VALIDITY_MINUTES: {
    good: [5, 60, 1440],
    bad: [4, 1441, 7.5],
    config: [
      ["userPool.idTokenValidityMinutes", (v) => ({ userPool: { idTokenValidityMinutes: v } })],
      [
        "userPool.clients.0.idTokenValidityMinutes",
        (v) => ({ userPool: { clients: [mobileClient({ idTokenValidityMinutes: v })] } }),
      ],
    ],
    constructs: [
      ["idTokenValidityMinutes", (v) => pool({ idTokenValidityMinutes: v })],
      ["clients[0].idTokenValidityMinutes", (v) => pool({ clients: [mobileClient({ idTokenValidityMinutes: v })] })],
    ],
  },
  ACCESS_TOKEN_VALIDITY_MINUTES: {
    good: [5, 60, 1440],
    bad: [4, 1441, 7.5],
    config: [["userPool.accessTokenValidityMinutes", (v) => ({ userPool: { accessTokenValidityMinutes: v } })]],
    constructs: [["accessTokenValidityMinutes", (v) => pool({ accessTokenValidityMinutes: v })]],
  },
  REFRESH_TOKEN_VALIDITY_DAYS: {
    good: [1, 30, 3650],
    bad: [0, 3651, 1.5],
    config: [["userPool.refreshTokenValidityDays", (v) => ({ userPool: { refreshTokenValidityDays: v } })]],
    constructs: [["refreshTokenValidityDays", (v) => pool({ refreshTokenValidityDays: v })]],
  },
  REFRESH_TOKEN_VALIDITY_MINUTES: {
    good: [60, 1440, 3650 * 1440],
    bad: [59, 3650 * 1440 + 1],
    rule: tokenRule("refresh_token_validity", "refresh_token"),
  },
  AUTH_SESSION_VALIDITY_MINUTES: {
    good: [3, 15],
    bad: [2, 16],
    rule: (v: number) =>
      tokenValidityBounds.check({
        resource: { aws_cognito_user_pool_client: { client: { auth_session_validity: v } } },
      }).length > 0,
  },
  CUSTOM_ATTRIBUTE_NAME: {
    good: ["custom:tier", "custom:a-b_c"],
    bad: ["custom:", `custom:${"a".repeat(21)}`, "tier", "custom:a b"],
    constructs: [
      ["clients[0].readAttributes entries", (v) => pool({ clients: [mobileClient({ readAttributes: ["email", v] })] })],
      [
        "providers[0].attributeMapping keys",
        (v) => poolWithProvider({ ...google, attributeMapping: { [v]: "given_name" } }),
      ],
    ],
  },
  RESOURCE_SERVER_IDENTIFIER: {
    good: ["https://api.example.com", "uploads"],
    bad: ["", "has space", 'quote"d', "back\\slash"],
    config: [
      [
        "userPool.resourceServers.0.identifier",
        (v) => ({ userPool: { resourceServers: [resourceServer({ identifier: v })] } }),
      ],
    ],
    constructs: [
      ["resourceServers[0].identifier", (v) => pool({ resourceServers: [resourceServer({ identifier: v })] })],
    ],
  },
  RESOURCE_SERVER_NAME: {
    good: ["images", "Image API"],
    bad: ["", "images/api"],
    config: [
      ["userPool.resourceServers.0.name", (v) => ({ userPool: { resourceServers: [resourceServer({ name: v })] } })],
    ],
    constructs: [["resourceServers[0].name", (v) => pool({ resourceServers: [resourceServer({ name: v })] })]],
  },
  RESOURCE_SERVER_SCOPE_COUNT: {
    good: [1, 100],
    bad: [0, 101],
    config: [
      [
        "userPool.resourceServers.0.scopes",
        (v) => ({ userPool: { resourceServers: [resourceServer({ scopes: scopes(v) })] } }),
      ],
    ],
    constructs: [
      ["resourceServers[0].scopes", (v) => pool({ resourceServers: [resourceServer({ scopes: scopes(v) })] })],
    ],
  },
  SCOPE_NAME: {
    good: ["images.read", "a"],
    bad: ["", "images/read", "has space"],
    config: [
      [
        "userPool.resourceServers.0.scopes.0.name",
        (v) => ({ userPool: { resourceServers: [resourceServer({ scopes: [{ name: v, description: "d" }] })] } }),
      ],
    ],
    constructs: [
      [
        "resourceServers[0].scopes[0].name",
        (v) => pool({ resourceServers: [resourceServer({ scopes: [{ name: v, description: "d" }] })] }),
      ],
    ],
  },
  SCOPE_DESCRIPTION: {
    good: ["Read images", "x", "d".repeat(256)],
    bad: ["", " leading space", "d".repeat(257)],
    config: [
      [
        "userPool.resourceServers.0.scopes.0.description",
        (v) => ({ userPool: { resourceServers: [resourceServer({ scopes: [{ name: "read", description: v }] })] } }),
      ],
    ],
    constructs: [
      [
        "resourceServers[0].scopes[0].description",
        (v) => pool({ resourceServers: [resourceServer({ scopes: [{ name: "read", description: v }] })] }),
      ],
    ],
  },
  GROUP_NAME: {
    good: ["admins", "site.admins_1-x"],
    bad: ["", "site admins", "a".repeat(129)],
    config: [["identityPool.groups.0.name", (v) => ({ identityPool: { groups: [{ name: v, precedence: 1 }] } })]],
    constructs: [["name", (v) => identities({ groups: [{ name: v, precedence: 1, roleName: "group-role" }] })]],
    module: [["groups", (v) => ({ [v]: { precedence: 1 } })]],
  },
  GROUP_PRECEDENCE: {
    good: [0, 1, 2147483647],
    bad: [-1, 2147483648, 1.5],
    config: [
      ["identityPool.groups.0.precedence", (v) => ({ identityPool: { groups: [{ name: "admins", precedence: v }] } })],
    ],
    constructs: [['precedence of group "admins"', (v) => identities({ groups: [{ name: "admins", precedence: v }] })]],
    module: [["groups", (v) => ({ admins: { precedence: v } })]],
  },
  GROUP_DESCRIPTION: {
    good: ["", "Administrators", "d".repeat(2048)],
    bad: ["d".repeat(2049)],
    config: [
      [
        "identityPool.groups.0.description",
        (v) => ({ identityPool: { groups: [{ name: "admins", precedence: 1, description: v }] } }),
      ],
    ],
    constructs: [["description", (v) => identities({ groups: [{ name: "admins", precedence: 1, description: v }] })]],
    module: [["groups", (v) => ({ admins: { precedence: 1, description: v } })]],
  },
  EMAIL_ADDRESS: {
    good: ["support@example.com"],
    bad: ["support", "a b@example.com", "a@b@c"],
    config: [
      ["userPool.email.replyToAddress", (v) => ({ userPool: { email: { sourceArn: sesArn, replyToAddress: v } } })],
    ],
    constructs: [["email.replyToAddress", (v) => pool({ email: { sourceArn: sesArn, replyToAddress: v } })]],
    module: [["email", (v) => ({ source_arn: sesArn, reply_to_address: v })]],
  },
  EMAIL_FROM: {
    good: ["no-reply@example.com", "Photos <no-reply@example.com>"],
    bad: ["Photos", "no reply@example.com", "<>@example.com"],
    config: [["userPool.email.fromAddress", (v) => ({ userPool: { email: { sourceArn: sesArn, fromAddress: v } } })]],
    constructs: [["email.fromAddress", (v) => pool({ email: { sourceArn: sesArn, fromAddress: v } })]],
    module: [["email", (v) => ({ source_arn: sesArn, from_address: v })]],
  },
  SMS_EXTERNAL_ID: {
    good: ["x1", "a".repeat(1224)],
    bad: ["x", "has space", "a".repeat(1225)],
    config: [["userPool.sms.externalId", (v) => ({ userPool: { sms: { externalId: v } } })]],
    constructs: [["externalId", (v) => pool({ mfaFactors: ["totp", "sms"], sms: { externalId: v } })]],
  },
  PROVIDER_NAME: {
    good: ["Corp", "Corp.Okta-1", "Ab"],
    bad: ["", "C", "Corp_Okta", "-corp", "google", "COGNITO", "SignInWithApple", "a".repeat(33)],
    config: [["userPool.identityProviders.0.name", (v) => withProvider({ ...oidc, name: v })]],
    constructs: [["identityProviders[0].name", (v) => poolWithProvider({ ...oidc, name: v })]],
    module: [
      [
        "identity_providers",
        (v) => ({ [v]: { type: "OIDC", client_id: "photos", issuer_url: "https://idp.example.com" } }),
      ],
    ],
  },
  PROVIDER_CLIENT_ID: {
    good: ["1234-example.apps.googleusercontent.com", "a".repeat(256)],
    bad: ["", "my client", "a".repeat(257)],
    config: [["userPool.identityProviders.0.clientId", (v) => withProvider({ ...google, clientId: v })]],
    constructs: [["providers[0].clientId", (v) => poolWithProvider({ ...google, clientId: v })]],
    module: [["identity_providers", (v) => ({ Google: { type: "Google", client_id: v } })]],
  },
  PROVIDER_SCOPE: {
    good: ["openid", "https://scope.example.com/read"],
    bad: ["open id", "a,b", ""],
    config: [["userPool.identityProviders.0.scopes.0", (v) => withProvider({ ...google, scopes: [v] })]],
    constructs: [["providers[0].scopes", (v) => poolWithProvider({ ...google, scopes: [v] })]],
    module: [["identity_providers", (v) => ({ Google: { type: "Google", client_id: "g", scopes: [v] } })]],
  },
  ATTRIBUTE_SOURCE: {
    good: ["given_name", "x", "a".repeat(2048)],
    bad: ["", " given_name", "a".repeat(2049)],
    config: [
      [
        "userPool.identityProviders.0.attributeMapping.given_name",
        (v) => withProvider({ ...google, attributeMapping: { given_name: v } }),
      ],
    ],
    constructs: [
      [
        "providers[0].attributeMapping.given_name",
        (v) => poolWithProvider({ ...google, attributeMapping: { given_name: v } }),
      ],
    ],
    module: [
      ["identity_providers", (v) => ({ Google: { type: "Google", client_id: "g", attribute_mapping: { name: v } } })],
    ],
  },
  APPLE_TEAM_ID: {
    good: ["ABCDE12345"],
    bad: ["ABC", "abcde12345", "ABCDE123456"],
    config: [
      [
        "userPool.identityProviders.0.teamId",
        (v) => withProvider({ type: "SignInWithApple", clientId: "c", teamId: v, keyId: "KEY1234567" }),
      ],
    ],
    constructs: [
      [
        "providers[0].teamId",
        (v) => poolWithProvider({ type: "SignInWithApple", clientId: "c", teamId: v, keyId: "KEY1234567" }),
      ],
    ],
    module: [
      [
        "identity_providers",
        (v) => ({ SignInWithApple: { type: "SignInWithApple", client_id: "a", team_id: v, key_id: "ABCDE12345" } }),
      ],
    ],
  },
  APPLE_KEY_ID: {
    good: ["KEY1234567"],
    bad: ["KEY", "key1234567"],
    config: [
      [
        "userPool.identityProviders.0.keyId",
        (v) => withProvider({ type: "SignInWithApple", clientId: "c", teamId: "ABCDE12345", keyId: v }),
      ],
    ],
    constructs: [
      [
        "providers[0].keyId",
        (v) => poolWithProvider({ type: "SignInWithApple", clientId: "c", teamId: "ABCDE12345", keyId: v }),
      ],
    ],
    module: [
      [
        "identity_providers",
        (v) => ({ SignInWithApple: { type: "SignInWithApple", client_id: "a", team_id: "ABCDE12345", key_id: v } }),
      ],
    ],
  },
  GRAPH_API_VERSION: {
    good: ["v19.0", "v2.1"],
    bad: ["latest", "19.0", "v100.0"],
    config: [
      [
        "userPool.identityProviders.0.apiVersion",
        (v) => withProvider({ type: "Facebook", clientId: "123", apiVersion: v }),
      ],
    ],
    constructs: [
      ["providers[0].apiVersion", (v) => poolWithProvider({ type: "Facebook", clientId: "123", apiVersion: v })],
    ],
    module: [["identity_providers", (v) => ({ Facebook: { type: "Facebook", client_id: "f", api_version: v } })]],
  },
  OIDC_ISSUER_URL: {
    good: ["https://idp.example.com", "https://idp.example.com/tenant"],
    bad: ["http://corp.okta.com", "https://idp.example.com?x=1", "https://idp.example.com#f"],
    config: [["userPool.identityProviders.0.issuerUrl", (v) => withProvider({ ...oidc, issuerUrl: v })]],
    constructs: [["providers[0].issuerUrl", (v) => poolWithProvider({ ...oidc, issuerUrl: v })]],
    module: [["identity_providers", (v) => ({ Corp: { type: "OIDC", client_id: "photos", issuer_url: v } })]],
  },
  SAML_METADATA_URL: {
    good: ["https://idp.example.com/metadata"],
    bad: ["http://idp.example.com/metadata", "https://idp example.com"],
    config: [
      ["userPool.identityProviders.0.metadataUrl", (v) => withProvider({ type: "SAML", name: "Adfs", metadataUrl: v })],
    ],
    constructs: [["providers[0].metadataUrl", (v) => poolWithProvider({ type: "SAML", name: "Adfs", metadataUrl: v })]],
    module: [["identity_providers", (v) => ({ Corp: { type: "SAML", metadata_url: v } })]],
  },
  EMAIL_DOMAIN: {
    good: ["corp.example.com", "Corp.Example.com"],
    bad: ["", "com", "*.corp.example.com", "ceo@corp.example.com"],
    normalize: (domain) => domain.toLowerCase(),
    config: [
      ["userPool.identityProviders.0.linkEmailDomains.0", (v) => withProvider({ ...oidc, linkEmailDomains: [v] })],
    ],
    constructs: [
      ["identityProviders[0].linkEmailDomains[0]", (v) => poolWithProvider({ ...oidc, linkEmailDomains: [v] })],
    ],
    module: [["identity_providers", (v) => ({ Google: { type: "Google", client_id: "g", link_email_domains: [v] } })]],
  },
  TERRAFORM_VARIABLE_NAME: {
    good: ["google_client_secret", "a".repeat(64)],
    bad: ["Google Secret", "1abc", "a".repeat(65)],
    config: [
      [
        "userPool.identityProviders.0.clientSecret.variable",
        (v) => withProvider({ ...google, clientSecret: { variable: v } }),
      ],
    ],
    constructs: [
      ["providers[0].clientSecret.variable", (v) => poolWithProvider({ ...google, clientSecret: { variable: v } })],
    ],
  },
  SSM_PARAMETER_NAME: {
    good: ["/auth/google/client-secret", "auth.google", `/${"b".repeat(1010)}`],
    bad: ["", "has space", `/${"b".repeat(1011)}`],
    config: [
      [
        "userPool.identityProviders.0.clientSecret.ssmParameter",
        (v) => withProvider({ ...google, clientSecret: { ssmParameter: v } }),
      ],
    ],
    constructs: [
      [
        "providers[0].clientSecret.ssmParameter",
        (v) => poolWithProvider({ ...google, clientSecret: { ssmParameter: v } }),
      ],
    ],
    module: [
      ["identity_providers", (v) => ({ Google: { type: "Google", client_id: "g", client_secret_ssm_parameter: v } })],
    ],
  },
  SECRET_ID: {
    good: ["auth/google", "arn:aws:secretsmanager:us-east-1:111122223333:secret:auth/google-AbCdEf"],
    bad: ["", "has space", "a".repeat(2049)],
    config: [
      [
        "userPool.identityProviders.0.clientSecret.secretsManagerSecret",
        (v) => withProvider({ ...google, clientSecret: { secretsManagerSecret: v } }),
      ],
    ],
    constructs: [
      [
        "providers[0].clientSecret.secretsManagerSecret",
        (v) => poolWithProvider({ ...google, clientSecret: { secretsManagerSecret: v } }),
      ],
    ],
    module: [
      ["identity_providers", (v) => ({ Google: { type: "Google", client_id: "g", client_secret_secret_id: v } })],
    ],
  },
  SECRET_JSON_KEY: {
    good: ["clientSecret", "client_secret-2"],
    bad: ["", "client.secret", "1key"],
    config: [
      [
        "userPool.identityProviders.0.clientSecret.jsonKey",
        (v) => withProvider({ ...google, clientSecret: { secretsManagerSecret: "auth/google", jsonKey: v } }),
      ],
    ],
    constructs: [
      [
        "providers[0].clientSecret.jsonKey",
        (v) => poolWithProvider({ ...google, clientSecret: { secretsManagerSecret: "auth/google", jsonKey: v } }),
      ],
    ],
    module: [
      [
        "identity_providers",
        (v) => ({
          Google: { type: "Google", client_id: "g", client_secret_secret_id: "auth/google", client_secret_json_key: v },
        }),
      ],
    ],
  },
  THROTTLE_RATE_LIMIT: {
    good: [1, 50, 10000],
    bad: [0, 10001, 1.5],
    config: [["api.throttleRateLimit", (v) => ({ api: { throttleRateLimit: v } })]],
    constructs: [["throttleRateLimit", (v) => api({ throttleRateLimit: v })]],
    module: ["throttle_rate_limit"],
  },
  THROTTLE_BURST_LIMIT: {
    good: [1, 100, 5000],
    bad: [0, 5001, 2.5],
    config: [["api.throttleBurstLimit", (v) => ({ api: { throttleBurstLimit: v } })]],
    constructs: [["throttleBurstLimit", (v) => api({ throttleBurstLimit: v })]],
    module: ["throttle_burst_limit"],
  },
  RUNTIME: {
    good: ["nodejs22.x", "nodejs24.x"],
    bad: ["", "nodejs18.x", "nodejs20.x", "python3.12"],
    config: [
      ["mover.runtime", (v) => ({ mover: { runtime: v } })],
      ["userPool.linkingFunction.runtime", (v) => ({ userPool: { linkingFunction: { runtime: v } } })],
    ],
    constructs: [
      ["runtime", (v) => mover({ runtime: v })],
      ["runtime", (v) => pool({ identityProviders: [google], linkingFunction: { runtime: v } })],
    ],
  },
  LOG_RETENTION: {
    good: [1, 365, 3653],
    bad: [0, 2, 10, 366],
    config: [
      ["mover.logRetentionDays", (v) => ({ mover: { logRetentionDays: v } })],
      ["api.accessLogRetentionDays", (v) => ({ api: { accessLogRetentionDays: v } })],
      [
        "userPool.linkingFunction.logRetentionDays",
        (v) => ({ userPool: { linkingFunction: { logRetentionDays: v } } }),
      ],
    ],
    constructs: [
      ["logRetentionDays", (v) => mover({ logRetentionDays: v })],
      ["accessLogRetentionDays", (v) => api({ accessLogRetentionDays: v })],
      ["logRetentionDays", (v) => pool({ identityProviders: [google], linkingFunction: { logRetentionDays: v } })],
    ],
    module: ["log_retention_days"],
  },
  MEMORY_SIZE: {
    good: [128, 256, 10240],
    bad: [64, 10241, 256.5],
    config: [["mover.memorySize", (v) => ({ mover: { memorySize: v } })]],
    constructs: [["memorySize", (v) => mover({ memorySize: v })]],
  },
  TIMEOUT_SECONDS: {
    good: [3, 15, 900],
    bad: [2, 901, 3.5],
    config: [["mover.timeoutSeconds", (v) => ({ mover: { timeoutSeconds: v } })]],
    constructs: [["timeoutSeconds", (v) => mover({ timeoutSeconds: v })]],
  },
  MAX_UPLOAD_BYTES: {
    good: [1, 20 * 1024 * 1024, 5 * TIB],
    bad: [0, 5 * TIB + 1, 1.5],
    config: [["mover.maxUploadBytes", (v) => ({ mover: { maxUploadBytes: v } })]],
    constructs: [["maxUploadBytes", (v) => mover({ maxUploadBytes: v })]],
    module: ["max_upload_bytes"],
  },
  RESERVED_CONCURRENCY: {
    good: [1, 1000, 10000],
    bad: [0, 10001, 1.5],
    config: [
      ["mover.reservedConcurrency", (v) => ({ mover: { reservedConcurrency: v } })],
      [
        "userPool.linkingFunction.reservedConcurrency",
        (v) => ({ userPool: { linkingFunction: { reservedConcurrency: v } } }),
      ],
    ],
    constructs: [
      ["reservedConcurrency", (v) => mover({ reservedConcurrency: v })],
      [
        "reservedConcurrency",
        (v) => pool({ identityProviders: [google], linkingFunction: { reservedConcurrency: v } }),
      ],
    ],
  },
};

type Verdict = "allows" | "refuses";
const expected = (row: Row, value: unknown): Verdict => (row.good.includes(value) ? "allows" : "refuses");
const shown = (value: unknown) =>
  typeof value === "string" && value.length > 40
    ? `"${value.slice(0, 20)}…" (${value.length} characters)`
    : JSON.stringify(value);
const limitOf = (name: string) => (limits as Record<string, unknown>)[name] as Limit;
const isLimit = (value: unknown): value is Limit =>
  typeof value === "object" && value !== null && ["pattern", "range", "oneOf"].includes((value as Limit).kind);

/** The configuration's verdict: an override of the embedded default (a development stack) through loadConfig. */
function configVerdict(field: string, override: object): Verdict {
  try {
    loadConfig({ json: JSON.stringify({ development: true, ...override }) });
    return "allows";
  } catch (error) {
    // Refused for this field and nothing else, or the case is set up wrong.
    if (
      error instanceof ConfigError &&
      error.problems.length > 0 &&
      error.problems.every((problem) => problem.startsWith(field))
    )
      return "refuses";
    throw error;
  }
}

let app: App;
let outdir: string;
let stacks = 0;
/** A construct's verdict: built in a stack of its own, refused with a ValidationError naming the prop. */
function constructVerdict(prop: string, build: (scope: Construct) => unknown): Verdict {
  try {
    build(new TerraformStack(app, `case-${++stacks}`));
    return "allows";
  } catch (error) {
    if (error instanceof ValidationError && error.prop.startsWith(prop)) return "refuses";
    throw error;
  }
}

/** Every disagreement of one layer with the row's good and bad values, as sentences. */
function disagreements(row: Row, layer: string, verdictOf: (value: unknown) => Verdict): string[] {
  return [...row.good, ...row.bad].flatMap((value) => {
    const verdict = verdictOf(value);
    return verdict === expected(row, value) ? [] : [`${layer} ${verdict} ${shown(value)}`];
  });
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "uploads-limits-"));
  app = new App({ outdir, stackTraces: false });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("every limit of limits.ts", () => {
  test("has a row of good and bad values here, and is listed in docs/limits.md", () => {
    const defined = Object.entries(limits)
      .filter(([, value]) => isLimit(value))
      .map(([name]) => name)
      .sort();
    expect(Object.keys(ROWS).sort()).toEqual(defined);
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "limits.md"), "utf8");
    expect(defined.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  test("sorts each row's values as its own check does", () => {
    const wrong = Object.entries(ROWS).flatMap(([name, row]) =>
      disagreements(row, name, (value) =>
        satisfies(limitOf(name), row.normalize && typeof value === "string" ? row.normalize(value) : value)
          ? "allows"
          : "refuses",
      ),
    );
    expect(wrong).toEqual([]);
  });

  describe.each(Object.entries(ROWS).filter(([, row]) => row.config || row.constructs || row.rule))(
    "%s",
    (_name, row) => {
      test("is kept alike by the configuration, the constructs and the rules", () => {
        const wrong = [
          ...(row.config ?? []).flatMap(([field, override]) =>
            disagreements(row, `the configuration's ${field}`, (value) => configVerdict(field, override(value))),
          ),
          ...(row.constructs ?? []).flatMap(([prop, build]) =>
            disagreements(row, `the construct prop ${prop}`, (value) => constructVerdict(prop, build(value))),
          ),
          ...(row.rule ? disagreements(row, "the rule", (value) => (row.rule!(value) ? "refuses" : "allows")) : []),
        ];
        expect(wrong).toEqual([]);
      });
    },
  );
});

describe("an invalid prop", () => {
  test("stops synth with one ValidationError that names the construct's path and the prop", () => {
    const stack = new TerraformStack(app, "paths");
    const error = (() => {
      try {
        new ImageUploads(stack, "uploads", {
          region: "us-east-1",
          userPool: { domainPrefix: "photos-dev", callbackUrls: ["https://app.example.com/"], passwordMinLength: 8 },
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      "paths/uploads/user-pool: passwordMinLength must be a whole number from 12 to 99 characters, got 8",
    );
    expect((error as ValidationError).path).toBe("paths/uploads/user-pool");
    expect((error as ValidationError).prop).toBe("passwordMinLength");
  });

  test("names which of two pools is wrong", () => {
    const stack = new TerraformStack(app, "two-pools");
    new UserPool(stack, "customers", {
      name: "customers",
      domainPrefix: "customers-dev",
      callbackUrls: ["https://app.example.com/"],
    });
    expect(
      () =>
        new UserPool(stack, "staff", {
          name: "staff",
          domainPrefix: "Staff",
          callbackUrls: ["https://app.example.com/"],
        }),
    ).toThrow(/^two-pools\/staff: domainPrefix must be/);
  });
});

/** A value as Terraform JSON reads it: strings are templates, so their `${` and `%{` are escaped. */
function terraformValue(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
  return Array.isArray(value) ? value.map(terraformValue) : value;
}

const moduleInputOf = (entry: string | readonly [string, unknown]) => (typeof entry === "string" ? entry : entry[0]);

const typeOf = (limit: Limit) =>
  limit.kind === "pattern" || (limit.kind === "oneOf" && typeof limit.values[0] === "string") ? "string" : "number";

describeWithTerraform("in Terraform", () => {
  let root: string;
  let moduleVariables: Record<string, any>;
  /** Module calls Terraform refused, by call name. */
  const refused = new Set<string>();
  /** Each module call's name, by `<directory>/<value index>`. */
  const calls = new Map<string, string>();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "uploads-limits-tf-"));
    writeTerraformModule(join(root, "generated"));
    moduleVariables = JSON.parse(readFileSync(join(root, "generated", "main.tf.json"), "utf8")).variable;
    const moduleCalls: Record<string, Record<string, unknown>> = {};
    const call = (source: string, variable: string, value: unknown, key: string) => {
      const name = `case_${calls.size}`;
      calls.set(key, name);
      moduleCalls[name] = { source: `./${source}`, [variable]: terraformValue(value) };
    };
    for (const [name, row] of Object.entries(ROWS)) {
      // The validation blocks derived from the limit, on a variable of a module of its own.
      const limit = limitOf(name);
      const validation = hclValidations("value", limit).map(({ condition, errorMessage }) => ({
        condition,
        error_message: errorMessage,
      }));
      mkdirSync(join(root, "limits", name), { recursive: true });
      writeFileSync(
        join(root, "limits", name, "main.tf.json"),
        JSON.stringify({ variable: { value: { type: typeOf(limit), nullable: false, validation } } }),
      );
      [...row.good, ...row.bad].forEach((value, index) => {
        call(
          `limits/${name}`,
          "value",
          row.normalize && typeof value === "string" ? row.normalize(value) : value,
          `limits/${name}/${index}`,
        );
      });
      // The generated module's own variable, alone in a module.
      for (const entry of row.module ?? []) {
        const [input, wrap] = typeof entry === "string" ? [entry, undefined] : entry;
        mkdirSync(join(root, "inputs", input), { recursive: true });
        writeFileSync(
          join(root, "inputs", input, "main.tf.json"),
          JSON.stringify({ variable: { [input]: moduleVariables[input] } }),
        );
        const isList = String(moduleVariables[input].type).startsWith("list(");
        [...row.good, ...row.bad].forEach((value, index) => {
          call(
            `inputs/${input}`,
            input,
            wrap ? wrap(value) : isList ? [value] : value,
            `inputs/${input}/${name}/${index}`,
          );
        });
      }
    }
    writeFileSync(join(root, "main.tf.json"), JSON.stringify({ module: moduleCalls }, null, 1));

    const terraform = new TerraformRunner(root);
    try {
      terraform.run("init", "-input=false", "-backend=false");
      // One run checks every value: validate evaluates the variables' validation blocks of each module call.
      const result = spawnSync("terraform", ["validate", "-json", "-no-color"], {
        cwd: root,
        env: terraform.environment,
        encoding: "utf8",
      });
      const diagnostics: any[] = JSON.parse(result.stdout).diagnostics;
      for (const diagnostic of diagnostics) {
        const context = /^module\.(case_\d+)$/.exec(diagnostic.snippet?.context ?? "")?.[1];
        if (diagnostic.summary !== "Invalid value for variable" || !context)
          throw new Error(`unexpected diagnostic: ${JSON.stringify(diagnostic)}`);
        refused.add(context);
      }
    } finally {
      terraform.cleanup();
    }
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const terraformVerdict = (key: string): Verdict => (refused.has(calls.get(key)!) ? "refuses" : "allows");

  test.each(Object.keys(ROWS))("the validation blocks derived from %s refuse exactly its bad values", (name) => {
    const row = ROWS[name];
    const values = [...row.good, ...row.bad];
    expect(
      disagreements(row, "Terraform", (value) => terraformVerdict(`limits/${name}/${values.indexOf(value)}`)),
    ).toEqual([]);
  });

  test.each(
    Object.entries(ROWS).flatMap(([name, row]) =>
      (row.module ?? []).map((entry) => [moduleInputOf(entry), name] as const),
    ),
  )("the module input %s refuses exactly the bad values of %s", (input, name) => {
    const row = ROWS[name];
    const values = [...row.good, ...row.bad];
    expect(
      disagreements(row, `the module's ${input}`, (value) =>
        terraformVerdict(`inputs/${input}/${name}/${values.indexOf(value)}`),
      ),
    ).toEqual([]);
  });

  test("covers every module input that is validated", () => {
    const covered = Object.values(ROWS).flatMap((row) => (row.module ?? []).map(moduleInputOf));
    // Their allowed values are the constructs' own lists (MFA_MODES, MFA_FACTORS, ROLE_MAPPING_TYPES), not limits of limits.ts.
    const choices = ["mfa", "mfa_factors", "role_mapping"];
    const validated = Object.entries(moduleVariables)
      .filter(([name, variable]) => variable.validation?.length && !choices.includes(name))
      .map(([name]) => name);
    expect(validated.filter((name) => !covered.includes(name))).toEqual([]);
  });
});
