import { conditionsOf, PolicyLocation, Statement } from "./lib/policies";
import { allowsAction, policiesOfRole, rolesTrusting } from "./lib/roles";
import { Finding, Rule } from "./types";

const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";
const STORAGE_CLASS_KEY = "s3:x-amz-storage-class";
/** Storage classes without a minimum storage duration that a browser may choose; archive and infrequent-access classes bill 30–180 days. */
const ALLOWED_CLASSES = ["STANDARD"];

/**
 * No tool checks this. A role that an identity pool hands to browsers may allow s3:PutObject only
 * with a `StringEquals` or `StringEqualsIfExists` condition on `s3:x-amz-storage-class` naming
 * STANDARD: otherwise a user may upload as DEEP_ARCHIVE or GLACIER, billed for 90–180 days although
 * the upload prefix expires in days. (IfExists lets a request without the header, stored as
 * STANDARD, pass.)
 */
export const userUploadStorageClass: Rule = {
  id: "CUP_030",
  aliases: [],
  severity: "H",
  title: "Roles an identity pool hands out allow s3:PutObject in the STANDARD storage class only",
  check: (tf) => {
    const policies = new Map<string, PolicyLocation>();
    for (const role of rolesTrusting(tf, "Federated", COGNITO_IDENTITY)) {
      for (const policy of policiesOfRole(tf, role.address))
        policies.set(`${policy.address} ${JSON.stringify(policy.statements)}`, policy);
    }
    return [...policies.values()].flatMap(({ address, statements, unreadable }): Finding[] => {
      if (!statements)
        return [
          { address, message: `${unreadable ?? "unreadable policy"}; it belongs to a role an identity pool hands out` },
        ];
      return statements.flatMap((statement, index): Finding[] =>
        allowsAction(statement, "s3:PutObject") && !pinsStorageClass(statement)
          ? [
              {
                address,
                message:
                  `${statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`} lets browser users put objects in any storage class: ` +
                  `add Condition StringEqualsIfExists {"${STORAGE_CLASS_KEY}": "STANDARD"}`,
              },
            ]
          : [],
      );
    });
  },
};

function pinsStorageClass(statement: Statement): boolean {
  return conditionsOf(statement).some(
    ([operator, key, values]) =>
      (operator === "StringEquals" || operator === "StringEqualsIfExists") &&
      key === STORAGE_CLASS_KEY &&
      values.length > 0 &&
      values.every((value) => ALLOWED_CLASSES.includes(value)),
  );
}
