/** Transpile-only (swc): type errors are caught by `npm run typecheck`, which `npm test` runs first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // Rebuilds dist/functions when it was built from other sources (see __tests__/support/global-setup.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  testTimeout: 30000,
  // Jest's default leaves a core idle; many suites wait on local servers and Terraform rather than the CPU.
  maxWorkers: 2,
};
