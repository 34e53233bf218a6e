import { blockOf, bucketCompanions, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

/** Mirrors Checkov CKV2_AWS_65: with ACLs disabled only policies decide access, and the bucket owns every object. */
export const aclsDisabled: Rule = {
  id: "CKV2_AWS_65",
  aliases: [],
  severity: "H",
  title: "Buckets disable ACLs (object ownership BucketOwnerEnforced)",
  check: (tf) => [
    ...resourcesOf(tf, "aws_s3_bucket").flatMap(([bucketAddress, bucket]): Finding[] => {
      const enforced = bucketCompanions(tf, "aws_s3_bucket_ownership_controls", bucketAddress).some(
        ([, controls]) => blockOf(controls.rule)?.object_ownership === "BucketOwnerEnforced",
      );
      const findings: Finding[] = enforced
        ? []
        : [
            {
              address: bucketAddress,
              message: "no aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced",
            },
          ];
      if (bucket.acl !== undefined)
        findings.push({ address: bucketAddress, message: `the bucket sets the ACL "${String(bucket.acl)}"` });
      return findings;
    }),
    ...resourcesOf(tf, "aws_s3_bucket_acl").map(([address]) => ({
      address,
      message: "a bucket ACL is managed: ACLs should be disabled",
    })),
  ],
};
