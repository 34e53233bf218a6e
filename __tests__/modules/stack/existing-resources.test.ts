import { existingUserPool } from "../../../modules/cognito/existing-user-pool";
import { validateConfig, DEFAULT_CONFIG } from "../../../modules/stack/config";
import { existingResourcesConfig } from "../../support/configs";
import {
  inlinePoliciesOf,
  logicalName,
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthStack,
  moverFunctionOf,
} from "../../support/synth";

describe("bringing an existing user pool, bucket and REST API", () => {
  const { tf } = synthStack(existingResourcesConfig);
  const existing = existingResourcesConfig.existing!;

  test("creates no user pool, client, domain, bucket or REST API", () => {
    for (const type of [
      "aws_cognito_user_pool",
      "aws_cognito_user_pool_client",
      "aws_cognito_user_pool_domain",
      "aws_s3_bucket",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_api_gateway_rest_api",
      "aws_api_gateway_gateway_response",
    ]) {
      expect([type, Object.keys(resourcesOf(tf, type))]).toEqual([type, []]);
    }
  });

  test("trusts the existing pool's client in the identity pool, with the endpoint derived from the ARN", () => {
    expect(onlyResource(tf, "aws_cognito_identity_pool").cognito_identity_providers).toEqual([
      {
        client_id: "4tq8example3clientid0abcd",
        provider_name: "cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEf123",
        server_side_token_check: true,
      },
    ]);
    expect(onlyResource(tf, "aws_cognito_identity_pool_provider_principal_tag").identity_provider_name).toBe(
      "cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEf123",
    );
    expect(onlyResource(tf, "aws_api_gateway_authorizer").provider_arns).toEqual([existing.userPool!.userPoolArn]);
  });

  test("grants uploads and moves on the existing bucket by its ARN", () => {
    const [upload] = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "authenticated"))[0].Statement;
    expect(upload.Resource).toBe("arn:aws:s3:::estate-media-bucket/tmp/${aws:PrincipalTag/sub}/*");
    const move = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "mover"))
      .flatMap((p) => p.Statement)
      .find((s) => s.Sid === "ReadAndRemoveUploads");
    expect(move?.Resource).toBe("arn:aws:s3:::estate-media-bucket/tmp/*");
    expect(moverFunctionOf(tf).environment.variables.BUCKET_NAME).toBe("estate-media-bucket");
  });

  test("adds the route to the existing API and scopes the invoke permission to it", () => {
    expect(onlyResource(tf, "aws_api_gateway_resource")).toEqual(
      expect.objectContaining({ rest_api_id: "a1b2c3d4e5", parent_id: "r00tres0ur", path_part: "images" }),
    );
    expect(onlyResource(tf, "aws_lambda_permission").source_arn).toMatch(
      /^arn:aws:execute-api:eu-central-1:111122223333:a1b2c3d4e5\/\$\{aws_api_gateway_stage\.[\w-]+\.stage_name\}\/POST\/images$/,
    );
  });

  test("reports the existing resources in the outputs", () => {
    expect(tf.output?.userPoolId.value).toBe("eu-central-1_AbCdEf123");
    expect(tf.output?.bucketName.value).toBe("estate-media-bucket");
    expect(tf.output?.domain.value).toBe("https://login.example.com");
  });

  test("keeps the trust policy's audience on the new identity pool", () => {
    const trust = parsePolicy(
      Object.values(resourcesOf(tf, "aws_iam_role")).find((r) => r.name === "uploads-existing-authenticated")!
        .assume_role_policy,
    );
    expect(trust.Statement[0].Condition?.StringEquals["cognito-identity.amazonaws.com:aud"]).toMatch(
      /^\$\{aws_cognito_identity_pool\./,
    );
  });

  test("rejects a user pool ARN of another form, naming the field", () => {
    expect(() =>
      existingUserPool({
        userPoolArn: "arn:aws:cognito-idp:eu-central-1:111122223333:pool/x",
        userPoolClientId: "abc",
      }),
    ).toThrow(/userPoolArn must be a user pool ARN like/);
    expect(() =>
      validateConfig({
        ...DEFAULT_CONFIG,
        existing: { restApi: { restApiId: "x", rootResourceId: "y", executionArn: "z" } },
      }),
    ).toThrow(/existing\.restApi\.restApiId: must be a REST API id \(10 lowercase letters and digits\), got "x"/);
  });
});
