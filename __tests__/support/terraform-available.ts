import { terraformAvailable } from "./terraform";

/**
 * `describe` for suites that run Terraform: Terraform itself is the counterpart, so it must run in
 * CI (CI=true fails without it); elsewhere a missing CLI skips the suite with a notice.
 */
export const describeWithTerraform: jest.Describe = (() => {
  if (terraformAvailable()) return describe;
  if (process.env.CI === "true") throw new Error("CI=true but no terraform binary is on the PATH: the Terraform tests must run in CI");
  console.warn("terraform is not installed: skipping the Terraform validate/plan tests");
  return describe.skip;
})();
