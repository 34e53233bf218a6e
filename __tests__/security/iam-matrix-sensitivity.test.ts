import { TerraformJson, TerraformResource } from "../../modules/rules";
import { resourcesOf } from "../../modules/rules/lib/terraform";
import { UploadsConfig } from "../../modules/stack/config";
import { defaultConfig, existingResourcesConfig, fullConfig, plannedConfigs, signInConfig } from "../support/configs";
import { accessModelOf, RoleUse } from "../../sandbox/iam/access-model";
import { evaluateMatrix, loadMatrix } from "./support/matrix";
import { synthesizedTerraform } from "./support/synthesized";

/**
 * The matrix must be able to fail: each test breaks one access-control decision in a copy of a
 * synthesized stack and expects the matrix to notice, naming a case that catches it. Every role
 * the configurations create has at least one such test (see the last one).
 */
const matrix = loadMatrix();

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A copy of `config`'s stack with `edit` applied to the resource of `type` whose logical name contains `fragment`. */
function broken(
  type: string,
  fragment: string,
  edit: (resource: TerraformResource) => void,
  config: UploadsConfig = defaultConfig,
): TerraformJson {
  const tf = JSON.parse(JSON.stringify(synthesizedTerraform(config))) as TerraformJson;
  const targets = resourcesOf(tf, type).filter(([address]) => address.includes(fragment));
  if (targets.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${targets.length}`);
  edit(targets[0][1]);
  return tf;
}

/** Applies `edit` to the statements of a policy attribute, keeping it literal JSON. */
const editPolicy = (attribute: string, edit: (statements: Statement[]) => void) => (resource: TerraformResource) => {
  const document = JSON.parse(String(resource[attribute])) as { Statement: Statement[] };
  edit(document.Statement);
  resource[attribute] = JSON.stringify(document, null, 2);
};

/** Titles of the matrix cases that disagree with the broken stack of the configuration named `name`. */
function caughtBy(tf: TerraformJson, name = "default", config: UploadsConfig = defaultConfig): string[] {
  const outcomes = evaluateMatrix(matrix, name, config, accessModelOf(tf, {}, config.existing?.bucketName));
  return [...new Set(outcomes.filter((o) => o.actual !== o.expected).map((o) => o.title))];
}

describe("the IAM matrix", () => {
  test("catches an upload grant widened from the user's own folder to every folder", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-uploads",
      editPolicy("policy", ([upload]) => {
        upload.Resource = String(upload.Resource).replace("$${aws:PrincipalTag/sub}/*", "*");
      }),
    );
    expect(caughtBy(tf)).toContain(
      "a user cannot upload into another user's folder, a folder that only starts with their sub, or outside any folder",
    );
  });

  test("catches an upload grant that lets users pick any storage class", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-uploads",
      editPolicy("policy", ([upload]) => {
        delete upload.Condition;
      }),
    );
    expect(caughtBy(tf)).toEqual([
      "a user cannot upload into any other storage class: archive and infrequent-access classes bill 30 to 180 days",
    ]);
  });

  test("catches a storage-class condition that refuses uploads sent without the header", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-uploads",
      editPolicy("policy", ([upload]) => {
        upload.Condition = { StringEquals: upload.Condition!.StringEqualsIfExists };
      }),
    );
    expect(caughtBy(tf)).toContain(
      "a user's upload, single or multipart, may leave the storage class unset or ask for STANDARD",
    );
  });

  test("catches an SMS role that trusts Cognito on the external id alone, for pools of any account", () => {
    const tf = broken(
      "aws_iam_role",
      "sms-role",
      editPolicy("assume_role_policy", ([trust]) => {
        trust.Condition = {
          StringEquals: {
            "sts:ExternalId": (trust.Condition!.StringEquals as Record<string, unknown>)["sts:ExternalId"],
          },
        };
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual([
      "a user pool of another account cannot assume the SMS role, even presenting this pool's external id",
    ]);
  });

  test("catches an SMS role that no longer requires the external id", () => {
    const tf = broken(
      "aws_iam_role",
      "sms-role",
      editPolicy("assume_role_policy", ([trust]) => {
        delete (trust.Condition!.StringEquals as Record<string, unknown>)["sts:ExternalId"];
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toContain(
      "the SMS role exists only with SMS codes, and a pool that presents no external id, or another one, cannot assume it",
    );
  });

  test("catches a bucket policy that no longer denies plain HTTP", () => {
    const tf = broken(
      "aws_s3_bucket_policy",
      "policy",
      editPolicy("policy", ([deny]) => {
        deny.Condition = { Bool: { "aws:SecureTransport": "maybe" } };
      }),
    );
    expect(caughtBy(tf)).toContain("plain HTTP is denied by the bucket policy even to an administrator of the account");
  });

  test("catches a trust policy that accepts tokens of any identity pool", () => {
    const tf = broken(
      "aws_iam_role",
      "authenticated",
      editPolicy("assume_role_policy", ([trust]) => {
        delete trust.Condition?.StringEquals;
      }),
    );
    expect(caughtBy(tf)).toContain(
      "users of another identity pool, or a token without an audience, cannot assume the authenticated role",
    );
  });

  test("catches a trust policy that lets guests into the authenticated role", () => {
    const tf = broken(
      "aws_iam_role",
      "authenticated",
      editPolicy("assume_role_policy", ([trust]) => {
        trust.Condition!["ForAnyValue:StringLike"] = { "cognito-identity.amazonaws.com:amr": "*authenticated" };
      }),
    );
    expect(caughtBy(tf)).toContain("this pool's guests, or a token without amr, cannot assume the authenticated role");
  });

  test("catches a mover granted every S3 action under the upload prefix", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "move-policy",
      editPolicy("policy", ([readAndRemove]) => {
        readAndRemove.Action = "s3:*";
      }),
    );
    expect(caughtBy(tf)).toEqual(
      expect.arrayContaining([
        "the mover cannot write under the upload prefix",
        "the mover cannot delete or re-permission images, nor touch old versions",
      ]),
    );
  });

  test("catches a mover that may list the whole bucket", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "move-policy",
      editPolicy("policy", (statements) => {
        delete statements[2].Condition;
      }),
    );
    expect(caughtBy(tf)).toContain("the mover cannot list the whole bucket or any other prefix");
  });

  test("catches guests given credentials when the configuration turns them off", () => {
    const tf = broken("aws_cognito_identity_pool_roles_attachment", "roles", (attachment) => {
      const roles = attachment.roles as Record<string, string>;
      roles.unauthenticated = roles.authenticated;
    });
    expect(caughtBy(tf)).toContain(
      "guests have no role unless the configuration allows them, and then their role grants nothing",
    );
  });

  test("catches a guest role that signed-in users may assume too", () => {
    const tf = broken(
      "aws_iam_role",
      "guest-role",
      editPolicy("assume_role_policy", ([trust]) => {
        trust.Condition!["ForAnyValue:StringLike"] = { "cognito-identity.amazonaws.com:amr": "*authenticated" };
      }),
      fullConfig,
    );
    expect(caughtBy(tf, "full", fullConfig)).toContain(
      "signed-in users and other pools' guests cannot assume the guest role",
    );
  });

  test("catches a guest role given a policy of its own", () => {
    const tf = broken("aws_iam_role", "guest-role", () => undefined, fullConfig);
    const guestRole = resourcesOf(tf, "aws_iam_role").find(([address]) => address.includes("guest-role"))![0];
    tf.resource!.aws_iam_role_policy["guest-reads"] = {
      role: `\${${guestRole}.name}`,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::uploads-full-test-bucket/*" }],
      }),
    };
    expect(caughtBy(tf, "full", fullConfig)).toContain(
      "guests have no role unless the configuration allows them, and then their role grants nothing",
    );
  });

  test("catches a mover of an estate's bucket granted the whole bucket", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "move-policy",
      editPolicy("policy", ([readAndRemove]) => {
        readAndRemove.Resource = "arn:aws:s3:::estate-media-bucket/*";
      }),
      existingResourcesConfig,
    );
    expect(caughtBy(tf, "existing", existingResourcesConfig)).toContain(
      "the mover cannot delete or re-permission images, nor touch old versions",
    );
  });

  test("catches users of an estate's bucket allowed into every folder", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-uploads",
      editPolicy("policy", ([upload]) => {
        upload.Resource = String(upload.Resource).replace("$${aws:PrincipalTag/sub}/*", "*");
      }),
      existingResourcesConfig,
    );
    expect(caughtBy(tf, "existing", existingResourcesConfig)).toContain(
      "a user cannot upload into another user's folder, a folder that only starts with their sub, or outside any folder",
    );
  });

  test("catches an account-linking role allowed into every user pool", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-pool-policy",
      editPolicy("policy", ([link]) => {
        link.Resource = "*";
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual([
      "the account-linking function touches no other pool, and cannot delete, disable, unlink or re-attribute users, nor change its pool",
    ]);
  });

  test("catches an account-linking role that may also delete users", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "user-pool-policy",
      editPolicy("policy", ([link]) => {
        link.Action = [...([] as string[]).concat(link.Action), "cognito-idp:AdminDeleteUser"];
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toContain(
      "the account-linking function touches no other pool, and cannot delete, disable, unlink or re-attribute users, nor change its pool",
    );
  });

  test("catches a group role whose reads reach the uploads", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "admins-read-all-images",
      editPolicy("policy", ([read]) => {
        read.Resource = String(read.Resource).replace("/images/*", "/*");
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual([
      "a group granted every image cannot upload, delete, or read uploads",
    ]);
  });

  test("catches a group role that any identity pool's users may assume", () => {
    const tf = broken(
      "aws_iam_role",
      "group-admins",
      editPolicy("assume_role_policy", ([trust]) => {
        delete trust.Condition?.StringEquals;
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual([
      "users of another identity pool, this pool's guests, or other principals cannot assume a group's role",
    ]);
  });

  test("catches a sweeper that may delete without If-Match, or delete images", () => {
    const unconditional = broken(
      "aws_iam_role_policy",
      "sweep-policy",
      editPolicy("policy", ([deletion]) => {
        delete deletion.Condition;
      }),
    );
    expect(caughtBy(unconditional)).toEqual([
      "the sweeper cannot delete an upload unconditionally: it could remove a small upload that replaced the oversize one",
    ]);
    const images = broken(
      "aws_iam_role_policy",
      "sweep-policy",
      editPolicy("policy", ([deletion]) => {
        deletion.Resource = String(deletion.Resource).replace(/tmp\/\*$/, "*");
      }),
    );
    expect(caughtBy(images)).toEqual([
      "the sweeper touches no image, writes nothing, lists nothing and reaches no other bucket",
    ]);
  });

  test("catches a mover that may put events on any bus", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "put-events-policy",
      editPolicy("policy", ([put]) => {
        put.Resource = "*";
      }),
    );
    expect(caughtBy(tf)).toEqual([
      "the mover puts no event on any other bus, nor events of another source or detail-type (no spoofing aws.s3 or another team)",
    ]);
  });

  test("catches a malware scanner that may read and tag images too", () => {
    const tf = broken(
      "aws_iam_role_policy",
      "malware-protection_policy",
      editPolicy("policy", (statements) => {
        const scan = statements.find((statement) => statement.Sid === "ScanAndTagUploads")!;
        scan.Resource = String(scan.Resource).replace(/incoming\/\*$/, "*");
      }),
      fullConfig,
    );
    expect(caughtBy(tf, "full", fullConfig)).toEqual([
      "GuardDuty's role touches no image, deletes nothing, and writes no object but its validation object",
    ]);
  });

  test("catches an SMS role that may publish to topics", () => {
    const tf = broken(
      "aws_iam_policy",
      "publish-policy",
      editPolicy("policy", (statements) => {
        statements.splice(
          statements.findIndex((statement) => statement.Sid === "NoTopics"),
          1,
        );
      }),
      signInConfig,
    );
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual([
      "the SMS role cannot publish to a topic, in this account or another",
    ]);
  });
});

describe("the sensitivity tests above", () => {
  /** The roles each test above breaks a policy of, by the configuration it breaks. */
  const BROKEN_ROLES: Record<string, RoleUse[]> = {
    default: ["authenticated", "mover", "sweeper"],
    full: ["guest", "malwareScanner"],
    existing: ["authenticated", "mover"],
    "sign-in": ["smsSender", "linkIdentities", "group:admins"],
  };

  test("break at least one policy of every role any planned configuration creates", () => {
    const created = new Set(
      Object.values(plannedConfigs).flatMap((config) =>
        Object.keys(accessModelOf(synthesizedTerraform(config), {}, config.existing?.bucketName).roles),
      ),
    );
    const broken = new Set(Object.values(BROKEN_ROLES).flat());
    // The API Gateway logging role carries an AWS-managed policy, which the stack does not write.
    expect([...created].filter((use) => !broken.has(use as RoleUse) && use !== "apiGatewayLogging")).toEqual([]);
  });
});
