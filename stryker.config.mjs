// Mutation testing of the Lambda functions and the security rules: `npm run test:mutation` (slow; see docs/testing.md).

/** Lowest mutation score (%) per area; scripts/mutation-score.mjs fails the run below them. */
export const areaThresholds = {
  "functions/": 85,
  "modules/rules/": 80,
};

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  // A mutant of a module loaded at start-up (a "static" one) runs only the test files that import that module.
  jest: { projectType: "custom", configFile: "jest.mutation.config.js", enableFindRelatedTests: true },
  mutate: ["functions/**/*.ts", "modules/rules/**/*.ts"],
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: "perTest",
  // A mutant of code that runs when a module loads (a constant, a regular expression) reaches no test in particular,
  // so it would re-run every test file that imports the module: two thirds of the run's time for a fifth of the
  // mutants. They are reported as ignored; see docs/testing.md.
  ignoreStatic: true,
  // Reuses the previous run's results (reports/stryker-incremental.json) for mutants whose code and tests did not
  // change; `npm run test:mutation -- --force` runs every mutant again.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  clearTextReporter: { allowColor: false, logTests: false },
  ignorePatterns: ["cdktf.out", "reports", "dist-bench-barrel", ".terraform", "coverage"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: 80 },
};
