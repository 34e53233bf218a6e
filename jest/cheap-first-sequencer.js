/**
 * Test order and selection for the mutation run (jest.mutation.config.js).
 *
 * Stryker runs a mutant with a test name pattern, the tests known to reach it; jest would still load every test file
 * that imports the mutated module (and, with it, the AWS SDK, an S3 server or the CDK), only to skip its tests. So the
 * first, unfiltered run records which file holds which tests, and filtered runs load only the files holding a test the
 * pattern names. Files that start no server come first, so the run reaches a failure early.
 */
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

/** Files that start a local server, synthesize stacks or simulate many IAM requests, run last. */
const SLOW = [
  /security\/(rules-on-configs|check-security)\.test/,
  /security\/iam-/,
  /link-identities\/(linking|bundle)\.test/,
  /move-upload\/(faults|concurrency|hostile-requests|multipart|bundle-[a-z-]+)\.test/,
  /support\/s3-server\.test/,
];

class CheapFirstSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options.globalConfig;
    this.indexFile = join(options.globalConfig.rootDir, ".mutation-test-index.json");
  }

  sort(tests) {
    const cost = (test) => (SLOW.some((pattern) => pattern.test(test.path)) ? 1 : 0);
    const sorted = [...tests].sort((a, b) => cost(a) - cost(b) || a.path.localeCompare(b.path));
    const pattern = this.globalConfig.testNamePattern;
    if (!pattern || !existsSync(this.indexFile)) return sorted;
    const index = JSON.parse(readFileSync(this.indexFile, "utf8"));
    const wanted = new RegExp(pattern, "i");
    // A file the index does not know (added since) is kept: it might hold a wanted test.
    return sorted.filter((test) => !(test.path in index) || index[test.path].some((name) => wanted.test(name)));
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    if (this.globalConfig.testNamePattern) return;
    const index = {};
    for (const file of results.testResults) index[file.testFilePath] = file.testResults.map((test) => test.fullName);
    writeFileSync(this.indexFile, JSON.stringify(index));
  }
}

module.exports = CheapFirstSequencer;
