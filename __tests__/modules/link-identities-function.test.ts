import { LinkIdentitiesFunction } from "../../modules/link-identities-function";
import { UserPool, UserPoolProps } from "../../modules/user-pool";
import { onlyResource, parsePolicy, resourcesOf, synthOf } from "../support/synth";

const required: UserPoolProps = { name: "photos", domainPrefix: "photos-dev", callbackUrls: ["https://app.example.com/callback"] };
const google = { type: "Google" as const, clientId: "g-client" };
const oidc = { type: "OIDC" as const, name: "CorpOkta", clientId: "okta", issuerUrl: "https://corp.okta.com" };
const synthPool = (props: Partial<UserPoolProps> = {}) => synthOf((stack) => new UserPool(stack, "users", { ...required, ...props }));

describe("the account-linking trigger of a UserPool", () => {
  const { tf } = synthPool({ identityProviders: [google, { type: "Facebook", clientId: "fb", trustEmail: true }] });
  const fn = onlyResource(tf, "aws_lambda_function");
  const poolArn = /^\$\{aws_cognito_user_pool\.users_pool_\w+\.arn\}$/;

  test("is the pool's pre sign-up trigger", () => {
    expect(onlyResource(tf, "aws_cognito_user_pool").lambda_config).toEqual({ pre_sign_up: expect.stringMatching(/users_link-identities_function_\w+\.arn/) });
  });

  test("may only read users, create one, set its password and link identities, in this pool only", () => {
    const policies = Object.values(resourcesOf(tf, "aws_iam_role_policy")).filter((p) => p.name === "link-identities-in-own-pool");
    expect(policies).toHaveLength(1);
    expect(parsePolicy(policies[0].policy).Statement).toEqual([{
      Sid: "LinkIdentitiesInOwnPool",
      Effect: "Allow",
      Action: ["cognito-idp:ListUsers", "cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminLinkProviderForUser"],
      Resource: expect.stringMatching(poolArn),
    }]);
  });

  test("does not depend on its pool policy, which depends on the pool: no dependency cycle", () => {
    expect(fn.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\./), expect.stringMatching(/^aws_iam_role_policy\.users_link-identities_logs-policy/)]);
    expect(JSON.stringify(fn)).not.toMatch(/aws_cognito_user_pool\./);
  });

  test("may be invoked by Cognito for this pool only", () => {
    expect(onlyResource(tf, "aws_lambda_permission")).toEqual(expect.objectContaining({
      action: "lambda:InvokeFunction",
      principal: "cognito-idp.amazonaws.com",
      source_arn: expect.stringMatching(poolArn),
    }));
  });

  test("knows the providers, which of them are trusted for email, and how the pool names users", () => {
    expect(fn.environment.variables).toEqual({
      LINKABLE_PROVIDERS: JSON.stringify([{ name: "Google", type: "Google", trustEmail: false }, { name: "Facebook", type: "Facebook", trustEmail: true }]),
      USERNAME_IS_EMAIL: "true",
      CASE_INSENSITIVE_USERNAMES: "false",
      POWERTOOLS_SERVICE_NAME: "link-identities",
    });
  });

  test("fits Cognito's 5-second trigger budget and keeps its logs", () => {
    expect(fn).toEqual(expect.objectContaining({ timeout: 5, runtime: "nodejs22.x", handler: "index.handler", function_name: "photos-link-identities" }));
    expect(fn.filename).toMatch(/link-identities\.zip$/);
    expect(onlyResource(tf, "aws_cloudwatch_log_group")).toEqual(expect.objectContaining({ name: "/aws/lambda/photos-link-identities", retention_in_days: 365 }));
  });

  test("is left out when linking is turned off", () => {
    const { tf: off } = synthPool({ identityProviders: [google], linkAccountsByEmail: false });
    expect(resourcesOf(off, "aws_lambda_function")).toEqual({});
    expect(onlyResource(off, "aws_cognito_user_pool").lambda_config).toBeUndefined();
  });

  test("is not created for a pool without identity providers", () => {
    expect(resourcesOf(synthPool().tf, "aws_lambda_function")).toEqual({});
  });

  test("tells the trigger when a case-insensitive pool lowercases federated usernames, and warns about the providers this affects", () => {
    let pool: UserPool | undefined;
    const { tf: insensitive } = synthOf((stack) => {
      pool = new UserPool(stack, "users", { ...required, signInWithUsername: true, identityProviders: [google, oidc] });
    });
    expect(onlyResource(insensitive, "aws_lambda_function").environment.variables).toEqual(expect.objectContaining({ USERNAME_IS_EMAIL: "false", CASE_INSENSITIVE_USERNAMES: "true" }));
    const warnings = pool?.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringMatching(/user ids of CorpOkta may lose their case; their first sign-ins are not linked/)]);
  });

  test("takes its function settings from the pool's props", () => {
    const { tf: tuned } = synthPool({ identityProviders: [google], linkingFunction: { functionName: "link-photos", reservedConcurrency: 5, logRetentionDays: 30, tracing: false } });
    expect(onlyResource(tuned, "aws_lambda_function")).toEqual(expect.objectContaining({
      function_name: "link-photos", reserved_concurrent_executions: 5, tracing_config: { mode: "PassThrough" },
    }));
  });

  describe("rejects invalid settings, naming the prop", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      ["linking without providers", { linkAccountsByEmail: true }, /linkAccountsByEmail needs at least one entry in identityProviders/],
      ["a function name with spaces", { identityProviders: [google], linkingFunction: { functionName: "link photos" } }, /LinkIdentitiesFunction: functionName must be 1–56 letters/],
      ["an unknown runtime", { identityProviders: [google], linkingFunction: { runtime: "python3.12" as never } }, /runtime must be one of "nodejs20.x", "nodejs22.x", "nodejs24.x"/],
      ["a retention CloudWatch does not offer", { identityProviders: [google], linkingFunction: { logRetentionDays: 2 } }, /logRetentionDays must be one of/],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });

    test("a function with nothing to link", () => {
      expect(() => synthOf((stack) => new LinkIdentitiesFunction(stack, "link", { functionName: "link", providers: [] }))).toThrow(/providers must list at least one identity provider/);
    });
  });
});
