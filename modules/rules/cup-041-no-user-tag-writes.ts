import { PolicyLocation } from "./lib/policies";
import { allowsAction, policiesOfRole, rolesTrusting } from "./lib/roles";
import { Finding, Rule } from "./types";

const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";
/** The actions that set an object's tags; PutObject with an `x-amz-tagging` header needs s3:PutObjectTagging too. */
const TAG_WRITES = ["s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging"];

/**
 * No tool checks this. Roles an identity pool hands to browsers allow no object tag writes: with
 * malware scanning the mover trusts GuardDuty's `GuardDutyMalwareScanStatus` tag, and a user who
 * could tag (or upload with `x-amz-tagging`) could mark their own upload clean.
 */
export const noUserTagWrites: Rule = {
  id: "CUP_041",
  aliases: [],
  severity: "H",
  title: "Roles an identity pool hands out cannot write object tags (no forged malware scan results)",
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
      return statements.flatMap((statement, index): Finding[] => {
        const writes = TAG_WRITES.filter((action) => allowsAction(statement, action));
        if (writes.length === 0) return [];
        const where = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
        return [{ address, message: `${where} lets browser users write object tags (${writes.join(", ")})` }];
      });
    });
  },
};
