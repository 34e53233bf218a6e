/**
 * Whether the tests run in CI. CI services set `CI` to `true`, `1` or another non-empty value, so any non-empty
 * value counts: a check that only recognised `true` would let `CI=1` skip what CI must run.
 */
export const isCI = (env: NodeJS.ProcessEnv = process.env): boolean => (env.CI ?? "") !== "";

/**
 * How the resource-address lock runs: `check` compares with the committed lists; `update` (UPDATE_RESOURCE_ADDRESSES=1,
 * from `npm run addresses:update`) rewrites them and checks nothing, which CI must never do.
 */
export function addressLockMode(env: NodeJS.ProcessEnv = process.env): "check" | "update" {
  const update = env.UPDATE_RESOURCE_ADDRESSES;
  if (update === undefined || update === "") return "check";
  if (update !== "1") throw new Error(`UPDATE_RESOURCE_ADDRESSES must be 1 or unset, got "${update}"`);
  if (isCI(env))
    throw new Error(
      "UPDATE_RESOURCE_ADDRESSES=1 in CI: the committed address lists are checked there, never rewritten",
    );
  return "update";
}
