/**
 * Test order for the mutation run: files that start no server first, so that a mutant one of them kills stops the run
 * (Stryker bails at the first failure) before the slower files that start S3 or cognito-local.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Files that start a local server or simulate many IAM requests, run last. */
const SLOW = [/security\/(rules-on-configs|check-security)\.test/, /link-identities\/(linking|bundle)\.test/, /move-upload\/(faults|concurrency|hostile-requests|multipart|bundle-[a-z-]+)\.test/, /support\/s3-server\.test/, /security\/iam-/];

class CheapFirstSequencer extends Sequencer {
  sort(tests) {
    const cost = (test) => (SLOW.some((pattern) => pattern.test(test.path)) ? 1 : 0);
    return [...tests].sort((a, b) => cost(a) - cost(b) || a.path.localeCompare(b.path));
  }
}

module.exports = CheapFirstSequencer;
