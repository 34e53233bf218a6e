import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ExistingUploadBucket } from "../../../modules/storage/existing-upload-bucket";
import { UploadBucket, UploadBucketProps } from "../../../modules/storage/upload-bucket";
import { IUploadBucket } from "../../../modules/storage/upload-bucket-base";
import { onlyResource, parsePolicy, resourcesOf, synthOf } from "../../support/synth";

const role = { roleName: "users", roleArn: "arn:aws:iam::111122223333:role/users" };
const editors = { roleName: "editors", roleArn: "arn:aws:iam::111122223333:role/editors" };
const BUCKET_ARN = /^\$\{aws_s3_bucket\.uploads_bucket_\w+\.arn\}/;

function synthBucket(props: UploadBucketProps = {}, grant?: (bucket: UploadBucket) => void) {
  return synthOf((stack) => {
    const bucket = new UploadBucket(stack, "uploads", props);
    grant?.(bucket);
  });
}

describe("UploadBucket", () => {
  describe("by default", () => {
    const { text, tf } = synthBucket();

    test("generates a unique private bucket name and keeps objects on destroy", () => {
      const bucket = onlyResource(tf, "aws_s3_bucket");
      expect(bucket.bucket_prefix).toBe("image-uploads-");
      expect(bucket.force_destroy).toBe(false);
    });

    test("blocks every kind of public access", () => {
      expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    test("disables ACLs", () => {
      expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
    });

    test("encrypts with S3-managed keys", () => {
      const sse = onlyResource(tf, "aws_s3_bucket_server_side_encryption_configuration");
      expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    });

    test("denies every request that does not use TLS, after the public access block", () => {
      const policy = onlyResource(tf, "aws_s3_bucket_policy");
      const document = parsePolicy(policy.policy);
      expect(document.Statement).toHaveLength(1);
      const [deny] = document.Statement;
      expect(deny).toEqual(
        expect.objectContaining({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
      expect(deny.Resource).toEqual([expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)]);
      expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
    });

    test("expires uploads in tmp/ after one day and aborts incomplete multipart uploads", () => {
      const { rule } = onlyResource(tf, "aws_s3_bucket_lifecycle_configuration");
      expect(rule).toEqual([
        expect.objectContaining({ status: "Enabled", filter: [{ prefix: "tmp/" }], expiration: [{ days: 1 }] }),
        expect.objectContaining({
          status: "Enabled",
          abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
        }),
      ]);
      expect(rule[1].filter).toEqual([{}]);
    });

    test("adds no CORS rule, so no browser can call the bucket", () => {
      expect(resourcesOf(tf, "aws_s3_bucket_cors_configuration")).toEqual({});
    });

    test("turns versioning on only when asked", () => {
      expect(resourcesOf(tf, "aws_s3_bucket_versioning")).toEqual({});
    });
  });

  test("allows CORS from the configured origins only, exposing ETag", () => {
    const { tf } = synthBucket({ allowedOrigins: ["https://app.example.com", "http://localhost:5173"] });
    const [rule] = onlyResource(tf, "aws_s3_bucket_cors_configuration").cors_rule;
    expect(rule.allowed_origins).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(rule.allowed_methods).toEqual(["PUT", "POST", "GET", "HEAD"]);
    expect(rule.expose_headers).toEqual(["ETag"]);
  });

  test("allows any origin only through the explicit prop", () => {
    const { tf } = synthBucket({ allowAnyOrigin: true });
    expect(onlyResource(tf, "aws_s3_bucket_cors_configuration").cors_rule[0].allowed_origins).toEqual(["*"]);
  });

  test("uses a KMS key with a bucket key when given one", () => {
    const kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/abc";
    const sse = onlyResource(synthBucket({ kmsKeyArn }).tf, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: kmsKeyArn },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("expires noncurrent upload versions when versioned", () => {
    const { tf } = synthBucket({ versioned: true, uploadExpirationDays: 7 });
    expect(onlyResource(tf, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    const [uploads] = onlyResource(tf, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(uploads.expiration).toEqual([{ days: 7 }]);
    expect(uploads.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
  });

  describe("grants", () => {
    test("lets users upload only into their own tmp/<sub>/ folder", () => {
      const { tf } = synthBucket({}, (bucket) => bucket.grantUserUploads(role));
      const policy = onlyResource(tf, "aws_iam_role_policy");
      expect(policy.role).toBe("users");
      // Terraform must see the IAM variable escaped, or it takes it for an interpolation.
      expect(policy.policy).toContain("/tmp/$${aws:PrincipalTag/sub}/*");
      const [statement, ...others] = parsePolicy(policy.policy).Statement;
      expect(others).toEqual([]);
      expect(statement.Effect).toBe("Allow");
      expect(statement.Action).toEqual(["s3:PutObject", "s3:AbortMultipartUpload"]);
      expect(statement.Resource).toMatch(BUCKET_ARN);
      expect(String(statement.Resource).replace(BUCKET_ARN, "")).toBe("/tmp/${aws:PrincipalTag/sub}/*");
    });

    test("holds user uploads to the STANDARD storage class, letting a request without the header pass", () => {
      const { tf } = synthBucket({}, (bucket) => bucket.grantUserUploads(role));
      const [statement] = parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement;
      expect(statement.Condition).toEqual({ StringEqualsIfExists: { "s3:x-amz-storage-class": "STANDARD" } });
    });

    test("lets users read their own images only when granted", () => {
      const { tf } = synthBucket({ imagePrefix: "gallery/" }, (bucket) => bucket.grantUserReads(role));
      const [statement] = parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement;
      expect(statement.Action).toBe("s3:GetObject");
      expect(String(statement.Resource).replace(BUCKET_ARN, "")).toBe("/gallery/${aws:PrincipalTag/sub}/*");
    });

    test("gives the mover read and delete on uploads, write and read-back on images and a prefix-limited list", () => {
      const { tf } = synthBucket({}, (bucket) => bucket.grantMove(role));
      const statements = parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement;
      const summary = statements.map((s) => ({
        actions: s.Action,
        resource: String(s.Resource).replace(BUCKET_ARN, "<bucket>"),
        condition: s.Condition,
      }));
      expect(summary).toEqual([
        { actions: ["s3:GetObject", "s3:DeleteObject"], resource: "<bucket>/tmp/*", condition: undefined },
        {
          actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"],
          resource: "<bucket>/images/*",
          condition: undefined,
        },
        {
          actions: "s3:ListBucket",
          resource: "<bucket>",
          condition: { StringLike: { "s3:prefix": ["tmp/*", "images/*"] } },
        },
      ]);
    });

    describe.each<[string, (bucket: IUploadBucket, to: typeof role) => IamRolePolicy, string, string]>([
      ["grantUserUploads", (bucket, to) => bucket.grantUserUploads(to), "user-uploads-policy", "upload-to-own-folder"],
      ["grantUserReads", (bucket, to) => bucket.grantUserReads(to), "user-reads-policy", "read-own-images"],
      ["grantMove", (bucket, to) => bucket.grantMove(to), "move-policy", "move-uploads"],
      [
        "grantReadAllImages",
        (bucket, to) => bucket.grantReadAllImages(to),
        "read-all-images-policy",
        "read-every-image",
      ],
    ])("%s", (_, grant, firstId, policyName) => {
      test("gives a second role a policy of its own and returns each created policy, the first keeping its construct id", () => {
        let returned: IamRolePolicy[] = [];
        const { tf } = synthBucket({}, (bucket) => {
          returned = [grant(bucket, role), grant(bucket, editors)];
        });
        const policies = resourcesOf(tf, "aws_iam_role_policy");
        expect(Object.keys(policies).sort()).toEqual(returned.map((p) => p.friendlyUniqueId).sort());
        const [first, second] = returned.map((p) => policies[p.friendlyUniqueId]);
        expect([first.role, first.name]).toEqual(["users", policyName]);
        expect([second.role, second.name]).toEqual(["editors", policyName]);
        expect(returned.map((p) => p.node.id)).toEqual([firstId, `${firstId}-2`]);
        // Both roles get the same access.
        expect(second.policy).toBe(first.policy);
      });

      test("returns the policy already created when a role is granted twice, adding none", () => {
        let returned: IamRolePolicy[] = [];
        const { tf } = synthBucket({}, (bucket) => {
          returned = [grant(bucket, role), grant(bucket, role)];
        });
        expect(Object.keys(resourcesOf(tf, "aws_iam_role_policy"))).toEqual([returned[0].friendlyUniqueId]);
        expect(returned[1]).toBe(returned[0]);
      });

      test("names the policy apart when the role already has one of that name from another bucket", () => {
        const { tf } = synthOf((stack) => {
          grant(new UploadBucket(stack, "uploads"), role);
          grant(
            new ExistingUploadBucket(stack, "archive", { bucketName: "estate-archive", region: "us-east-1" }),
            role,
          );
        });
        // In AWS a second inline policy of the same name on a role replaces the first.
        expect(
          Object.values(resourcesOf(tf, "aws_iam_role_policy"))
            .map((p) => p.name)
            .sort(),
        ).toEqual([policyName, `${policyName}-2`]);
      });
    });

    test("adds the KMS permissions a KMS-encrypted bucket needs, usable only through S3", () => {
      const kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/abc";
      const { tf } = synthBucket({ kmsKeyArn }, (bucket) => bucket.grantUserUploads(role));
      const statements = parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement;
      expect(statements[1]).toEqual({
        Sid: "UseBucketKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: kmsKeyArn,
        Condition: {
          StringEquals: {
            "kms:ViaService": expect.stringMatching(/^s3\.\$\{aws_s3_bucket\.[\w-]+\.region\}\.amazonaws\.com$/),
          },
        },
      });
    });
  });

  describe("rejects invalid props, naming the prop", () => {
    test.each<[string, UploadBucketProps, RegExp]>([
      [
        "a zero-day expiration",
        { uploadExpirationDays: 0 },
        /uploadExpirationDays must be a whole number from 1 to 365 days, got 0/,
      ],
      [
        "an expiration over a year",
        { uploadExpirationDays: 366 },
        /uploadExpirationDays must be a whole number from 1 to 365/,
      ],
      [
        "an upload prefix without a trailing slash",
        { uploadPrefix: "tmp" },
        /uploadPrefix must be a relative key prefix ending in "\/"/,
      ],
      ["a wildcard in the image prefix", { imagePrefix: "images/*/" }, /imagePrefix must be a relative key prefix/],
      ["a traversal in the upload prefix", { uploadPrefix: "a/../" }, /uploadPrefix must be a relative key prefix/],
      ["a leading slash", { uploadPrefix: "/tmp/" }, /uploadPrefix must be a relative key prefix/],
      ["nested prefixes", { uploadPrefix: "images/tmp/" }, /uploadPrefix and imagePrefix must not contain one another/],
      ["a bucket name with uppercase", { bucketName: "My-Bucket" }, /bucketName must be 3–63 lowercase letters/],
      ["a bucket name prefix that is too long", { bucketNamePrefix: "a".repeat(38) }, /bucketNamePrefix must be 3–37/],
      ["a wildcard origin", { allowedOrigins: ["*"] }, /allowedOrigins must not contain "\*"; set allowAnyOrigin/],
      [
        "an origin with a path",
        { allowedOrigins: ["https://app.example.com/"] },
        /allowedOrigins entries must be origins/,
      ],
      ["a plain-http origin", { allowedOrigins: ["http://app.example.com"] }, /allowedOrigins entries must be origins/],
      [
        "both any origin and a list",
        { allowAnyOrigin: true, allowedOrigins: ["https://a.example.com"] },
        /either allowAnyOrigin or allowedOrigins/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthBucket(props)).toThrow(message);
    });
  });
});
