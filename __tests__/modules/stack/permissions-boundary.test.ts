import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { SecuredApi } from "../../../modules/api/secured-api";
import { SmsRole } from "../../../modules/cognito/sms-role";
import { UserPool } from "../../../modules/cognito/user-pool";
import { UserPoolGroupRole } from "../../../modules/cognito/user-pool-group-role";
import { IdentityPoolWithRoles } from "../../../modules/identity-pool/identity-pool-with-roles";
import { LinkIdentitiesFunction } from "../../../modules/lambda/link-identities-function";
import { MoveUploadFunction } from "../../../modules/lambda/move-upload-function";
import { attachInlinePolicy, policyDocument } from "../../../modules/private/iam";
import { validateConfig } from "../../../modules/stack/config";
import { ImageUploads, ImageUploadsProps } from "../../../modules/stack/image-uploads";
import { UploadsModuleStack } from "../../../modules/stack/uploads-module-stack";
import { defaultConfig, signInConfig } from "../../support/configs";
import { resourcesOf, synthOf, synthStack, TerraformJson } from "../../support/synth";

const BOUNDARY = "arn:aws:iam::111122223333:policy/estate/uploads-boundary";

/** Every role kind ImageUploads can create: identity-pool (authenticated, guest, group), mover, linking trigger, SMS, API logging. */
const everyRole: ImageUploadsProps = {
  region: "us-east-1",
  namePrefix: "photos",
  allowedOrigins: ["https://app.example.com"],
  userPool: {
    domainPrefix: "photos-test",
    callbackUrls: ["https://app.example.com/callback"],
    mfaFactors: ["totp", "sms"],
    identityProviders: [{ type: "Google", clientId: "g-client" }],
  },
  allowGuests: true,
  groups: [{ name: "admins", precedence: 0, canReadAllImages: true }],
  api: { manageAccountLoggingRole: true },
};

const boundariesOf = (tf: TerraformJson) =>
  Object.fromEntries(
    Object.values(resourcesOf(tf, "aws_iam_role")).map((role) => [role.name as string, role.permissions_boundary]),
  );

describe("permissions boundaries", () => {
  test("ImageUploads puts its permissionsBoundaryArn on every role it creates", () => {
    const { tf } = synthOf(
      (stack) => new ImageUploads(stack, "uploads", { ...everyRole, permissionsBoundaryArn: BOUNDARY }),
    );
    const boundaries = boundariesOf(tf);
    expect(Object.keys(boundaries).sort()).toEqual([
      "photos-admins",
      "photos-apigw-logs",
      "photos-authenticated",
      "photos-guest",
      "photos-link-identities-role",
      "photos-move-upload-role",
      "photos-sms",
      "photos-sweep-oversize-role",
    ]);
    expect(Object.values(boundaries)).toEqual(Object.keys(boundaries).map(() => BOUNDARY));
  });

  test("ImageUploads without permissionsBoundaryArn bounds no role", () => {
    const { tf } = synthOf((stack) => new ImageUploads(stack, "uploads", everyRole));
    const roles = Object.values(resourcesOf(tf, "aws_iam_role"));
    expect(roles).toHaveLength(8);
    expect(roles.filter((role) => "permissions_boundary" in role)).toEqual([]);
  });

  test("a boundary given to the mover, the user pool or the API wins over ImageUploads' own for that part", () => {
    const other = "arn:aws:iam::111122223333:policy/other";
    const { tf } = synthOf(
      (stack) =>
        new ImageUploads(stack, "uploads", {
          ...everyRole,
          permissionsBoundaryArn: BOUNDARY,
          userPool: { ...everyRole.userPool!, permissionsBoundaryArn: other },
          mover: { permissionsBoundaryArn: other },
          api: { manageAccountLoggingRole: true, permissionsBoundaryArn: other },
        }),
    );
    expect(boundariesOf(tf)).toEqual({
      "photos-admins": BOUNDARY,
      "photos-authenticated": BOUNDARY,
      "photos-guest": BOUNDARY,
      "photos-apigw-logs": other,
      "photos-link-identities-role": other,
      "photos-move-upload-role": other,
      "photos-sms": other,
      // The sweeper enforces the mover's limit and takes the mover's boundary.
      "photos-sweep-oversize-role": other,
    });
  });

  test("the configuration's permissionsBoundaryArn bounds every role of the stack", () => {
    const { tf } = synthStack(validateConfig({ ...signInConfig, permissionsBoundaryArn: BOUNDARY }));
    const boundaries = Object.values(boundariesOf(tf));
    expect(boundaries.length).toBeGreaterThanOrEqual(5);
    expect(boundaries).toEqual(boundaries.map(() => BOUNDARY));
  });

  test("the Terraform module's permissions_boundary_arn input bounds every role of the module", () => {
    const outdir = mkdtempSync(join(tmpdir(), "uploads-module-"));
    let tf: TerraformJson;
    try {
      const module = new UploadsModuleStack(new App({ outdir, stackTraces: false }), "module");
      tf = JSON.parse(Testing.synth(module));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    const boundaries = Object.values(boundariesOf(tf));
    expect(boundaries.length).toBeGreaterThanOrEqual(7);
    expect(boundaries).toEqual(boundaries.map(() => "${var.permissions_boundary_arn}"));
  });

  test("the configuration refuses a permissionsBoundaryArn that is not an IAM policy ARN", () => {
    expect(() =>
      validateConfig({ ...defaultConfig, permissionsBoundaryArn: "arn:aws:iam::111122223333:role/boundary" }),
    ).toThrow(/permissionsBoundaryArn: must be an IAM policy ARN/);
  });

  describe("rejects a permissionsBoundaryArn that is not an IAM policy ARN, naming the construct and the prop", () => {
    const notAPolicy = "arn:aws:iam::111122223333:role/boundary";
    const userPoolRef = {
      userPoolId: "us-east-1_Abc",
      userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc",
      userPoolEndpoint: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc",
      userPoolClientId: "client",
    };
    test.each<[string, (stack: TerraformStack) => void]>([
      ["ImageUploads", (stack) => new ImageUploads(stack, "u", { ...everyRole, permissionsBoundaryArn: notAPolicy })],
      [
        "UserPool",
        (stack) =>
          new UserPool(stack, "u", {
            name: "photos",
            domainPrefix: "photos-test",
            callbackUrls: ["https://app.example.com/"],
            permissionsBoundaryArn: notAPolicy,
          }),
      ],
      [
        "IdentityPoolWithRoles",
        (stack) =>
          new IdentityPoolWithRoles(stack, "u", {
            name: "photos",
            userPool: userPoolRef,
            permissionsBoundaryArn: notAPolicy,
          }),
      ],
      [
        "UserPoolGroupRole",
        (stack) =>
          new UserPoolGroupRole(stack, "u", {
            name: "admins",
            precedence: 0,
            userPoolId: "p",
            identityPoolId: "i",
            defaultRoleName: "photos-admins",
            permissionsBoundaryArn: notAPolicy,
          }),
      ],
      ["SmsRole", (stack) => new SmsRole(stack, "u", { roleName: "photos-sms", permissionsBoundaryArn: notAPolicy })],
      [
        "MoveUploadFunction",
        (stack) =>
          new MoveUploadFunction(stack, "u", {
            functionName: "photos-move",
            allowedClientIds: ["client"],
            permissionsBoundaryArn: notAPolicy,
            bucket: { bucketName: "b", bucketArn: "arn:aws:s3:::b", uploadPrefix: "tmp/", imagePrefix: "images/" },
          }),
      ],
      [
        "LinkIdentitiesFunction",
        (stack) =>
          new LinkIdentitiesFunction(stack, "u", {
            functionName: "photos-link",
            providers: [{ name: "Google", type: "Google", trustEmail: false }],
            permissionsBoundaryArn: notAPolicy,
          }),
      ],
      [
        "SecuredApi",
        (stack) =>
          new SecuredApi(stack, "u", {
            name: "photos",
            userPoolArn: userPoolRef.userPoolArn,
            handler: { functionName: "f", invokeArn: "arn" },
            permissionsBoundaryArn: notAPolicy,
          }),
      ],
    ])("%s", (_, build) => {
      expect(() => synthOf(build)).toThrow(
        new RegExp(
          `^test/u: permissionsBoundaryArn must be an IAM policy ARN like arn:aws:iam::111122223333:policy/boundary, got "${notAPolicy}"`,
        ),
      );
    });

    test("accepts AWS managed policies and policies with a path", () => {
      for (const arn of [
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws-us-gov:iam::111122223333:policy/a/b/boundary",
      ]) {
        expect(() =>
          synthOf((stack) => new SmsRole(stack, "u", { roleName: "photos-sms", permissionsBoundaryArn: arn })),
        ).not.toThrow();
      }
    });
  });
});

describe("roles are reachable for further policies", () => {
  test("every role ImageUploads creates is reachable from its public properties, so an estate can attach policies to it", () => {
    const document = policyDocument({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::estate-shared/*",
    });
    const { tf } = synthOf((stack) => {
      const uploads = new ImageUploads(stack, "uploads", everyRole);
      const roles = [
        uploads.identityPool.authenticatedRole,
        uploads.identityPool.guestRole,
        uploads.identityPool.groupRoles.admins,
        uploads.mover.role,
        uploads.userPool?.linkingFunction?.role,
        uploads.userPool?.smsRole?.role,
        uploads.api.accountLoggingRole,
        uploads.sweeper?.role,
      ];
      roles.forEach((role, index) => {
        attachInlinePolicy(stack, `estate-${index}`, role!, "estate-shared-read", document);
      });
    });
    const estatePolicies = Object.values(resourcesOf(tf, "aws_iam_role_policy")).filter(
      (policy) => policy.name === "estate-shared-read",
    );
    const attachedTo = estatePolicies
      .map((policy) => /^\$\{aws_iam_role\.([\w-]+)\.name\}$/.exec(policy.role)?.[1])
      .sort();
    expect(attachedTo).toEqual(Object.keys(resourcesOf(tf, "aws_iam_role")).sort());
  });

  test("SecuredApi exposes the account logging role only when it creates one", () => {
    const props = {
      userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc",
      handler: { functionName: "f", invokeArn: "arn:aws:apigateway:us-east-1:lambda:path/f" },
    };
    let apis: SecuredApi[] = [];
    synthOf((stack) => {
      apis = [
        new SecuredApi(stack, "a", { ...props, name: "a", manageAccountLoggingRole: true }),
        new SecuredApi(stack, "b", { ...props, name: "b" }),
      ];
    });
    expect(apis[0].accountLoggingRole).toEqual({ roleName: expect.any(String), roleArn: expect.any(String) });
    expect(apis[1].accountLoggingRole).toBeUndefined();
  });
});
