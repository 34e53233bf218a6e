import { addressLockMode, isCI } from "./ci";
import { terraformSuites } from "./terraform-available";

describe("recognising CI", () => {
  test.each(["true", "1", "yes", "woodpecker"])("counts CI=%s as CI", (value) => {
    expect(isCI({ CI: value })).toBe(true);
  });

  test("counts an unset or empty CI as a developer's machine", () => {
    expect(isCI({})).toBe(false);
    expect(isCI({ CI: "" })).toBe(false);
  });

  test.each(["true", "1"])(
    "fails the Terraform suites without terraform when CI=%s, rather than skipping them",
    (value) => {
      expect(() => terraformSuites({ CI: value }, false)).toThrow(`CI=${value} but no terraform binary`);
      expect(terraformSuites({ CI: value }, true)).toBe("run");
    },
  );

  test("skips the Terraform suites without terraform outside CI", () => {
    expect(terraformSuites({}, false)).toBe("skip");
  });
});

describe("the resource-address lock's mode", () => {
  test("checks the committed lists unless UPDATE_RESOURCE_ADDRESSES=1 asks to rewrite them", () => {
    expect(addressLockMode({})).toBe("check");
    expect(addressLockMode({ UPDATE_RESOURCE_ADDRESSES: "1" })).toBe("update");
  });

  test.each(["true", "1"])("refuses to rewrite the lists when CI=%s", (value) => {
    expect(() => addressLockMode({ UPDATE_RESOURCE_ADDRESSES: "1", CI: value })).toThrow(/in CI/);
  });

  test("refuses a value other than 1, so a typo does not turn the lock off", () => {
    expect(() => addressLockMode({ UPDATE_RESOURCE_ADDRESSES: "yes" })).toThrow(/must be 1 or unset/);
  });
});
