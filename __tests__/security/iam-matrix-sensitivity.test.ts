import { TerraformJson, TerraformResource } from "../../modules/rules";
import { resourcesOf } from "../../modules/rules/lib/terraform";
import { UploadsConfig } from "../../modules/stack/config";
import { defaultConfig, signInConfig } from "../support/configs";
import { accessModelOf } from "../../sandbox/iam/access-model";
import { evaluateMatrix, loadMatrix } from "./support/matrix";
import { synthesizedTerraform } from "./support/synthesized";

/**
 * The matrix must be able to fail: each test breaks one access-control decision in a copy of a
 * synthesized stack (the default one, or the sign-in one for SMS) and expects the matrix to
 * notice, naming a case that catches it.
 */
const matrix = loadMatrix();

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A copy of `config`'s stack with `edit` applied to the resource of `type` whose logical name contains `fragment`. */
function broken(type: string, fragment: string, edit: (resource: TerraformResource) => void, config: UploadsConfig = defaultConfig): TerraformJson {
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
  const outcomes = evaluateMatrix(matrix, name, config, accessModelOf(tf));
  return [...new Set(outcomes.filter((o) => o.actual !== o.expected).map((o) => o.title))];
}

describe("the IAM matrix", () => {
  test("catches an upload grant widened from the user's own folder to every folder", () => {
    const tf = broken("aws_iam_role_policy", "user-uploads", editPolicy("policy", ([upload]) => {
      upload.Resource = String(upload.Resource).replace("$${aws:PrincipalTag/sub}/*", "*");
    }));
    expect(caughtBy(tf)).toContain("a user cannot upload into another user's folder, a folder that only starts with their sub, or outside any folder");
  });

  test("catches an upload grant that lets users pick any storage class", () => {
    const tf = broken("aws_iam_role_policy", "user-uploads", editPolicy("policy", ([upload]) => {
      delete upload.Condition;
    }));
    expect(caughtBy(tf)).toEqual(["a user cannot upload into any other storage class: archive and infrequent-access classes bill 30 to 180 days"]);
  });

  test("catches a storage-class condition that refuses uploads sent without the header", () => {
    const tf = broken("aws_iam_role_policy", "user-uploads", editPolicy("policy", ([upload]) => {
      upload.Condition = { StringEquals: upload.Condition!.StringEqualsIfExists };
    }));
    expect(caughtBy(tf)).toContain("a user's upload, single or multipart, may leave the storage class unset or ask for STANDARD");
  });

  test("catches an SMS role that trusts Cognito on the external id alone, for pools of any account", () => {
    const tf = broken("aws_iam_role", "sms-role", editPolicy("assume_role_policy", ([trust]) => {
      trust.Condition = { StringEquals: { "sts:ExternalId": (trust.Condition!.StringEquals as Record<string, unknown>)["sts:ExternalId"] } };
    }), signInConfig);
    expect(caughtBy(tf, "sign-in", signInConfig)).toEqual(["a user pool of another account cannot assume the SMS role, even presenting this pool's external id"]);
  });

  test("catches an SMS role that no longer requires the external id", () => {
    const tf = broken("aws_iam_role", "sms-role", editPolicy("assume_role_policy", ([trust]) => {
      delete (trust.Condition!.StringEquals as Record<string, unknown>)["sts:ExternalId"];
    }), signInConfig);
    expect(caughtBy(tf, "sign-in", signInConfig)).toContain("the SMS role exists only with SMS codes, and a pool that presents no external id, or another one, cannot assume it");
  });

  test("catches a bucket policy that no longer denies plain HTTP", () => {
    const tf = broken("aws_s3_bucket_policy", "policy", editPolicy("policy", ([deny]) => {
      deny.Condition = { Bool: { "aws:SecureTransport": "maybe" } };
    }));
    expect(caughtBy(tf)).toContain("plain HTTP is denied by the bucket policy even to an administrator of the account");
  });

  test("catches a trust policy that accepts tokens of any identity pool", () => {
    const tf = broken("aws_iam_role", "authenticated", editPolicy("assume_role_policy", ([trust]) => {
      delete trust.Condition?.StringEquals;
    }));
    expect(caughtBy(tf)).toContain("users of another identity pool, or a token without an audience, cannot assume the authenticated role");
  });

  test("catches a trust policy that lets guests into the authenticated role", () => {
    const tf = broken("aws_iam_role", "authenticated", editPolicy("assume_role_policy", ([trust]) => {
      trust.Condition!["ForAnyValue:StringLike"] = { "cognito-identity.amazonaws.com:amr": "*authenticated" };
    }));
    expect(caughtBy(tf)).toContain("this pool's guests, or a token without amr, cannot assume the authenticated role");
  });

  test("catches a mover granted every S3 action under the upload prefix", () => {
    const tf = broken("aws_iam_role_policy", "move-policy", editPolicy("policy", ([readAndRemove]) => {
      readAndRemove.Action = "s3:*";
    }));
    expect(caughtBy(tf)).toEqual(expect.arrayContaining([
      "the mover cannot write under the upload prefix",
      "the mover cannot delete or re-permission images, nor touch old versions",
    ]));
  });

  test("catches a mover that may list the whole bucket", () => {
    const tf = broken("aws_iam_role_policy", "move-policy", editPolicy("policy", (statements) => {
      delete statements[2].Condition;
    }));
    expect(caughtBy(tf)).toContain("the mover cannot list the whole bucket or any other prefix");
  });

  test("catches guests given credentials when the configuration turns them off", () => {
    const tf = broken("aws_cognito_identity_pool_roles_attachment", "roles", (attachment) => {
      const roles = attachment.roles as Record<string, string>;
      roles.unauthenticated = roles.authenticated;
    });
    expect(caughtBy(tf)).toContain("guests have no role unless the configuration allows them, and then their role grants nothing");
  });
});
