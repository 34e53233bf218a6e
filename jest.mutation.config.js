/**
 * The jest configuration of `npm run test:mutation` (Stryker): the tests of functions/ and of the security rules only.
 * Stryker changes the sources in a sandbox and cannot rebuild the bundles for each change, so the tests load the
 * functions' handlers from source (FUNCTIONS_FROM_SOURCE) and skip the tests of the built artifacts themselves.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  globalSetup: undefined,
  // findRelatedTests follows imports only through files under the roots.
  roots: ["<rootDir>/__tests__", "<rootDir>/functions", "<rootDir>/modules"],
  testMatch: ["<rootDir>/__tests__/functions/**/*.test.ts", "<rootDir>/__tests__/security/**/*.test.ts"],
  testPathIgnorePatterns: [
    "/node_modules/",
    // Size and shape of dist/functions: they test the build, which a mutant does not change.
    "<rootDir>/__tests__/functions/bundles.test.ts",
    // 520 requests replayed for every mutant of the mover that survives the other tests; they run in `npm test`.
    "<rootDir>/__tests__/functions/move-upload/hostile-requests.test.ts",
  ],
  // FUNCTIONS_FROM_SOURCE: see __tests__/functions/support/bundle.ts; MUTATION_RUN: __tests__/security/support/synthesized.ts.
  globals: { FUNCTIONS_FROM_SOURCE: true, MUTATION_RUN: true },
  testSequencer: require("node:path").join(__dirname, "jest", "cheap-first-sequencer.js"),
  testEnvironment: require("node:path").join(__dirname, "jest", "bail-environment.js"),
};
