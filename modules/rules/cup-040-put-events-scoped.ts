import { conditionsOf, isAllow, policiesOfKind, Statement, valuesOf } from "./lib/policies";
import { allowsAction } from "./lib/roles";
import { Finding, Rule } from "./types";

/**
 * No tool checks this. An identity policy that allows `events:PutEvents` names the buses it may
 * put on (no `*` in a bus name, no `NotResource`) and pins the events' `source` with
 * `StringEquals events:source`: otherwise a compromised function could put events on any bus, or
 * events that claim another source (another team's, or one rules trust), and set off their consumers.
 */
export const putEventsScoped: Rule = {
  id: "CUP_040",
  aliases: [],
  severity: "H",
  title: "events:PutEvents is allowed on named event buses only, with the events' source pinned",
  check: (tf) =>
    policiesOfKind(tf, "identity").flatMap(({ address, statements }): Finding[] =>
      (statements ?? []).flatMap((statement, index): Finding[] => {
        if (!isAllow(statement) || !allowsAction(statement, "events:PutEvents")) return [];
        const where = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
        const problems = [...unnamedBuses(statement), ...(pinsSource(statement) ? [] : ["does not pin events:source"])];
        return problems.map((problem) => ({ address, message: `${where} allows events:PutEvents but ${problem}` }));
      }),
    ),
};

function unnamedBuses(statement: Statement): string[] {
  if (statement.NotResource !== undefined) return ["uses NotResource"];
  return valuesOf(statement.Resource)
    .filter((resource) => resource === "*" || !/:event-bus\/[^*?]+$/.test(resource))
    .map((resource) => `names "${resource}", not one bus`);
}

function pinsSource(statement: Statement): boolean {
  return conditionsOf(statement).some(
    ([operator, key, values]) =>
      operator === "StringEquals" &&
      key === "events:source" &&
      values.length > 0 &&
      values.every((v) => !/[*?]/.test(v)),
  );
}
