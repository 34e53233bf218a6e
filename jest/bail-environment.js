/**
 * The test environment of the mutation run: once a test has failed, the rest of the run is skipped. A failed test has
 * killed the mutant, and Stryker's jest runner cannot tell jest to bail, so without this every other test that reaches
 * the mutant would still run (the hostile-request run alone sends 520 requests).
 */
const { TestEnvironment } = require("jest-environment-node");

/** Runs (one per Stryker test run: each has its own global configuration object) that have seen a failure. */
const failedRuns = new WeakSet();

class BailEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.run = config.globalConfig;
  }

  async handleTestEvent(event) {
    if (event.name === "test_fn_failure" || event.name === "hook_failure") failedRuns.add(this.run);
    if (event.name === "test_start" && failedRuns.has(this.run)) event.test.mode = "skip";
  }
}

module.exports = BailEnvironment;
