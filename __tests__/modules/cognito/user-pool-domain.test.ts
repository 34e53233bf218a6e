import { TerraformOutput } from "cdktf";
import { UserPool, UserPoolProps } from "../../../modules/cognito/user-pool";
import { onlyResource, synthOf } from "../../support/synth";

const base = { name: "photos", callbackUrls: ["https://app.example.com/callback"] };
const custom = {
  domainName: "auth.photos.example.com",
  certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-0123456789ab",
};
const synthPool = (props: Partial<UserPoolProps>) =>
  synthOf((stack) => {
    const pool = new UserPool(stack, "users", { ...base, ...props } as UserPoolProps);
    new TerraformOutput(stack, "base-url", { value: pool.hostedUiBaseUrl }).overrideLogicalId("base_url");
  });

describe("UserPool domain", () => {
  test("serves the hosted sign-in on a prefix domain, in the pool's region", () => {
    const { tf } = synthPool({ domainPrefix: "photos-dev" });
    expect(onlyResource(tf, "aws_cognito_user_pool_domain")).toEqual(expect.objectContaining({ domain: "photos-dev" }));
    expect(onlyResource(tf, "aws_cognito_user_pool_domain").certificate_arn).toBeUndefined();
    expect(tf.output?.base_url.value).toMatch(
      /^https:\/\/photos-dev\.auth\.\$\{element\(split\("\.", aws_cognito_user_pool\.users_pool_\w+\.endpoint\), 1\)\}\.amazoncognito\.com$/,
    );
  });

  test("serves it on a custom domain with the ACM certificate", () => {
    const { tf } = synthPool({ customDomain: custom });
    expect(onlyResource(tf, "aws_cognito_user_pool_domain")).toEqual(
      expect.objectContaining({ domain: "auth.photos.example.com", certificate_arn: custom.certificateArn }),
    );
    expect(tf.output?.base_url.value).toBe("https://auth.photos.example.com");
  });

  test("switches to managed login when version 2 is asked for, and leaves the version to Cognito otherwise", () => {
    expect(
      onlyResource(synthPool({ domainPrefix: "photos-dev", managedLoginVersion: 2 }).tf, "aws_cognito_user_pool_domain")
        .managed_login_version,
    ).toBe(2);
    expect(
      onlyResource(synthPool({ domainPrefix: "photos-dev" }).tf, "aws_cognito_user_pool_domain").managed_login_version,
    ).toBeUndefined();
  });

  describe("rejects invalid domains, naming the prop", () => {
    test.each<[string, Partial<UserPoolProps>, RegExp]>([
      ["no domain at all", {}, /set exactly one of domainPrefix .* and customDomain/],
      [
        "both a prefix and a custom domain",
        { domainPrefix: "photos-dev", customDomain: custom },
        /set exactly one of domainPrefix/,
      ],
      [
        "a certificate outside us-east-1",
        { customDomain: { ...custom, certificateArn: custom.certificateArn.replace("us-east-1", "eu-west-1") } },
        /customDomain\.certificateArn must be an ARN like .*us-east-1 only/,
      ],
      [
        "a certificate ARN of another service",
        { customDomain: { ...custom, certificateArn: "arn:aws:iam::111122223333:server-certificate/x" } },
        /customDomain\.certificateArn must be an ARN/,
      ],
      [
        "a domain with an uppercase letter",
        { customDomain: { ...custom, domainName: "Auth.example.com" } },
        /customDomain\.domainName must be a lowercase domain name/,
      ],
      [
        "a bare top-level name",
        { customDomain: { ...custom, domainName: "localhost" } },
        /customDomain\.domainName must be a lowercase domain name/,
      ],
      [
        "a managed login version Cognito does not have",
        { domainPrefix: "photos-dev", managedLoginVersion: 3 },
        /managedLoginVersion must be one of 1, 2, got 3/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthPool(props)).toThrow(message);
    });
  });
});
