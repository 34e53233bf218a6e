import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addressLockMode } from "../../support/ci";
import { plannedConfigs } from "../../support/configs";
import { synthStack, TerraformJson } from "../../support/synth";

/**
 * A resource's address is its identity in Terraform state: renaming one makes every plan destroy
 * the resource and create a new one (a user pool with all its users, a bucket with all its images).
 * The committed lists change only on purpose: `npm run addresses:update`, then review the diff.
 */
const UPDATE = addressLockMode() === "update";
const listFile = (name: string) => join(__dirname, "..", "..", "fixtures", "resource-addresses", `${name}.txt`);

function addressesOf(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describe.each(Object.entries(plannedConfigs))("resource addresses of the %s configuration", (name, config) => {
  // Rewriting checks nothing, so it is reported under its own title rather than as a passed lock.
  if (UPDATE) {
    test("are written to the committed list (UPDATE_RESOURCE_ADDRESSES=1: nothing is checked)", () => {
      writeFileSync(listFile(name), `${addressesOf(synthStack(config).tf).join("\n")}\n`);
    });
    return;
  }

  test("match the committed list", () => {
    const actual = addressesOf(synthStack(config).tf);
    expect(existsSync(listFile(name))).toBe(true);
    const committed = readFileSync(listFile(name), "utf8").split("\n").filter(Boolean);
    const removed = committed.filter((address) => !actual.includes(address));
    const added = actual.filter((address) => !committed.includes(address));
    // Named separately so the failure says which addresses a plan would destroy.
    expect({ destroyedInExistingStates: removed, added }).toEqual({ destroyedInExistingStates: [], added: [] });
  });
});
