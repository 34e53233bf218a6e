import { allRules, Finding, TerraformJson } from "../../modules/rules";

/**
 * What each rule reports, finding by finding: the address and what the message must say (the statement it names, the
 * value it quotes, the bound it gives). The fixtures (rule-pack.test.ts) pin which resources fail; these cases pin the
 * branches the fixtures share a message with, and the edges of each check.
 */

/** An expected finding: its address and a fragment (or pattern) of its message. */
type Expected = readonly [address: string, message: string | RegExp];

interface Case {
  readonly name: string;
  readonly tf: TerraformJson;
  /** Every finding, in the order the rule reports them. */
  readonly findings: readonly Expected[];
}

const resources = (resource: Record<string, Record<string, Record<string, unknown>>>): TerraformJson => ({ resource });
const policy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** An identity policy `aws_iam_policy.p`. */
const identityPolicy = (...statements: object[]) =>
  resources({ aws_iam_policy: { p: { policy: policy(...statements) } } });
/** A bucket policy `aws_s3_bucket_policy.b` of no bucket in particular. */
const bucketPolicy = (...statements: object[]) =>
  resources({ aws_s3_bucket_policy: { b: { bucket: "photos", policy: policy(...statements) } } });
/** A role `aws_iam_role.r` with this trust policy. */
const trustPolicy = (...statements: object[]) =>
  resources({ aws_iam_role: { r: { name: "r", assume_role_policy: policy(...statements) } } });

const ruleById = (id: string) => {
  const rule = allRules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};
const asExpected = (findings: readonly Expected[]) =>
  findings.map(([address, message]) => ({
    address,
    message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
  }));

function describeRule(id: string, cases: readonly Case[]): void {
  describe(id, () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const findings: Finding[] = ruleById(id).check(c.tf);
      expect(findings).toEqual(asExpected(c.findings));
    });
  });
}

const readOnly = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/*" };

describeRule("CKV_AWS_355", [
  {
    name: "names a statement by its Sid, and lists the restrictable actions it allows on every resource",
    tf: identityPolicy({
      Sid: "ReadEverything",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: "*",
    }),
    findings: [
      ["aws_iam_policy.p", /^statement "ReadEverything" allows s3:GetObject, s3:ListBucket on every resource$/],
    ],
  },
  {
    name: "names a statement without a Sid by its position, and leaves exempt actions out of the list",
    tf: identityPolicy(readOnly, {
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "s3:GetObject"],
      Resource: "*",
    }),
    findings: [["aws_iam_policy.p", /^statement 2 allows s3:GetObject on every resource$/]],
  },
  {
    name: "counts a statement without Action as allowing every action",
    tf: identityPolicy({ Effect: "Allow", Resource: "*" }),
    findings: [["aws_iam_policy.p", /^statement 1 allows \* on every resource$/]],
  },
  {
    name: "exempts an action without resource-level permissions in any case",
    tf: identityPolicy({ Effect: "Allow", Action: ["XRAY:PutTraceSegments", "sts:getcalleridentity"], Resource: "*" }),
    findings: [],
  },
  {
    name: "reports NotResource, naming the statement",
    tf: identityPolicy({ Sid: "AllButOne", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x/*" }),
    findings: [
      [
        "aws_iam_policy.p",
        /^statement "AllButOne" allows actions on everything except some resources \(NotResource\)$/,
      ],
    ],
  },
  {
    name: "counts every bucket and everything of a service in an account as every resource",
    tf: resources({
      aws_iam_policy: {
        buckets: { policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }) },
        logs: {
          policy: policy({
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: "arn:aws:logs:eu-west-1:123456789012:*",
          }),
        },
        china: { policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws-cn:s3:::*" }) },
      },
    }),
    findings: [
      ["aws_iam_policy.buckets", "s3:GetObject on every resource"],
      ["aws_iam_policy.logs", "logs:PutLogEvents on every resource"],
      ["aws_iam_policy.china", "s3:GetObject on every resource"],
    ],
  },
  {
    name: "passes named resources, and wildcards below a name",
    tf: identityPolicy(readOnly, {
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: ["arn:aws:logs:eu-west-1:123456789012:log-group:*", "arn:aws:s3:::photos-*"],
    }),
    findings: [],
  },
  {
    name: "ignores Deny statements",
    tf: identityPolicy({ Effect: "Deny", Action: "s3:*", Resource: "*" }),
    findings: [],
  },
  {
    name: "reports a policy it cannot read, with the reason",
    tf: resources({ aws_iam_policy: { p: { policy: "${data.aws_iam_policy_document.d.json}" } } }),
    findings: [["aws_iam_policy.p", /^the policy is not literal JSON/]],
  },
]);

describeRule("CKV_AWS_62", [
  {
    name: "names a statement by its Sid and quotes each broad action",
    tf: identityPolicy({ Sid: "Admin", Effect: "Allow", Action: ["*", "s3:*", "s3:Get*"], Resource: "*" }),
    findings: [["aws_iam_policy.p", /^statement "Admin" allows "\*", "s3:\*"$/]],
  },
  {
    name: "names a statement without a Sid by its position",
    tf: identityPolicy(readOnly, { Effect: "Allow", Action: "iam:*", Resource: "*" }),
    findings: [["aws_iam_policy.p", /^statement 2 allows "iam:\*"$/]],
  },
  {
    name: "reports NotAction, naming the statement",
    tf: identityPolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    findings: [["aws_iam_policy.p", /^statement 1 allows everything except some actions \(NotAction\)$/]],
  },
  {
    name: "leaves trust policies to CKV_AWS_60",
    tf: trustPolicy({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:*" }),
    findings: [],
  },
  {
    name: "reports an administrator policy attached in any partition, by attachment or managed_policy_arns",
    tf: resources({
      aws_iam_role_policy_attachment: {
        admin: { role: "r", policy_arn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" },
        readonly: { role: "r", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
      aws_iam_policy_attachment: { power: { name: "power", policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess" } },
      aws_iam_role: {
        r: {
          name: "r",
          managed_policy_arns: ["arn:aws:iam::aws:policy/IAMFullAccess", "${aws_iam_policy.p.arn}"],
        },
      },
    }),
    findings: [
      ["aws_iam_role_policy_attachment.admin", /^attaches arn:aws-us-gov:iam::aws:policy\/AdministratorAccess$/],
      ["aws_iam_policy_attachment.power", /^attaches arn:aws:iam::aws:policy\/PowerUserAccess$/],
      ["aws_iam_role.r", /^attaches arn:aws:iam::aws:policy\/IAMFullAccess$/],
    ],
  },
]);

describeRule("CKV_AWS_70", [
  {
    name: "names an Allow to every principal by its Sid",
    tf: bucketPolicy({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }),
    findings: [["aws_s3_bucket_policy.b", /^statement "Public" allows every principal$/]],
  },
  {
    name: "names a lock-out by the statement's position among all statements",
    tf: bucketPolicy(
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "*" },
      { Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*" },
    ),
    findings: [["aws_s3_bucket_policy.b", /^statement 2 denies every action to every principal without a condition/]],
  },
  {
    name: "reports an Allow by NotPrincipal",
    tf: bucketPolicy({
      Effect: "Allow",
      NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "s3:GetObject",
    }),
    findings: [["aws_s3_bucket_policy.b", "allows every principal"]],
  },
  {
    name: "accepts a Deny to everyone of some actions, or of every action under a condition, or to named principals",
    tf: bucketPolicy(
      { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: "*" },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "*",
        Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      { Effect: "Deny", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:*", Resource: "*" },
      { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" },
    ),
    findings: [],
  },
  {
    name: "leaves identity policies to the other rules",
    tf: identityPolicy({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
    findings: [],
  },
]);

describeRule("CUP_003", [
  {
    name: "gives each token's bounds in the unit that reads best",
    tf: resources({
      aws_cognito_user_pool_client: {
        web: {
          id_token_validity: 4,
          access_token_validity: 1441,
          refresh_token_validity: 59,
          token_validity_units: [{ id_token: "minutes", access_token: "minutes", refresh_token: "minutes" }],
        },
      },
    }),
    findings: [
      ["aws_cognito_user_pool_client.web", /^the id token lives 4 minutes, outside 5 minutes–1 day\(s\)$/],
      ["aws_cognito_user_pool_client.web", /^the access token lives 1441 minutes, outside 5 minutes–1 day\(s\)$/],
      ["aws_cognito_user_pool_client.web", /^the refresh token lives 59 minutes, outside 60 minutes–10 years$/],
    ],
  },
  {
    name: "reads seconds, hours and days, and the default unit of each token",
    tf: resources({
      aws_cognito_user_pool_client: {
        seconds: { id_token_validity: 299, token_validity_units: { id_token: "seconds" } },
        hours: { access_token_validity: 25 },
        days: { refresh_token_validity: 3651 },
        fine: {
          id_token_validity: 300,
          access_token_validity: 24,
          refresh_token_validity: 3650,
          token_validity_units: { id_token: "seconds" },
        },
      },
    }),
    findings: [
      ["aws_cognito_user_pool_client.seconds", /^the id token lives 299 seconds, outside/],
      ["aws_cognito_user_pool_client.hours", /^the access token lives 25 hours, outside/],
      ["aws_cognito_user_pool_client.days", /^the refresh token lives 3651 days, outside 60 minutes–10 years$/],
    ],
  },
  {
    name: "refuses a unit Cognito does not know",
    tf: resources({
      aws_cognito_user_pool_client: { web: { id_token_validity: 1, token_validity_units: { id_token: "weeks" } } },
    }),
    findings: [["aws_cognito_user_pool_client.web", /^the id token lives 1 weeks, outside/]],
  },
  {
    name: "skips a lifetime set by an expression",
    tf: resources({ aws_cognito_user_pool_client: { web: { id_token_validity: "${var.id_token_hours}" } } }),
    findings: [],
  },
  {
    name: "bounds the sign-in session to 3–15 minutes",
    tf: resources({
      aws_cognito_user_pool_client: {
        short: { auth_session_validity: 2 },
        low: { auth_session_validity: 3 },
        high: { auth_session_validity: 15 },
        long: { auth_session_validity: 16 },
      },
    }),
    findings: [
      ["aws_cognito_user_pool_client.short", /^auth_session_validity is 2 minutes, outside 3–15$/],
      ["aws_cognito_user_pool_client.long", /^auth_session_validity is 16 minutes, outside 3–15$/],
    ],
  },
  {
    name: "refuses turning token revocation off, and only that",
    tf: resources({
      aws_cognito_user_pool_client: { off: { enable_token_revocation: false }, on: { enable_token_revocation: true } },
    }),
    findings: [["aws_cognito_user_pool_client.off", /^enable_token_revocation is false/]],
  },
]);

describeRule("CUP_001", [
  {
    name: "says when the setting is left to its LEGACY default, and quotes any other value",
    tf: resources({
      aws_cognito_user_pool_client: {
        unset: {},
        legacy: { prevent_user_existence_errors: "LEGACY" },
        enabled: { prevent_user_existence_errors: "ENABLED" },
      },
    }),
    findings: [
      ["aws_cognito_user_pool_client.unset", /^prevent_user_existence_errors is LEGACY \(unset\)$/],
      ["aws_cognito_user_pool_client.legacy", /^prevent_user_existence_errors is LEGACY$/],
    ],
  },
]);

describeRule("CUP_002", [
  {
    name: "says when deletion protection is left to its INACTIVE default, and quotes any other value",
    tf: resources({
      aws_cognito_user_pool: {
        unset: {},
        inactive: { deletion_protection: "INACTIVE" },
        active: { deletion_protection: "ACTIVE" },
      },
    }),
    findings: [
      ["aws_cognito_user_pool.unset", /^deletion_protection is INACTIVE \(unset\)$/],
      ["aws_cognito_user_pool.inactive", /^deletion_protection is INACTIVE$/],
    ],
  },
]);

describeRule("KICS_ec28bf61", [
  {
    name: "says when MFA is left to its OFF default, and quotes any other value",
    tf: resources({
      aws_cognito_user_pool: {
        unset: {},
        off: { mfa_configuration: "OFF" },
        optional: { mfa_configuration: "OPTIONAL" },
        on: { mfa_configuration: "ON" },
      },
    }),
    findings: [
      ["aws_cognito_user_pool.unset", /^mfa_configuration is OFF \(unset\)$/],
      ["aws_cognito_user_pool.off", /^mfa_configuration is OFF$/],
    ],
  },
]);

describeRule("CUP_006", [
  {
    name: "tells an unset username configuration from a case-sensitive one",
    tf: resources({
      aws_cognito_user_pool: {
        unset: {},
        sensitive: { username_configuration: [{ case_sensitive: true }] },
        insensitive: { username_configuration: { case_sensitive: false } },
      },
    }),
    findings: [
      ["aws_cognito_user_pool.unset", /^username_configuration is unset, so usernames are case-sensitive/],
      ["aws_cognito_user_pool.sensitive", /^username_configuration\.case_sensitive is not false/],
    ],
  },
]);

describeRule("CKV_AWS_66", [
  {
    name: "tells no retention from a short one, and passes a year exactly",
    tf: resources({
      aws_cloudwatch_log_group: {
        unset: {},
        never: { retention_in_days: 0 },
        text: { retention_in_days: "365" },
        short: { retention_in_days: 364 },
        year: { retention_in_days: 365 },
      },
    }),
    findings: [
      ["aws_cloudwatch_log_group.unset", /^no retention period: logs are kept for ever$/],
      ["aws_cloudwatch_log_group.never", /^no retention period/],
      ["aws_cloudwatch_log_group.text", /^no retention period/],
      ["aws_cloudwatch_log_group.short", /^logs are kept 364 days, less than a year$/],
    ],
  },
]);

describeRule("CKV_AWS_21", [
  {
    name: "names the lifecycle rule that expires objects but keeps noncurrent versions, or says it has no id",
    tf: resources({
      aws_s3_bucket: { b: { bucket: "photos" } },
      aws_s3_bucket_versioning: {
        v: { bucket: "${aws_s3_bucket.b.id}", versioning_configuration: { status: "Enabled" } },
      },
      aws_s3_bucket_lifecycle_configuration: {
        l: {
          bucket: "${aws_s3_bucket.b.id}",
          rule: [
            { id: "expire-uploads", status: "Enabled", expiration: { days: 1 } },
            { status: "Enabled", expiration: [{ days: 2 }] },
            { id: "disabled", status: "Disabled", expiration: { days: 1 } },
            {
              id: "both",
              status: "Enabled",
              expiration: { days: 1 },
              noncurrent_version_expiration: { noncurrent_days: 1 },
            },
            { id: "abort", status: "Enabled", abort_incomplete_multipart_upload: { days_after_initiation: 1 } },
          ],
        },
      },
    }),
    findings: [
      [
        "aws_s3_bucket_lifecycle_configuration.l",
        /^rule "expire-uploads" expires objects but keeps their noncurrent versions for ever$/,
      ],
      ["aws_s3_bucket_lifecycle_configuration.l", /^rule "" expires objects/],
    ],
  },
  {
    name: "accepts versioning by the legacy inline block, and refuses it suspended",
    tf: resources({
      aws_s3_bucket: {
        legacy: { bucket: "legacy", versioning: [{ enabled: true }] },
        off: { bucket: "off", versioning: { enabled: false } },
        suspended: { bucket: "suspended" },
      },
      aws_s3_bucket_versioning: {
        v: { bucket: "suspended", versioning_configuration: { status: "Suspended" } },
      },
    }),
    findings: [
      ["aws_s3_bucket.off", /^versioning is off: an overwritten or deleted image cannot be recovered$/],
      ["aws_s3_bucket.suspended", /^versioning is off/],
    ],
  },
]);

describeRule("CKV2_AWS_6", [
  {
    name: "lists the settings that are not on, and tells a missing block apart",
    tf: resources({
      aws_s3_bucket: { b: { bucket: "photos" }, none: { bucket: "none" } },
      aws_s3_bucket_public_access_block: {
        pab: {
          bucket: "${aws_s3_bucket.b.id}",
          block_public_acls: true,
          block_public_policy: "true",
          restrict_public_buckets: true,
        },
      },
    }),
    findings: [
      ["aws_s3_bucket_public_access_block.pab", /^not turned on: block_public_policy, ignore_public_acls$/],
      ["aws_s3_bucket.none", /^the bucket has no aws_s3_bucket_public_access_block$/],
    ],
  },
]);

describeRule("CKV2_AWS_65", [
  {
    name: "quotes a bucket's ACL beside the missing ownership controls, and reports managed ACLs",
    tf: resources({
      aws_s3_bucket: { b: { bucket: "photos", acl: "public-read" } },
      aws_s3_bucket_ownership_controls: {
        o: { bucket: "${aws_s3_bucket.b.id}", rule: { object_ownership: "ObjectWriter" } },
      },
      aws_s3_bucket_acl: { a: { bucket: "${aws_s3_bucket.b.id}", acl: "private" } },
    }),
    findings: [
      ["aws_s3_bucket.b", /^no aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced$/],
      ["aws_s3_bucket.b", /^the bucket sets the ACL "public-read"$/],
      ["aws_s3_bucket_acl.a", /^a bucket ACL is managed/],
    ],
  },
]);

const cognitoTrust = (condition?: object) => ({
  Effect: "Allow",
  Principal: { Federated: "cognito-identity.amazonaws.com" },
  Action: "sts:AssumeRoleWithWebIdentity",
  ...(condition ? { Condition: condition } : {}),
});
const audience = { StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:pool" } };

describeRule("CKV_AWS_60", [
  {
    name: 'reports every principal, by "*", by AWS "*" or by NotPrincipal, once per statement',
    tf: trustPolicy(
      { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:*" },
      { Effect: "Allow", NotPrincipal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ),
    findings: [
      ["aws_iam_role.r", /^any principal may assume the role$/],
      ["aws_iam_role.r", /^any principal may assume the role$/],
      ["aws_iam_role.r", /^any principal may assume the role$/],
    ],
  },
  {
    name: "reports wildcard services and AWS principals, and every STS action",
    tf: trustPolicy(
      { Effect: "Allow", Principal: { Service: "*.amazonaws.com" }, Action: "sts:AssumeRole" },
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/*" }, Action: "*" },
      { Effect: "Deny", Principal: "*", Action: "sts:*" },
    ),
    findings: [
      ["aws_iam_role.r", /^a wildcard service may assume the role$/],
      ["aws_iam_role.r", /^a wildcard AWS principal may assume the role$/],
      ["aws_iam_role.r", /^the statement allows every STS action$/],
    ],
  },
  {
    name: "asks a Cognito identity pool's trust for the pool id (StringEquals aud) and one amr",
    tf: resources({
      aws_iam_role: {
        none: { assume_role_policy: policy(cognitoTrust()) },
        likeAud: {
          assume_role_policy: policy(
            cognitoTrust({
              StringLike: { "cognito-identity.amazonaws.com:aud": "eu-west-1:pool" },
              "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            }),
          ),
        },
        wildAmr: {
          assume_role_policy: policy(
            cognitoTrust({
              ...audience,
              "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "*" },
            }),
          ),
        },
        otherAmr: {
          assume_role_policy: policy(
            cognitoTrust({
              ...audience,
              "ForAnyValue:StringEquals": { "cognito-identity.amazonaws.com:amr": "graph.facebook.com" },
            }),
          ),
        },
        emptyAmr: {
          assume_role_policy: policy(
            cognitoTrust({ ...audience, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": [] } }),
          ),
        },
        wrongOperator: {
          assume_role_policy: policy(
            cognitoTrust({
              ...audience,
              StringEquals: { ...audience.StringEquals, "cognito-identity.amazonaws.com:amr": "authenticated" },
            }),
          ),
        },
        pinned: {
          assume_role_policy: policy(
            cognitoTrust({
              StringEquals: { "Cognito-Identity.amazonaws.com:AUD": "eu-west-1:pool" },
              "ForAnyValue:StringEquals": { "cognito-identity.amazonaws.com:amr": "unauthenticated" },
            }),
          ),
        },
      },
    }),
    findings: [
      [
        "aws_iam_role.none",
        /^cognito-identity\.amazonaws\.com may assume the role without a StringEquals condition on cognito-identity\.amazonaws\.com:aud$/,
      ],
      [
        "aws_iam_role.none",
        /^cognito-identity\.amazonaws\.com may assume the role without a ForAnyValue:StringLike condition on cognito-identity\.amazonaws\.com:amr naming authenticated or unauthenticated$/,
      ],
      ["aws_iam_role.likeAud", /without a StringEquals condition on cognito-identity\.amazonaws\.com:aud$/],
      ["aws_iam_role.wildAmr", /:amr naming authenticated or unauthenticated$/],
      ["aws_iam_role.otherAmr", /:amr naming authenticated or unauthenticated$/],
      ["aws_iam_role.emptyAmr", /:amr naming authenticated or unauthenticated$/],
      ["aws_iam_role.wrongOperator", /:amr naming authenticated or unauthenticated$/],
    ],
  },
  {
    name: "names an OIDC provider's condition keys by its host, and lets SAML providers through",
    tf: resources({
      aws_iam_role: {
        github: {
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
          }),
        },
        pinned: {
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
          }),
        },
        wildcardAudience: {
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Federated: "accounts.google.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "accounts.google.com:aud": ["client-1", "*"] } },
          }),
        },
        saml: {
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:saml-provider/corp" },
            Action: "sts:AssumeRoleWithSAML",
          }),
        },
      },
    }),
    findings: [
      [
        "aws_iam_role.github",
        /^arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com may assume the role without a StringEquals condition on token\.actions\.githubusercontent\.com:aud$/,
      ],
      ["aws_iam_role.wildcardAudience", /on accounts\.google\.com:aud$/],
    ],
  },
  {
    name: "reports a trust policy it cannot read",
    tf: resources({ aws_iam_role: { r: { assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } } }),
    findings: [["aws_iam_role.r", /^the policy is not literal JSON/]],
  },
]);

describeRule("CKV_AWS_364", [
  {
    name: "explains each problem of a permission's principal and source",
    tf: resources({
      aws_lambda_permission: {
        anyone: { principal: "*" },
        s3: { principal: "s3.amazonaws.com" },
        s3Scoped: { principal: "s3.amazonaws.com", source_arn: "${aws_s3_bucket.b.arn}" },
        s3Account: { principal: "s3.amazonaws.com", source_account: "123456789012" },
        account: { principal: "123456789012" },
        gatewayUnset: { principal: "apigateway.amazonaws.com" },
        gatewayEmpty: { principal: "apigateway.amazonaws.com", source_arn: "" },
        gatewayOther: { principal: "apigateway.amazonaws.com", source_arn: "${aws_s3_bucket.b.arn}" },
        gatewayEmbedded: {
          principal: "apigateway.amazonaws.com",
          source_arn: "arn:aws:execute-api:*:*:*/${aws_api_gateway_rest_api.api.execution_arn}",
        },
        gatewayLiteral: {
          principal: "apigateway.amazonaws.com",
          source_arn: "arn:aws:execute-api:eu-west-1:123456789012:*/*",
        },
        gatewayThisApi: {
          principal: "apigateway.amazonaws.com",
          source_arn: "${aws_api_gateway_rest_api.api.execution_arn}/*/POST/move",
        },
        gatewayHttpApi: {
          principal: "apigateway.amazonaws.com",
          source_arn: "${aws_apigatewayv2_api.api.execution_arn}/*",
        },
        gatewayApiId: { principal: "apigateway.amazonaws.com", source_arn: "${aws_api_gateway_rest_api.api.id}/*" },
        gatewayNamed: {
          principal: "apigateway.amazonaws.com",
          source_arn: "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3/*/POST/move",
        },
      },
    }),
    findings: [
      ["aws_lambda_permission.anyone", /^the permission lets any principal invoke the function$/],
      [
        "aws_lambda_permission.s3",
        /^s3\.amazonaws\.com may invoke the function from any resource: set source_arn \(or source_account\)$/,
      ],
      ["aws_lambda_permission.gatewayUnset", /^API Gateway may invoke the function from any API/],
      ["aws_lambda_permission.gatewayEmpty", /^API Gateway may invoke the function from any API/],
      [
        "aws_lambda_permission.gatewayOther",
        /^source_arn references aws_s3_bucket\.b, not an API of this configuration$/,
      ],
      [
        "aws_lambda_permission.gatewayEmbedded",
        /^source_arn "arn:aws:execute-api:\*:\*:\*\/\$\{aws_api_gateway_rest_api\.api\.execution_arn\}", not an API/,
      ],
      [
        "aws_lambda_permission.gatewayLiteral",
        /^source_arn "arn:aws:execute-api:eu-west-1:123456789012:\*\/\*", not an API/,
      ],
      ["aws_lambda_permission.gatewayApiId", /^source_arn "\$\{aws_api_gateway_rest_api\.api\.id\}\/\*", not an API/],
    ],
  },
]);

describeRule("CKV_AWS_59", [
  {
    name: "explains each unauthorized method",
    tf: resources({
      aws_api_gateway_method: {
        open: { rest_api_id: "api", resource_id: "move", http_method: "post", authorization: "none" },
        unset: { rest_api_id: "api", resource_id: "move", http_method: "GET" },
        noId: { rest_api_id: "api", resource_id: "move", http_method: "PUT", authorization: "cognito_user_pools" },
        custom: { rest_api_id: "api", resource_id: "move", http_method: "PATCH", authorization: "CUSTOM" },
        iam: { rest_api_id: "api", resource_id: "move", http_method: "DELETE", authorization: "AWS_IAM" },
        authorized: {
          rest_api_id: "api",
          resource_id: "move",
          http_method: "HEAD",
          authorization: "COGNITO_USER_POOLS",
          authorizer_id: "a",
        },
      },
    }),
    findings: [
      ["aws_api_gateway_method.open", /^the POST method has authorization NONE: anyone can call it$/],
      ["aws_api_gateway_method.unset", /^the GET method has authorization NONE/],
      ["aws_api_gateway_method.noId", /^authorization COGNITO_USER_POOLS needs an authorizer_id$/],
      ["aws_api_gateway_method.custom", /^authorization CUSTOM needs an authorizer_id$/],
    ],
  },
  {
    name: "lets an OPTIONS method without authorizer through only to a MOCK integration, found by reference or by resource and verb",
    tf: resources({
      aws_api_gateway_method: {
        byReference: { rest_api_id: "api", resource_id: "a", http_method: "OPTIONS", authorization: "NONE" },
        byVerb: { rest_api_id: "api", resource_id: "b", http_method: "options", authorization: "NONE" },
        mocked: { rest_api_id: "api", resource_id: "c", http_method: "OPTIONS", authorization: "NONE" },
        otherApi: { rest_api_id: "api", resource_id: "d", http_method: "OPTIONS", authorization: "NONE" },
        alone: { rest_api_id: "api", resource_id: "e", http_method: "OPTIONS" },
      },
      aws_api_gateway_integration: {
        proxy: {
          rest_api_id: "api",
          resource_id: "x",
          http_method: "${aws_api_gateway_method.byReference.http_method}",
          type: "AWS_PROXY",
        },
        http: { rest_api_id: "api", resource_id: "b", http_method: "options", type: "HTTP" },
        mock: { rest_api_id: "api", resource_id: "c", http_method: "OPTIONS", type: "MOCK" },
        elsewhere: { rest_api_id: "other", resource_id: "d", http_method: "OPTIONS", type: "AWS_PROXY" },
        otherResource: { rest_api_id: "api", resource_id: "z", http_method: "OPTIONS", type: "AWS_PROXY" },
        otherVerb: { rest_api_id: "api", resource_id: "d", http_method: "GET", type: "AWS_PROXY" },
      },
    }),
    findings: [
      [
        "aws_api_gateway_method.byReference",
        /^the OPTIONS method has no authorizer and reaches a AWS_PROXY integration instead of a MOCK$/,
      ],
      ["aws_api_gateway_method.byVerb", /reaches a HTTP integration instead of a MOCK$/],
    ],
  },
]);

/** A function `aws_lambda_function.<name>` per entry, with these environment variables. */
const functionsWith = (byName: Record<string, Record<string, unknown>>) =>
  resources({
    aws_lambda_function: Object.fromEntries(
      Object.entries(byName).map(([name, variables]) => [name, { function_name: name, environment: { variables } }]),
    ),
  });

describeRule("CKV_AWS_45", [
  {
    name: "names the variable and what it holds: a known secret format, a secret resource, or a secret-sounding name",
    tf: functionsWith({
      f: {
        KEY_ID: "AKIAABCDEFGHIJKLMNOP",
        PEM: "-----BEGIN RSA PRIVATE KEY-----",
        JWT: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig",
        GITHUB: `ghp_${"a".repeat(20)}`,
        SLACK: "xoxb-1234567890-abc",
        DB: "${aws_secretsmanager_secret_version.db.secret_string}",
        GENERATED: "prefix-${random_password.p.result}",
        DB_PASSWORD: "hunter2",
        API_KEY: "key-${var.suffix}",
      },
    }),
    findings: [
      ["aws_lambda_function.f", /^KEY_ID holds an AWS access key id$/],
      ["aws_lambda_function.f", /^PEM holds a private key$/],
      ["aws_lambda_function.f", /^JWT holds a JSON web token$/],
      ["aws_lambda_function.f", /^GITHUB holds a GitHub token$/],
      ["aws_lambda_function.f", /^SLACK holds a Slack token$/],
      ["aws_lambda_function.f", /^DB is set from a secret resource: read the secret at run time instead$/],
      ["aws_lambda_function.f", /^GENERATED is set from a secret resource/],
      ["aws_lambda_function.f", /^DB_PASSWORD looks like a secret written in clear$/],
      ["aws_lambda_function.f", /^API_KEY looks like a secret written in clear$/],
    ],
  },
  {
    name: "passes secret-sounding names that hold a reference, a number or nothing, and references to non-secret attributes",
    tf: functionsWith({
      f: {
        SECRET_ARN: "${aws_secretsmanager_secret.db.arn}",
        TOKEN_TTL: "3600",
        PASSWORD_MIN: 8,
        API_KEY: "",
        SECRET_ID: "${aws_secretsmanager_secret_version.db.version_id}",
        PASSWORD_POLICY: null,
        NAME: "${random_password.p.length}",
      },
    }),
    findings: [],
  },
  {
    name: "passes a function without environment",
    tf: resources({ aws_lambda_function: { f: { function_name: "f" } } }),
    findings: [],
  },
]);

const linking = (providers: unknown) => functionsWith({ link: { LINKABLE_PROVIDERS: JSON.stringify(providers) } });

describeRule("CUP_020", [
  {
    name: "names the provider and its type in each problem",
    tf: linking([
      { name: "CorpOkta", type: "OIDC" },
      { name: "CorpAdfs", type: "SAML", emailDomains: "example.com" },
      { name: "Partner", type: "OIDC", emailDomains: ["Example.com", 42, "example.com"] },
      { name: "Apple", type: "SignInWithApple", trustEmail: true },
      { name: "Google", type: "Google", trustEmail: false },
      { name: "Facebook", type: "Facebook", trustEmail: true, emailDomains: ["photos.example.com"] },
    ]),
    findings: [
      [
        "aws_lambda_function.link",
        /^CorpOkta \(OIDC\) may link accounts without emailDomains, so it can take over the account of any address it asserts$/,
      ],
      ["aws_lambda_function.link", /^CorpAdfs \(SAML\) has emailDomains that are not a list of domain names$/],
      [
        "aws_lambda_function.link",
        /^Partner \(OIDC\) has emailDomains that are not lowercase domain names: "Example\.com", 42$/,
      ],
      [
        "aws_lambda_function.link",
        /^Apple \(SignInWithApple\) has trustEmail without emailDomains, so an address it has not verified still links$/,
      ],
    ],
  },
  {
    name: "reads an entry that is not an object as a provider without name or type",
    tf: linking(["Google", null]),
    findings: [
      ["aws_lambda_function.link", /^undefined \(undefined\) may link accounts without emailDomains/],
      ["aws_lambda_function.link", /^undefined \(undefined\) may link accounts without emailDomains/],
    ],
  },
  {
    name: "refuses LINKABLE_PROVIDERS that is JSON but not a list",
    tf: functionsWith({ link: { LINKABLE_PROVIDERS: '{"name":"Google","type":"Google"}' } }),
    findings: [["aws_lambda_function.link", /^LINKABLE_PROVIDERS is not a JSON list/]],
  },
  {
    name: "checks each domain name against the trigger's pattern",
    tf: linking([
      {
        name: "Corp",
        type: "OIDC",
        emailDomains: ["example.com", "a-b.example.co.uk", "x.y", `${"a".repeat(63)}.com`],
      },
      { name: "Single", type: "OIDC", emailDomains: ["localhost"] },
      { name: "Long", type: "OIDC", emailDomains: [`${"a".repeat(64)}.com`] },
      { name: "Hyphen", type: "OIDC", emailDomains: ["-example.com"] },
      { name: "Trailing", type: "OIDC", emailDomains: ["example.com."] },
      { name: "Total", type: "OIDC", emailDomains: [`${Array.from({ length: 64 }, () => "abc").join(".")}.com`] },
    ]),
    findings: [
      [
        "aws_lambda_function.link",
        /^Single \(OIDC\) has emailDomains that are not lowercase domain names: "localhost"$/,
      ],
      ["aws_lambda_function.link", /^Long \(OIDC\)/],
      ["aws_lambda_function.link", /^Hyphen \(OIDC\)/],
      ["aws_lambda_function.link", /^Trailing \(OIDC\)/],
      ["aws_lambda_function.link", /^Total \(OIDC\)/],
    ],
  },
]);

describeRule("CUP_007", [
  {
    name: "lists the verification flags a client without identity providers lets users write",
    tf: resources({
      aws_cognito_user_pool_client: {
        both: { write_attributes: ["email", "email_verified", "phone_number_verified"] },
        cognitoOnly: { write_attributes: ["email_verified"], supported_identity_providers: ["COGNITO"] },
        federated: { write_attributes: ["email_verified"], supported_identity_providers: ["COGNITO", "Google"] },
        named: { write_attributes: "name" },
        unset: { write_attributes: [] },
      },
    }),
    findings: [
      [
        "aws_cognito_user_pool_client.both",
        /^write_attributes lets users set email_verified and phone_number_verified although no identity provider of the client maps it$/,
      ],
      ["aws_cognito_user_pool_client.cognitoOnly", /^write_attributes lets users set email_verified although/],
      ["aws_cognito_user_pool_client.unset", /^write_attributes is unset/],
    ],
  },
]);

describeRule("CUP_008", [
  {
    name: "lists each local URL and origin once, where it is set",
    tf: resources({
      aws_cognito_user_pool_client: {
        web: {
          callback_urls: ["http://localhost:3000/", "https://app.example.com/"],
          logout_urls: ["http://localhost:3000/", "http://127.0.0.1/"],
        },
        prod: { callback_urls: ["https://app.example.com/"] },
      },
      aws_s3_bucket_cors_configuration: {
        cors: {
          bucket: "b",
          cors_rule: [{ allowed_origins: ["http://[::1]:8080"] }, { allowed_origins: ["https://app.example.com"] }],
        },
      },
      aws_lambda_function: {
        mover: { environment: { variables: { ALLOWED_ORIGINS: "https://app.example.com,http://localhost" } } },
        other: { environment: { variables: { BUCKET: "b" } } },
      },
    }),
    findings: [
      [
        "aws_cognito_user_pool_client.web",
        /^sign-in may return to http:\/\/localhost:3000\/, http:\/\/127\.0\.0\.1\/ although the stack is not marked for development$/,
      ],
      [
        "aws_s3_bucket_cors_configuration.cors",
        /^CORS allows http:\/\/\[::1\]:8080 although the stack is not marked for development$/,
      ],
      [
        "aws_lambda_function.mover",
        /^ALLOWED_ORIGINS has http:\/\/localhost although the stack is not marked for development$/,
      ],
    ],
  },
  {
    name: "lets everything through in a stack marked for development by its provider's default tags",
    tf: {
      provider: { aws: [{ default_tags: [{ tags: { "cognito-uploads:development": "true" } }] }] },
      resource: { aws_cognito_user_pool_client: { web: { callback_urls: ["http://localhost:3000/"] } } },
    },
    findings: [],
  },
  {
    name: "lets everything through in a stack marked for development by a resource's tag",
    tf: resources({
      aws_cognito_user_pool: { pool: { tags: { "cognito-uploads:development": true } } },
      aws_cognito_user_pool_client: { web: { callback_urls: ["http://localhost:3000/"] } },
    }),
    findings: [],
  },
  {
    name: "does not count another tag value as marking for development",
    tf: {
      provider: { aws: { default_tags: { tags: { "cognito-uploads:development": "false", development: "true" } } } },
      resource: { aws_cognito_user_pool_client: { web: { logout_urls: "http://localhost/" } } },
    },
    findings: [["aws_cognito_user_pool_client.web", /^sign-in may return to http:\/\/localhost\//]],
  },
]);

/** `aws_iam_role.user`, trusted by an identity pool, with one inline policy `aws_iam_role_policy.put`. */
const browserRole = (...statements: object[]) =>
  resources({
    aws_iam_role: {
      user: {
        name: "user",
        assume_role_policy: policy(
          cognitoTrust({
            ...audience,
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
          }),
        ),
      },
    },
    aws_iam_role_policy: { put: { role: "${aws_iam_role.user.id}", policy: policy(...statements) } },
  });
const put = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::photos/tmp/*" };
const storageClass = (operator: string, value: unknown) => ({ [operator]: { "s3:x-amz-storage-class": value } });

describeRule("CUP_030", [
  {
    name: "names each statement that lets browsers pick a storage class, by Sid or position",
    tf: browserRole(
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/*" },
      put,
      { ...put, Sid: "Uploads", Action: "s3:Put*" },
      { ...put, Condition: storageClass("StringLike", "STANDARD") },
      { ...put, Condition: storageClass("StringEquals", ["STANDARD", "GLACIER"]) },
      { ...put, Condition: storageClass("StringEquals", []) },
      { ...put, Condition: { StringEquals: { "s3:x-amz-acl": "STANDARD" } } },
    ),
    findings: [
      [
        "aws_iam_role_policy.put",
        /^statement 2 lets browser users put objects in any storage class: add Condition StringEqualsIfExists \{"s3:x-amz-storage-class": "STANDARD"\}$/,
      ],
      ["aws_iam_role_policy.put", /^statement "Uploads" lets browser users put objects in any storage class/],
      ["aws_iam_role_policy.put", /^statement 4 lets/],
      ["aws_iam_role_policy.put", /^statement 5 lets/],
      ["aws_iam_role_policy.put", /^statement 6 lets/],
      ["aws_iam_role_policy.put", /^statement 7 lets/],
    ],
  },
  {
    name: "passes PutObject pinned to STANDARD, with or without IfExists and in any case of the key",
    tf: browserRole(
      { ...put, Condition: storageClass("StringEquals", "STANDARD") },
      { ...put, Condition: { StringEqualsIfExists: { "S3:X-Amz-Storage-Class": ["STANDARD"] } } },
      { Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
    ),
    findings: [],
  },
  {
    name: "reads the policies attached to the role, and says when one cannot be read",
    tf: resources({
      aws_iam_role: {
        user: {
          name: "user",
          assume_role_policy: policy(cognitoTrust(audience)),
          inline_policy: [{ name: "inline", policy: policy(put) }],
        },
        lambda: {
          name: "lambda",
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          }),
        },
      },
      aws_iam_policy: {
        managed: { policy: policy({ ...put, Sid: "Managed" }) },
        unread: { policy: "${data.aws_iam_policy_document.d.json}" },
      },
      aws_iam_role_policy_attachment: {
        managed: { role: "${aws_iam_role.user.name}", policy_arn: "${aws_iam_policy.managed.arn}" },
        unread: { role: "user", policy_arn: "${aws_iam_policy.unread.arn}" },
        lambda: { role: "${aws_iam_role.lambda.name}", policy_arn: "${aws_iam_policy.managed.arn}" },
        aws: { role: "user", policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
      },
      aws_iam_role_policy: { lambda: { role: "lambda", policy: policy(put) } },
    }),
    findings: [
      ["aws_iam_role.user", /^statement 1 lets browser users put objects in any storage class/],
      ["aws_iam_policy.managed", /^statement "Managed" lets/],
      ["aws_iam_policy.unread", /^the policy is not literal JSON .*; it belongs to a role an identity pool hands out$/],
    ],
  },
]);

const cognitoIdpTrust = (condition?: object) => ({
  Effect: "Allow",
  Principal: { Service: "cognito-idp.amazonaws.com" },
  Action: "sts:AssumeRole",
  ...(condition ? { Condition: condition } : {}),
});

describeRule("CUP_031", [
  {
    name: "asks every role Cognito user pools assume for the source account, and an SMS role also for the external id",
    tf: resources({
      aws_cognito_user_pool: {
        pool: { sms_configuration: { sns_caller_arn: "${aws_iam_role.sms.arn}", external_id: "x" } },
        other: { sms_configuration: [{ sns_caller_arn: "arn:aws:iam::123456789012:role/elsewhere" }] },
      },
      aws_iam_role: {
        sms: { assume_role_policy: policy(cognitoIdpTrust()) },
        smsPinned: {
          assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "aws:SourceAccount": "123456789012" } })),
        },
        importRole: {
          assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "sts:ExternalId": "x" } })),
        },
        wildcard: { assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "aws:SourceAccount": "12345*" } })) },
        empty: { assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "aws:SourceAccount": [""] } })) },
        none: { assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "aws:SourceAccount": [] } })) },
        like: { assume_role_policy: policy(cognitoIdpTrust({ StringLike: { "aws:SourceAccount": "123456789012" } })) },
        pinned: {
          assume_role_policy: policy(cognitoIdpTrust({ StringEquals: { "AWS:SourceAccount": ["123456789012"] } })),
        },
      },
    }),
    findings: [
      [
        "aws_iam_role.sms",
        /^cognito-idp\.amazonaws\.com may assume the role for a user pool of any account: add Condition StringEquals \{"aws:SourceAccount": <this account>\}$/,
      ],
      [
        "aws_iam_role.sms",
        /^a user pool sends SMS through the role, whose trust does not require the pool's external id/,
      ],
      ["aws_iam_role.importRole", /^cognito-idp\.amazonaws\.com may assume the role/],
      ["aws_iam_role.wildcard", /^cognito-idp/],
      ["aws_iam_role.empty", /^cognito-idp/],
      ["aws_iam_role.none", /^cognito-idp/],
      ["aws_iam_role.like", /^cognito-idp/],
    ],
  },
  {
    name: "passes an SMS role that pins both",
    tf: resources({
      aws_cognito_user_pool: { pool: { sms_configuration: { sns_caller_arn: "${aws_iam_role.sms.arn}" } } },
      aws_iam_role: {
        sms: {
          assume_role_policy: policy(
            cognitoIdpTrust({
              StringEquals: { "aws:SourceAccount": "123456789012", "sts:ExternalId": "pool-external-id" },
            }),
          ),
        },
      },
    }),
    findings: [],
  },
]);

describeRule("CUP_005", [
  {
    name: "reports every origin in S3 CORS rules, split or inline, and HTTP API CORS",
    tf: resources({
      aws_s3_bucket_cors_configuration: {
        star: {
          bucket: "b",
          cors_rule: [{ allowed_origins: ["https://app.example.com"] }, { allowed_origins: [" * "] }],
        },
        scheme: { bucket: "b", cors_rule: { allowed_origins: ["http://*"] } },
        scoped: { bucket: "b", cors_rule: { allowed_origins: ["https://*.example.com"] } },
        none: { bucket: "b", cors_rule: { allowed_methods: ["GET"] } },
      },
      aws_s3_bucket: { legacy: { bucket: "legacy", cors_rule: [{ allowed_origins: ["https://*"] }] } },
      aws_apigatewayv2_api: {
        http: { cors_configuration: { allow_origins: ["*"] } },
        named: { cors_configuration: [{ allow_origins: ["https://app.example.com"] }] },
        unset: { name: "unset" },
      },
    }),
    findings: [
      ["aws_s3_bucket_cors_configuration.star", /^a CORS rule allows every origin$/],
      ["aws_s3_bucket_cors_configuration.scheme", /^a CORS rule allows every origin$/],
      ["aws_s3_bucket.legacy", /^a CORS rule allows every origin$/],
      ["aws_apigatewayv2_api.http", /^cors_configuration allows every origin$/],
    ],
  },
  {
    name: "reports REST API responses that allow every origin, or echo it with credentials",
    tf: resources({
      aws_api_gateway_integration_response: {
        star: { response_parameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" } },
        named: {
          response_parameters: { "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'" },
        },
      },
      aws_api_gateway_gateway_response: {
        echoWithCredentials: {
          response_parameters: {
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.origin",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
          },
        },
        echoOnly: {
          response_parameters: {
            "gatewayresponse.header.access-control-allow-origin": "method.request.header.Origin",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'false'",
          },
        },
        echoOtherHeader: {
          response_parameters: {
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin-Override",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
          },
        },
        echoQueryString: {
          response_parameters: {
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.querystring.origin",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
          },
        },
        echoOtherHeaderWithoutCredentials: {
          response_parameters: {
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.X-Origin",
          },
        },
        namedWithCredentials: {
          response_parameters: {
            "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.example.com'",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
          },
        },
      },
      aws_api_gateway_method_response: {
        declared: { response_parameters: { "method.response.header.Access-Control-Allow-Origin": true } },
        bare: { status_code: "200" },
        scheme: { response_parameters: { "method.response.header.Access-Control-Allow-Origin": "'https://*'" } },
      },
    }),
    findings: [
      ["aws_api_gateway_integration_response.star", /^Access-Control-Allow-Origin is '\*'$/],
      [
        "aws_api_gateway_gateway_response.echoWithCredentials",
        /^echoes any request Origin together with Access-Control-Allow-Credentials: true$/,
      ],
      [
        "aws_api_gateway_gateway_response.echoOtherHeader",
        /^echoes the request's header Origin-Override as the origin together with Access-Control-Allow-Credentials: true$/,
      ],
      [
        "aws_api_gateway_gateway_response.echoQueryString",
        /^echoes the request's querystring origin as the origin together with Access-Control-Allow-Credentials: true$/,
      ],
      ["aws_api_gateway_method_response.scheme", /^Access-Control-Allow-Origin is '\*'$/],
    ],
  },
  {
    name: "reports a function whose ALLOWED_ORIGINS lets every origin in",
    tf: functionsWith({
      mover: { ALLOWED_ORIGINS: "https://app.example.com,*" },
      named: { ALLOWED_ORIGINS: "https://app.example.com,https://*.example.com" },
      other: { BUCKET: "b" },
    }),
    findings: [["aws_lambda_function.mover", /^ALLOWED_ORIGINS lets every origin read the function's responses$/]],
  },
]);

describeRule("CUP_010", [
  {
    name: "asks a mover (UPLOAD_PREFIX and IMAGE_PREFIX) for a non-empty ALLOWED_CLIENT_IDS",
    tf: functionsWith({
      unset: { UPLOAD_PREFIX: "tmp/", IMAGE_PREFIX: "images/" },
      blank: { UPLOAD_PREFIX: "tmp/", IMAGE_PREFIX: "images/", ALLOWED_CLIENT_IDS: " , ," },
      listed: {
        UPLOAD_PREFIX: "tmp/",
        IMAGE_PREFIX: "images/",
        ALLOWED_CLIENT_IDS: "${aws_cognito_user_pool_client.web.id}",
      },
      uploadOnly: { UPLOAD_PREFIX: "tmp/" },
      imageOnly: { IMAGE_PREFIX: "images/" },
    }),
    findings: [
      ["aws_lambda_function.unset", /^ALLOWED_CLIENT_IDS is unset or empty/],
      ["aws_lambda_function.blank", /^ALLOWED_CLIENT_IDS is unset or empty/],
    ],
  },
]);

/** A bucket `aws_s3_bucket.b` named `photos` with one bucket policy `aws_s3_bucket_policy.p` holding this statement. */
const bucketWithPolicy = (statement: object) =>
  resources({
    aws_s3_bucket: { b: { bucket: "photos" } },
    aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.b.id}", policy: policy(statement) } },
  });
const tlsDeny = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const tlsMissing: Expected[] = [
  [
    "aws_s3_bucket.b",
    /^no bucket policy statement denies s3:\* on the bucket and its objects when aws:SecureTransport is false$/,
  ],
];

describe("KICS_4bc4dd4c", () => {
  const check = (tf: TerraformJson) => ruleById("KICS_4bc4dd4c").check(tf);
  test.each([
    ["the TLS-only deny by reference", tlsDeny],
    [
      'a deny of every action to AWS "*" under BoolIfExists',
      {
        ...tlsDeny,
        Principal: { AWS: "*" },
        Action: ["*"],
        Condition: { BoolIfExists: { "AWS:SecureTransport": ["false"] } },
      },
    ],
    ["a deny on every resource", { ...tlsDeny, Resource: "*" }],
    [
      "a deny naming the bucket's literal ARN",
      { ...tlsDeny, Resource: ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"] },
    ],
  ])("passes %s", (_name, statement) => {
    expect(check(bucketWithPolicy(statement))).toEqual([]);
  });

  test.each([
    ["an Allow", { ...tlsDeny, Effect: "Allow" }],
    ["a deny to one principal", { ...tlsDeny, Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
    ["a deny of some actions", { ...tlsDeny, Action: ["s3:GetObject", "s3:PutObject"] }],
    ["a deny of the bucket only", { ...tlsDeny, Resource: "${aws_s3_bucket.b.arn}" }],
    ["a deny of the objects only", { ...tlsDeny, Resource: "${aws_s3_bucket.b.arn}/*" }],
    ["a deny of another bucket", { ...tlsDeny, Resource: ["arn:aws:s3:::other", "arn:aws:s3:::other/*"] }],
    ["a deny under another condition", { ...tlsDeny, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }],
    ["a deny of TLS requests", { ...tlsDeny, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["a deny under another operator", { ...tlsDeny, Condition: { StringEquals: { "aws:SecureTransport": "false" } } }],
  ])("fails %s", (_name, statement) => {
    expect(check(bucketWithPolicy(statement))).toEqual(asExpected(tlsMissing));
  });

  test("reads a policy written inline on the bucket", () => {
    const tf = resources({ aws_s3_bucket: { b: { bucket: "photos", policy: policy(tlsDeny) } } });
    expect(check(tf)).toEqual([]);
  });

  test("fails a bucket without any policy, and does not take another bucket's policy for its own", () => {
    const tf = resources({
      aws_s3_bucket: { b: { bucket: "photos" }, c: { bucket: "other" } },
      aws_s3_bucket_policy: {
        p: { bucket: "${aws_s3_bucket.c.id}", policy: policy({ ...tlsDeny, Resource: "*" }) },
      },
    });
    expect(check(tf)).toEqual(asExpected(tlsMissing));
  });
});

/** A bucket `aws_s3_bucket.b` with one lifecycle configuration `aws_s3_bucket_lifecycle_configuration.l` of these rules. */
const bucketWithLifecycle = (...rules: object[]) =>
  resources({
    aws_s3_bucket: { b: { bucket: "photos" } },
    aws_s3_bucket_lifecycle_configuration: { l: { bucket: "photos", rule: rules } },
  });
const abort = { abort_incomplete_multipart_upload: { days_after_initiation: 1 } };

describeRule("CKV2_AWS_61", [
  {
    name: "passes an enabled rule that aborts uploads bucket-wide: no filter, an empty one, or an empty prefix",
    tf: resources({
      aws_s3_bucket: { a: { bucket: "a" }, b: { bucket: "b" }, c: { bucket: "c" }, d: { bucket: "d" } },
      aws_s3_bucket_lifecycle_configuration: {
        a: { bucket: "a", rule: { status: "Enabled", ...abort } },
        b: { bucket: "b", rule: [{ status: "Enabled", filter: {}, ...abort }] },
        c: { bucket: "c", rule: [{ status: "Enabled", filter: [{ prefix: "" }], ...abort }] },
        d: { bucket: "d", rule: [{ status: "Enabled", prefix: "", filter: { prefix: "", tag: undefined }, ...abort }] },
      },
    }),
    findings: [],
  },
  {
    name: "names the configuration when no enabled rule aborts uploads across the whole bucket",
    tf: bucketWithLifecycle(
      { id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, ...abort },
      { id: "legacy", status: "Enabled", prefix: "tmp/", ...abort },
      { id: "tagged", status: "Enabled", filter: { tag: { key: "k", value: "v" } }, ...abort },
      { id: "never", status: "Enabled", abort_incomplete_multipart_upload: { days_after_initiation: 0 } },
      { id: "off", status: "Disabled", ...abort },
    ),
    findings: [
      [
        "aws_s3_bucket_lifecycle_configuration.l",
        /^no enabled rule aborts incomplete multipart uploads across the whole bucket$/,
      ],
    ],
  },
  {
    name: "names the bucket when it has no enabled rule at all",
    tf: bucketWithLifecycle({ id: "off", status: "Disabled", ...abort }),
    findings: [["aws_s3_bucket.b", /^no enabled lifecycle rule \(aws_s3_bucket_lifecycle_configuration\)$/]],
  },
]);

/** Buckets with these default encryption algorithms, split (`split_*`) and inline (`inline_*`). */
const encryptedBuckets = (algorithms: Record<string, string | undefined>) =>
  resources({
    aws_s3_bucket: Object.fromEntries(
      Object.entries(algorithms).map(([name, algorithm]) => [
        name,
        name.startsWith("inline")
          ? {
              bucket: name,
              server_side_encryption_configuration: {
                rule: { apply_server_side_encryption_by_default: { sse_algorithm: algorithm } },
              },
            }
          : { bucket: name },
      ]),
    ),
    aws_s3_bucket_server_side_encryption_configuration: Object.fromEntries(
      Object.entries(algorithms)
        .filter(([name]) => name.startsWith("split"))
        .map(([name, algorithm]) => [
          name,
          {
            bucket: `\${aws_s3_bucket.${name}.id}`,
            rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm }] }],
          },
        ]),
    ),
  });

describeRule("CKV_AWS_19", [
  {
    name: "passes AES256, aws:kms and aws:kms:dsse, split or inline; fails anything else or nothing",
    tf: encryptedBuckets({
      split_aes: "AES256",
      inline_kms: "aws:kms",
      split_dsse: "aws:kms:dsse",
      split_other: "aws:other",
      inline_missing: undefined,
      none: undefined,
    }),
    findings: [
      ["aws_s3_bucket.split_other", /^no server-side encryption configuration with AES256 or aws:kms$/],
      ["aws_s3_bucket.inline_missing", /^no server-side encryption/],
      ["aws_s3_bucket.none", /^no server-side encryption/],
    ],
  },
]);

describeRule("CKV_AWS_145", [
  {
    name: "passes aws:kms and aws:kms:dsse only",
    tf: encryptedBuckets({ split_kms: "aws:kms", inline_dsse: "aws:kms:dsse", split_aes: "AES256", none: undefined }),
    findings: [
      ["aws_s3_bucket.split_aes", /^default encryption is not SSE-KMS \(set bucket\.kmsKeyArn\)$/],
      ["aws_s3_bucket.none", /^default encryption is not SSE-KMS/],
    ],
  },
]);

describeRule("CKV_AWS_115", [
  {
    name: "asks for a reserved concurrency of zero or more",
    tf: resources({
      aws_lambda_function: {
        unset: {},
        text: { reserved_concurrent_executions: "5" },
        unreserved: { reserved_concurrent_executions: -1 },
        zero: { reserved_concurrent_executions: 0 },
        five: { reserved_concurrent_executions: 5 },
      },
    }),
    findings: [
      ["aws_lambda_function.unset", /^reserved_concurrent_executions is not set \(mover\.reservedConcurrency\)$/],
      ["aws_lambda_function.text", /^reserved_concurrent_executions is not set/],
      ["aws_lambda_function.unreserved", /^reserved_concurrent_executions is not set/],
    ],
  },
]);

describeRule("CKV_AWS_76", [
  {
    name: "asks for access log settings with both a destination and a format",
    tf: resources({
      aws_api_gateway_stage: {
        unset: {},
        noFormat: { access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.g.arn}" } },
        noDestination: { access_log_settings: [{ format: "$context.requestId" }] },
        logged: {
          access_log_settings: [{ destination_arn: "${aws_cloudwatch_log_group.g.arn}", format: "$context.requestId" }],
        },
      },
    }),
    findings: [
      ["aws_api_gateway_stage.unset", /^access_log_settings with a destination_arn and a format is missing$/],
      ["aws_api_gateway_stage.noFormat", /^access_log_settings/],
      ["aws_api_gateway_stage.noDestination", /^access_log_settings/],
    ],
  },
]);

describe("edges of the checks", () => {
  describeRule("CKV_AWS_145", [
    {
      name: "fails a bucket that encrypts with KMS in one configuration and AES256 in another",
      tf: resources({
        aws_s3_bucket: {
          b: {
            bucket: "b",
            server_side_encryption_configuration: {
              rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } },
            },
          },
        },
        aws_s3_bucket_server_side_encryption_configuration: {
          e: { bucket: "b", rule: { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } } },
        },
      }),
      findings: [["aws_s3_bucket.b", "not SSE-KMS"]],
    },
  ]);

  describeRule("CKV_AWS_19", [
    {
      name: "fails a bucket with one known and one unknown algorithm, or a rule without a default",
      tf: resources({
        aws_s3_bucket: {
          b: {
            bucket: "b",
            server_side_encryption_configuration: {
              rule: { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
            },
          },
          c: { bucket: "c" },
        },
        aws_s3_bucket_server_side_encryption_configuration: {
          e: { bucket: "b", rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:other" } } },
          f: { bucket: "c", rule: { bucket_key_enabled: true } },
        },
      }),
      findings: [
        ["aws_s3_bucket.b", "no server-side encryption"],
        ["aws_s3_bucket.c", "no server-side encryption"],
      ],
    },
  ]);

  describeRule("CKV_AWS_276", [
    {
      name: "passes method settings without a settings block",
      tf: resources({ aws_api_gateway_method_settings: { s: { method_path: "*/*" } } }),
      findings: [],
    },
  ]);

  describeRule("CKV_AWS_355", [
    {
      name: "reports a statement with a wildcard among named resources, but not a resource that only ends like one",
      tf: resources({
        aws_iam_policy: {
          mixed: {
            policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::photos/*", "*"] }),
          },
          named: {
            policy: policy({
              Effect: "Allow",
              Action: "s3:GetObject",
              Resource: [
                "arn:aws:s3:::*-logs/*",
                "x-arn:aws:s3:::*",
                "x-arn:aws:logs:eu-west-1:123456789012:*",
                "arn:aws:logs:eu-west-1:123456789012:*-audit",
              ],
            }),
          },
        },
      }),
      findings: [["aws_iam_policy.mixed", "s3:GetObject on every resource"]],
    },
    {
      name: "reads an identity policy written as an object, and leaves trust policies out",
      tf: resources({
        aws_iam_policy: { p: { policy: { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } } } },
        aws_iam_role: {
          r: {
            assume_role_policy: policy({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }),
          },
        },
      }),
      findings: [["aws_iam_policy.p", "statement 1 allows s3:GetObject on every resource"]],
    },
    {
      name: "says when a policy has no Statement, or is JSON null",
      tf: resources({
        aws_iam_policy: { empty: { policy: '{"Version":"2012-10-17"}' }, nothing: { policy: "null" } },
      }),
      findings: [
        ["aws_iam_policy.empty", /^the policy has no Statement$/],
        ["aws_iam_policy.nothing", /^the policy has no Statement$/],
      ],
    },
  ]);

  describeRule("CKV_AWS_364", [
    {
      name: "reads an execute-api ARN only at the start of source_arn",
      tf: resources({
        aws_lambda_permission: {
          p: {
            principal: "apigateway.amazonaws.com",
            source_arn: "x/arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*",
          },
        },
      }),
      findings: [["aws_lambda_permission.p", 'source_arn "x/arn:aws:execute-api']],
    },
  ]);

  describeRule("CKV_AWS_45", [
    {
      name: "trims around expressions before judging a secret-sounding value, and reads digits only as a whole",
      tf: functionsWith({ f: { DB_PASSWORD: " ${var.a} ", API_TOKEN: "42abc" } }),
      findings: [["aws_lambda_function.f", /^API_TOKEN looks like a secret written in clear$/]],
    },
  ]);

  describeRule("CKV_AWS_59", [
    {
      name: "treats an authorized OPTIONS method like any other",
      tf: resources({
        aws_api_gateway_method: {
          iam: { rest_api_id: "api", resource_id: "a", http_method: "OPTIONS", authorization: "AWS_IAM" },
          pool: { rest_api_id: "api", resource_id: "a", http_method: "OPTIONS", authorization: "COGNITO_USER_POOLS" },
        },
        aws_api_gateway_integration: {
          proxy: { rest_api_id: "api", resource_id: "a", http_method: "OPTIONS", type: "AWS_PROXY" },
        },
      }),
      findings: [["aws_api_gateway_method.pool", /^authorization COGNITO_USER_POOLS needs an authorizer_id$/]],
    },
  ]);

  describeRule("CKV_AWS_60", [
    {
      name: "asks for the audience under StringEquals on the audience key, whatever else the condition pins",
      tf: trustPolicy(
        cognitoTrust({
          StringEquals: { "cognito-identity.amazonaws.com:sub": "eu-west-1:pool" },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
        }),
      ),
      findings: [["aws_iam_role.r", "without a StringEquals condition on cognito-identity.amazonaws.com:aud"]],
    },
    {
      name: "reports sts:* among other actions for a named service",
      tf: trustPolicy({
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:*"],
      }),
      findings: [["aws_iam_role.r", /^the statement allows every STS action$/]],
    },
    {
      name: "reads a statement without Principal, or with a null one, as naming nobody",
      tf: trustPolicy(
        { Effect: "Allow", Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: null, Action: "sts:AssumeRole" },
      ),
      findings: [],
    },
    {
      name: "skips only SAML provider ARNs",
      tf: trustPolicy({
        Effect: "Allow",
        Principal: { Federated: "corp:saml-provider/corp" },
        Action: "sts:AssumeRoleWithSAML",
      }),
      findings: [
        [
          "aws_iam_role.r",
          "corp:saml-provider/corp may assume the role without a StringEquals condition on corp:saml-provider/corp:aud",
        ],
      ],
    },
  ]);

  describeRule("CKV_AWS_62", [
    {
      name: "reads roles' inline policies, says when one cannot be read, and passes partial wildcards",
      tf: resources({
        aws_iam_role: {
          r: {
            name: "r",
            inline_policy: [
              null,
              { name: "empty" },
              { name: "all", policy: policy({ Effect: "Allow", Action: ["s3:*Object", "s3:*"], Resource: "*" }) },
            ],
          },
        },
        aws_iam_policy: { unread: { policy: "${data.aws_iam_policy_document.d.json}" } },
        aws_iam_policy_attachment: { noArn: { name: "no-arn" } },
      }),
      findings: [
        ["aws_iam_policy.unread", /^the policy is not literal JSON/],
        ["aws_iam_role.r", /^statement 1 allows "s3:\*"$/],
      ],
    },
  ]);

  describeRule("CKV_AWS_70", [
    {
      name: 'reports a lock-out by "*" or by a service-wide action in any case, among other actions',
      tf: resources({
        aws_s3_bucket_policy: {
          star: { bucket: "a", policy: policy({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }) },
          upper: { bucket: "b", policy: policy({ Effect: "Deny", Principal: "*", Action: "S3:*", Resource: "*" }) },
          mixed: {
            bucket: "c",
            policy: policy({ Effect: "Deny", Principal: "*", Action: ["s3:GetObject", "s3:*"], Resource: "*" }),
          },
        },
      }),
      findings: [
        ["aws_s3_bucket_policy.star", "denies every action to every principal without a condition"],
        ["aws_s3_bucket_policy.upper", "denies every action to every principal without a condition"],
        ["aws_s3_bucket_policy.mixed", "denies every action to every principal without a condition"],
      ],
    },
    {
      name: "passes a partial wildcard denied to everyone, and every action allowed to a named principal",
      tf: bucketPolicy(
        { Effect: "Deny", Principal: "*", Action: "s3:*Object", Resource: "*" },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "*", Resource: "*" },
      ),
      findings: [],
    },
    {
      name: "reports a resource policy it cannot read",
      tf: resources({ aws_s3_bucket_policy: { b: { bucket: "b", policy: "${data.aws_iam_policy_document.d.json}" } } }),
      findings: [["aws_s3_bucket_policy.b", /^the policy is not literal JSON/]],
    },
  ]);

  describeRule("CKV2_AWS_61", [
    {
      name: "reads a whole-bucket rule without an abort block as not aborting",
      tf: bucketWithLifecycle({ id: "expire", status: "Enabled", expiration: { days: 30 } }),
      findings: [["aws_s3_bucket_lifecycle_configuration.l", "no enabled rule aborts"]],
    },
  ]);

  describeRule("CKV2_AWS_65", [
    {
      name: "reads ownership controls without a rule as not enforced",
      tf: resources({
        aws_s3_bucket: { b: { bucket: "photos" } },
        aws_s3_bucket_ownership_controls: { o: { bucket: "photos" } },
      }),
      findings: [["aws_s3_bucket.b", "no aws_s3_bucket_ownership_controls"]],
    },
  ]);

  describeRule("CKV_AWS_21", [
    {
      name: "reads a versioning resource without its configuration block as off",
      tf: resources({
        aws_s3_bucket: { b: { bucket: "photos" } },
        aws_s3_bucket_versioning: { v: { bucket: "photos" } },
      }),
      findings: [["aws_s3_bucket.b", "versioning is off"]],
    },
  ]);

  describeRule("CKV2_AWS_6", [
    {
      name: "matches a block to its bucket by literal name, and to no bucket when the name is unknown",
      tf: resources({
        aws_s3_bucket: { a: { bucket: "a" }, b: { bucket: "b" } },
        aws_s3_bucket_public_access_block: {
          forB: {
            bucket: "b",
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          },
          unknown: { bucket: "elsewhere" },
        },
      }),
      findings: [["aws_s3_bucket.a", "the bucket has no aws_s3_bucket_public_access_block"]],
    },
  ]);

  describeRule("CUP_005", [
    {
      name: "counts a wildcard only as the whole host: a named host with a wildcard part is scoped",
      tf: resources({
        aws_s3_bucket_cors_configuration: {
          c: { bucket: "b", cors_rule: { allowed_origins: ["https://photos.example.*"] } },
        },
      }),
      findings: [],
    },
  ]);

  describeRule("CUP_006", [
    {
      name: "reads a null username configuration as unset",
      tf: resources({ aws_cognito_user_pool: { pool: { username_configuration: null } } }),
      findings: [["aws_cognito_user_pool.pool", /^username_configuration is unset/]],
    },
  ]);

  describeRule("CUP_007", [
    {
      name: "reads null write_attributes as unset",
      tf: resources({ aws_cognito_user_pool_client: { web: { write_attributes: null } } }),
      findings: [["aws_cognito_user_pool_client.web", /^write_attributes is unset/]],
    },
  ]);

  describeRule("CUP_008", [
    {
      name: "lists every local origin of a bucket's CORS rules and of a function",
      tf: resources({
        aws_s3_bucket_cors_configuration: {
          cors: {
            bucket: "b",
            cors_rule: [{ allowed_origins: ["http://localhost:3000"] }, { allowed_origins: ["http://127.0.0.1:3000"] }],
          },
        },
        aws_lambda_function: {
          mover: { environment: { variables: { ALLOWED_ORIGINS: "http://localhost:3000,http://localhost:5173" } } },
        },
      }),
      findings: [
        ["aws_s3_bucket_cors_configuration.cors", "CORS allows http://localhost:3000, http://127.0.0.1:3000 although"],
        ["aws_lambda_function.mover", "ALLOWED_ORIGINS has http://localhost:3000, http://localhost:5173 although"],
      ],
    },
  ]);

  describeRule("CUP_030", [
    {
      name: "reads action patterns as IAM does: ? for one character, any case, NotAction",
      tf: browserRole(
        { Effect: "Allow", Action: "s3:PutObjec?", Resource: "*" },
        { Effect: "Allow", Action: "S3:putobject", Resource: "*" },
        { Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "*" },
        { Effect: "Allow", NotAction: "s3:Put*", Resource: "*" },
        { Effect: "Allow", Action: "s3:PutObjectAcl", Resource: "*" },
      ),
      findings: [
        ["aws_iam_role_policy.put", /^statement 1 lets/],
        ["aws_iam_role_policy.put", /^statement 2 lets/],
        ["aws_iam_role_policy.put", /^statement 3 lets/],
      ],
    },
    {
      name: "does not take a policy for a role whose name is an expression, nor one attached by id or to a missing policy",
      tf: resources({
        aws_iam_role: {
          user: { name: "${var.role_name}", assume_role_policy: policy(cognitoTrust(audience)) },
        },
        aws_iam_role_policy: { byName: { role: "${var.role_name}", policy: policy(put) } },
        aws_iam_role_policy_attachment: {
          byId: { role: "${aws_iam_role.user.name}", policy_arn: "${aws_iam_policy.p.id}" },
          missing: { role: "${aws_iam_role.user.name}", policy_arn: "${aws_iam_policy.missing.arn}" },
        },
        aws_iam_policy: { p: { policy: policy(put) } },
      }),
      findings: [],
    },
    {
      name: "passes a role attached to a policy of a type the configuration does not hold",
      tf: resources({
        aws_iam_role: { user: { name: "user", assume_role_policy: policy(cognitoTrust(audience)) } },
        aws_iam_role_policy_attachment: { missing: { role: "user", policy_arn: "${aws_iam_policy.missing.arn}" } },
      }),
      findings: [],
    },
  ]);

  describeRule("CUP_031", [
    {
      name: "asks every pinned source account to be a named one",
      tf: resources({
        aws_iam_role: {
          r: {
            assume_role_policy: policy(
              cognitoIdpTrust({ StringEquals: { "aws:SourceAccount": ["123456789012", "*"] } }),
            ),
          },
        },
      }),
      findings: [["aws_iam_role.r", "may assume the role for a user pool of any account"]],
    },
  ]);
});

describe("KICS_4bc4dd4c at its edges", () => {
  const check = (tf: TerraformJson) => ruleById("KICS_4bc4dd4c").check(tf);

  test("passes a TLS deny whose condition also pins other keys", () => {
    const statement = {
      ...tlsDeny,
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" }, Bool: { "aws:SecureTransport": "false" } },
    };
    expect(check(bucketWithPolicy(statement))).toEqual([]);
  });

  test("does not take a bucket name built by an expression for a literal ARN", () => {
    const tf = resources({
      aws_s3_bucket: { b: { bucket: "photos-${var.env}" } },
      aws_s3_bucket_policy: {
        p: {
          bucket: "${aws_s3_bucket.b.id}",
          policy: policy({
            ...tlsDeny,
            Resource: ["arn:aws:s3:::photos-${var.env}", "arn:aws:s3:::photos-${var.env}/*"],
          }),
        },
      },
    });
    expect(check(tf)).toEqual(asExpected(tlsMissing));
  });
});

describe("edges found by the mutation run", () => {
  describeRule("CUP_003", [
    {
      name: "reads a sign-in session given as a string of digits, as it reads token lifetimes",
      tf: resources({
        aws_cognito_user_pool_client: {
          text: { auth_session_validity: "20" },
          inBounds: { auth_session_validity: "5" },
          expression: { auth_session_validity: "${var.session_minutes}" },
        },
      }),
      findings: [["aws_cognito_user_pool_client.text", /^auth_session_validity is 20 minutes, outside 3–15$/]],
    },
  ]);

  describeRule("CKV_AWS_59", [
    {
      name: "matches an OPTIONS method to the integration of its own API and resource, not to another one of the same verb",
      tf: resources({
        aws_api_gateway_method: {
          preflight: { rest_api_id: "api", resource_id: "r1", http_method: "OPTIONS", authorization: "NONE" },
        },
        aws_api_gateway_integration: {
          otherResource: { rest_api_id: "api", resource_id: "r2", http_method: "OPTIONS", type: "AWS_PROXY" },
          otherApi: { rest_api_id: "other", resource_id: "r1", http_method: "OPTIONS", type: "AWS_PROXY" },
          own: { rest_api_id: "api", resource_id: "r1", http_method: "OPTIONS", type: "MOCK" },
        },
      }),
      findings: [],
    },
  ]);

  describeRule("CKV_AWS_355", [
    {
      name: "reads a role's inline policy blocks as identity policies",
      tf: resources({
        aws_iam_role: {
          r: {
            name: "r",
            inline_policy: { name: "read", policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
          },
        },
      }),
      findings: [["aws_iam_role.r", "statement 1 allows s3:GetObject on every resource"]],
    },
  ]);

  describeRule("CUP_030", [
    {
      name: "takes only the policies that belong to the role: by name or id, with a policy, attached to it",
      tf: resources({
        aws_iam_role: {
          user: {
            name: "user",
            assume_role_policy: policy(cognitoTrust(audience)),
            inline_policy: [{ name: "empty" }],
          },
          lambda: {
            name: "lambda",
            assume_role_policy: policy({
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            }),
          },
        },
        aws_iam_role_policy: {
          byArn: { role: "${aws_iam_role.user.arn}", policy: policy(put) },
          pinned: {
            role: "${aws_iam_role.user.id}",
            policy: policy(
              { ...put, Condition: storageClass("StringEquals", "STANDARD") },
              { Effect: "Allow", NotAction: ["s3:DeleteObject", "s3:Put*"], Resource: "*" },
            ),
          },
        },
        aws_iam_policy: { lambdaOnly: { policy: policy(put) } },
        aws_iam_role_policy_attachment: {
          lambda: { role: "${aws_iam_role.lambda.name}", policy_arn: "${aws_iam_policy.lambdaOnly.arn}" },
        },
      }),
      findings: [],
    },
  ]);
});
