// Mutation testing of the Lambda functions and the security rules: `npm run test:mutation` (slow; see docs/testing.md).

/** Lowest mutation score (%) per area; scripts/mutation-test.mjs fails the run below them. */
export const areaThresholds = {
  "functions/": 88,
  "modules/rules/": 93,
};

/**
 * What each area mutates. scripts/mutation-test.mjs runs one area after the other (MUTATION_AREA), each with its own
 * report and incremental file. The rules' command-line front end (check-security.ts: arguments, output) is tooling
 * around the rules, not a rule, and is left out.
 */
export const AREAS = {
  functions: ["functions/**/*.ts"],
  rules: ["modules/rules/**/*.ts", "!modules/rules/check-security.ts"],
};
const area = process.env.MUTATION_AREA;
if (area !== undefined && !(area in AREAS)) throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(", ")}`);
const name = area ?? "all";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  // A mutant of a module loaded at start-up (a "static" one) runs only the test files that import that module.
  jest: { projectType: "custom", configFile: "jest.mutation.config.js", enableFindRelatedTests: true },
  mutate: area ? AREAS[area] : Object.values(AREAS).flat(),
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: "perTest",
  // A mutant of code that runs when a module loads (a constant, a regular expression) reaches no test in particular,
  // so it would re-run every test file that imports the module: two thirds of the run's time for a fifth of the
  // mutants. They are reported as ignored; see docs/testing.md.
  ignoreStatic: true,
  // Reuses the previous run's results (reports/mutation/<area>-incremental.json) for mutants whose code and tests did not
  // change; `npm run test:mutation -- --force` runs every mutant again.
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  concurrency: 2,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false },
  ignorePatterns: ["cdktf.out", "reports", "dist-bench-barrel", ".terraform", "coverage"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  // Each area's run breaks under the lower of the area thresholds; scripts/mutation-test.mjs holds each to its own.
  thresholds: { high: 90, low: 85, break: Math.min(...Object.values(areaThresholds)) },
};
