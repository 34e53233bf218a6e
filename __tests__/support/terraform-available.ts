import { isCI } from "./ci";
import { terraformAvailable } from "./terraform";

/**
 * Whether suites that run Terraform run or are skipped: Terraform itself is the counterpart, so in CI (any non-empty
 * `CI`) a missing CLI is an error; elsewhere it skips the suites with a notice.
 */
export function terraformSuites(env: NodeJS.ProcessEnv, available: boolean): "run" | "skip" {
  if (available) return "run";
  if (isCI(env))
    throw new Error(`CI=${env.CI} but no terraform binary is on the PATH: the Terraform tests must run in CI`);
  return "skip";
}

/** `describe` for suites that run Terraform (see {@link terraformSuites}). */
export const describeWithTerraform: jest.Describe = (() => {
  if (terraformSuites(process.env, terraformAvailable()) === "run") return describe;
  console.warn("terraform is not installed: skipping the Terraform validate/plan tests");
  return describe.skip;
})();
