import { conditionsOf, isAllow, isAnyPrincipal, policiesOfKind, valuesOf } from "./lib/policies";
import { Finding, Rule } from "./types";

/**
 * Mirrors Checkov CKV_AWS_70 (no Allow to every principal) and CKV_AWS_93 (no policy that locks out
 * everyone): in resource policies, an Allow must name its principals, and a Deny of every action to
 * every principal must carry a condition (such as the TLS-only deny) or nobody can manage the resource.
 */
export const noAnyPrincipal: Rule = {
  id: "CKV_AWS_70",
  aliases: ["CKV_AWS_93"],
  severity: "H",
  title: "Resource policies neither allow every principal nor deny everything to everyone",
  check: (tf) =>
    policiesOfKind(tf, "resource").flatMap(({ address, statements, unreadable }): Finding[] => {
      if (!statements) return [{ address, message: unreadable ?? "unreadable policy" }];
      return statements.flatMap((statement, index): Finding[] => {
        const where = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
        if (isAllow(statement) && (isAnyPrincipal(statement) || statement.NotPrincipal !== undefined)) {
          return [{ address, message: `${where} allows every principal` }];
        }
        const everyAction = valuesOf(statement.Action).some(
          (action) => action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action),
        );
        if (
          statement.Effect === "Deny" &&
          isAnyPrincipal(statement) &&
          everyAction &&
          conditionsOf(statement).length === 0
        ) {
          return [
            {
              address,
              message: `${where} denies every action to every principal without a condition: it locks everyone out`,
            },
          ];
        }
        return [];
      });
    }),
};
