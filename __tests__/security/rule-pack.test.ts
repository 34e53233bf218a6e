import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS, allRules } from "../../modules/rules";
import { allConfigs } from "../support/configs";
import { fixtureStems, loadFixture, ruleFileStems, RULES_DIR, stemOf } from "./support/fixtures";
import { synthesizedTerraform } from "./support/synthesized";

const sortedAddresses = (findings: Array<{ address: string }>) => findings.map((f) => f.address).sort();

describe("the rule pack", () => {
  test("has one file per rule, each named after the ids it mirrors, and registers every one", () => {
    const stems = ruleFileStems();
    expect(allRules.map((rule) => stemOf(rule, stems)).sort()).toEqual(stems.sort());
  });

  test("gives every rule a unique id, a severity of H or M and a title", () => {
    const ids = allRules.flatMap((rule) => [rule.id, ...rule.aliases]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^(CKV2?_AWS_\d+|KICS_[0-9a-f]{8}|CUP_\d{3})$/);
      expect(["H", "M"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(10);
    }
  });

  test("imports nothing but its own files, so it runs in any CI without the provider bindings", () => {
    const helpers = readdirSync(join(RULES_DIR, "lib")).map((file) => `lib/${file}`);
    const files = [...ruleFileStems().map((stem) => `${stem}.ts`), "index.ts", "types.ts", ...helpers];
    const imports = files.flatMap((file) =>
      [...readFileSync(join(RULES_DIR, file), "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]),
    );
    expect(imports.filter((source) => !source.startsWith("./") && !source.startsWith("../"))).toEqual([]);
  });

  test("reads the configuration without changing it", () => {
    const tf = synthesizedTerraform(allConfigs.full);
    const before = JSON.stringify(tf);
    for (const rule of allRules) rule.check(deepFreeze(JSON.parse(before)));
    expect(JSON.stringify(tf)).toBe(before);
  });

  test("exempts from the wildcard-resource rule only actions that AWS says have no resource-level permissions", async () => {
    for (const action of ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS) {
      const [service, name] = action.split(":");
      await expect(isWildcardOnlyAction(service, name)).resolves.toBe(true);
    }
  });
});

describe("rule fixtures", () => {
  test("exist for every rule, and none without a rule", () => {
    expect(fixtureStems().sort()).toEqual(allRules.map((rule) => stemOf(rule)).sort());
  });

  describe.each(allRules.map((rule) => [`${rule.id} (${rule.title})`, rule] as const))("%s", (_, rule) => {
    const fixture = loadFixture(stemOf(rule));

    test("has at least one compliant and one non-compliant fixture", () => {
      expect(fixture.compliant.length).toBeGreaterThan(0);
      expect(fixture.noncompliant.length).toBeGreaterThan(0);
    });

    test.each(fixture.compliant.map((c) => [c.name, c] as const))(
      "passes a compliant configuration: %s",
      (_name, fixtureCase) => {
        expect(rule.check(fixtureCase.tf)).toEqual([]);
      },
    );

    test.each(fixture.noncompliant.map((c) => [c.name, c] as const))(
      "fails a non-compliant configuration: %s",
      (_name, fixtureCase) => {
        expect(fixtureCase.findings?.length).toBeGreaterThan(0);
        const findings = rule.check(fixtureCase.tf);
        expect(sortedAddresses(findings)).toEqual([...(fixtureCase.findings ?? [])].sort());
        for (const finding of findings) expect(finding.message.length).toBeGreaterThan(5);
      },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
