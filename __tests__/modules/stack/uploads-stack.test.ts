import { validateConfig } from "../../../modules/stack/config";
import { AWS_PROVIDER_VERSION_RANGE } from "../../../modules/stack/uploads-stack";
import { defaultConfig, fullConfig } from "../../support/configs";
import {
  inlinePoliciesOf,
  logicalName,
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthStack,
  moverFunctionOf,
} from "../../support/synth";

const REQUIRED_RESOURCE_TYPES = [
  "aws_cognito_user_pool",
  "aws_cognito_user_pool_client",
  "aws_cognito_user_pool_domain",
  "aws_cognito_identity_pool",
  "aws_cognito_identity_pool_roles_attachment",
  "aws_cognito_identity_pool_provider_principal_tag",
  "aws_iam_role",
  "aws_s3_bucket",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_bucket_policy",
  "aws_api_gateway_rest_api",
  "aws_api_gateway_authorizer",
  "aws_api_gateway_method",
  "aws_api_gateway_deployment",
  "aws_api_gateway_stage",
  "aws_lambda_function",
  "aws_lambda_permission",
  "aws_cloudwatch_log_group",
];

describe("UploadsStack with the default configuration", () => {
  const { tf } = synthStack(defaultConfig);

  test("contains every resource of the upload flow", () => {
    const missing = REQUIRED_RESOURCE_TYPES.filter((type) => Object.keys(resourcesOf(tf, type)).length === 0);
    expect(missing).toEqual([]);
    expect(Object.keys(resourcesOf(tf, "aws_iam_role")).length).toBeGreaterThanOrEqual(2);
  });

  test("declares a provider version range instead of the bindings' exact pin", () => {
    expect(tf.terraform?.required_providers.aws).toEqual({ source: "aws", version: AWS_PROVIDER_VERSION_RANGE });
    expect(AWS_PROVIDER_VERSION_RANGE).toBe(">= 5.100.0, < 7.0.0");
  });

  test("keeps local state at a relative path and the region and tags on the provider", () => {
    expect(tf.terraform?.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(tf.provider?.aws).toEqual([
      {
        region: "us-east-1",
        default_tags: [{ tags: { application: "image-uploads", "cognito-uploads:development": "true" } }],
      },
    ]);
  });

  test("outputs what a frontend needs, each described", () => {
    const outputs = tf.output ?? {};
    expect(Object.keys(outputs).sort()).toEqual([
      "apiUrl",
      "bucketName",
      "domain",
      "identityPoolId",
      "region",
      "uploadPrefix",
      "userPoolClientId",
      "userPoolId",
    ]);
    expect(Object.values(outputs).every((o) => (o.description ?? "").length > 10)).toBe(true);
    expect(outputs.region.value).toBe("us-east-1");
    expect(outputs.uploadPrefix.value).toBe("tmp/");
    expect(outputs.domain.value).toBe("https://image-uploads-dev.auth.us-east-1.amazoncognito.com");
    expect(outputs.userPoolClientId.value).toMatch(/^\$\{aws_cognito_user_pool_client\./);
    expect(outputs.apiUrl.value).toMatch(/^\$\{aws_api_gateway_stage\.[\w-]+\.invoke_url\}$/);
  });

  test("wires the identity pool to the user pool's endpoint and web client", () => {
    const [provider] = onlyResource(tf, "aws_cognito_identity_pool").cognito_identity_providers;
    expect(provider.provider_name).toBe(
      `\${aws_cognito_user_pool.${logicalName(tf, "aws_cognito_user_pool")}.endpoint}`,
    );
    expect(provider.client_id).toBe(
      `\${aws_cognito_user_pool_client.${logicalName(tf, "aws_cognito_user_pool_client")}.id}`,
    );
  });

  test("lets signed-in users upload into their own folder and nothing more", () => {
    const policies = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "authenticated"));
    expect(policies).toHaveLength(1);
    const actions = policies.flatMap((p) => p.Statement.flatMap((s) => s.Action));
    expect(actions).toEqual(["s3:PutObject", "s3:AbortMultipartUpload"]);
  });

  test("gives the mover role the move grant, its log grant and its event grant", () => {
    const policies = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "mover"));
    const sids = policies.flatMap((p) => p.Statement.map((s) => s.Sid)).sort();
    expect(sids).toEqual([
      "ListUploadAndImagePrefixes",
      "PutImageStoredEvents",
      "ReadAndRemoveUploads",
      "WriteAndVerifyImages",
      "WriteOwnLogGroup",
      "WriteTraces",
    ]);
  });

  test("points the mover at the bucket and CORS at the app's origin", () => {
    const fn = moverFunctionOf(tf);
    expect(fn.environment.variables.BUCKET_NAME).toBe(`\${aws_s3_bucket.${logicalName(tf, "aws_s3_bucket")}.bucket}`);
    expect(fn.environment.variables.ALLOWED_ORIGINS).toBe("http://localhost:5173");
    expect(onlyResource(tf, "aws_s3_bucket_cors_configuration").cors_rule[0].allowed_origins).toEqual([
      "http://localhost:5173",
    ]);
  });

  test("synthesizes byte-identical JSON twice", () => {
    expect(synthStack(defaultConfig).text).toBe(synthStack(defaultConfig).text);
  });
});

describe("UploadsStack with every option on", () => {
  const { tf } = synthStack(fullConfig);

  test("adds a guest role with no permissions, user reads, KMS, versioning and the account logging role", () => {
    expect(Object.keys(onlyResource(tf, "aws_cognito_identity_pool_roles_attachment").roles).sort()).toEqual([
      "authenticated",
      "unauthenticated",
    ]);
    expect(inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "guest"))).toEqual([]);
    const userStatements = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "authenticated")).flatMap(
      (p) => p.Statement,
    );
    expect(userStatements.map((s) => s.Sid).sort()).toEqual([
      "ReadOwnImages",
      "UploadIntoOwnFolder",
      "UseBucketKey",
      "UseBucketKey",
    ]);
    expect(onlyResource(tf, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(Object.keys(resourcesOf(tf, "aws_api_gateway_account"))).toHaveLength(1);
  });

  test("uses the custom prefixes everywhere", () => {
    const userStatements = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "authenticated")).flatMap(
      (p) => p.Statement,
    );
    const resources = userStatements
      .filter((s) => s.Sid !== "UseBucketKey")
      .map((s) => String(s.Resource).replace(/^\$\{[^}]+\}/, ""));
    expect(resources.sort()).toEqual(["/gallery/${aws:PrincipalTag/sub}/*", "/incoming/${aws:PrincipalTag/sub}/*"]);
    const variables = moverFunctionOf(tf).environment.variables;
    expect([variables.UPLOAD_PREFIX, variables.IMAGE_PREFIX]).toEqual(["incoming/", "gallery/"]);
    expect(tf.output?.uploadPrefix.value).toBe("incoming/");
    expect(onlyResource(tf, "aws_s3_bucket_lifecycle_configuration").rule[0].filter).toEqual([{ prefix: "incoming/" }]);
  });

  test("keeps the bucket policy TLS-only", () => {
    const statements = parsePolicy(onlyResource(tf, "aws_s3_bucket_policy").policy).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
  });
});

describe("UploadsStack state and endpoints", () => {
  test("stores state in S3 with S3-native locking when a backend is configured", () => {
    const { tf } = synthStack({
      ...defaultConfig,
      backend: { s3: { bucket: "acme-tf-state", key: "uploads/terraform.tfstate", region: "eu-west-1" } },
    });
    expect(tf.terraform?.backend).toEqual({
      s3: {
        bucket: "acme-tf-state",
        key: "uploads/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("leaves S3-native locking off when asked, e.g. for a DynamoDB lock table", () => {
    const { tf } = synthStack({
      ...defaultConfig,
      backend: { s3: { bucket: "b-state", key: "k", region: "eu-west-1", useLockfile: false, dynamodbTable: "locks" } },
    });
    expect(tf.terraform?.backend.s3.use_lockfile).toBeUndefined();
    expect(tf.terraform?.backend.s3.dynamodb_table).toBe("locks");
  });

  test("points every service the stack uses at LocalStack, path-style, without AWS account calls", () => {
    const endpoint = "http://localhost:4566";
    const { tf } = synthStack({ ...defaultConfig, localstack: { endpoint } });
    const [provider] = tf.provider?.aws ?? [];
    expect(provider).toEqual(
      expect.objectContaining({
        access_key: "test",
        secret_key: "test",
        s3_use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
      }),
    );
    expect(provider.endpoints).toEqual([
      expect.objectContaining({
        apigateway: endpoint,
        cognitoidp: endpoint,
        cognitoidentity: endpoint,
        iam: endpoint,
        lambda: endpoint,
        s3: endpoint,
        sts: endpoint,
      }),
    ]);
    // The resources are the same as on AWS: only the provider changes.
    expect(Object.keys(tf.resource ?? {})).toEqual(Object.keys(synthStack(defaultConfig).tf.resource ?? {}));
  });

  test("rejects a LocalStack endpoint that is not a URL, naming the field", () => {
    expect(() => validateConfig({ ...defaultConfig, localstack: { endpoint: "localhost:4566" } })).toThrow(
      /localstack\.endpoint: must be an endpoint URL such as http:\/\/localhost:4566, got "localhost:4566"/,
    );
  });
});
