import { allConfigs, existingResourcesConfig, plannedConfigs, signInConfig } from "../support/configs";
import { accessModelOf, AccessModel } from "../../sandbox/iam/access-model";
import { evaluateMatrix, loadMatrix, MatrixOutcome } from "./support/matrix";
import { synthesizedTerraform } from "./support/synthesized";

const MINIMUM_REQUESTS = 200;
const matrix = loadMatrix();
/**
 * Every configuration the tests plan: the two extremes of the upload flow, an estate's own user pool, bucket and API
 * (bring your own), and every sign-in feature (SMS codes, groups, account linking).
 */
const simulatedConfigs = plannedConfigs;

const describeOutcome = (o: MatrixOutcome) => {
  const context = Object.keys(o.context).length > 0 ? ` ${JSON.stringify(o.context)}` : "";
  return `${o.title}: ${o.principal} ${o.action} ${o.resource}${context} → expected ${o.expected}, got ${o.actual}`;
};

describe.each(Object.entries(simulatedConfigs))("IAM decisions of the %s configuration", (name, config) => {
  let model: AccessModel;
  beforeAll(() => {
    model = accessModelOf(synthesizedTerraform(config), {}, config.existing?.bucketName);
  });

  test("every synthesized policy is valid IAM policy grammar once references are filled in", () => {
    // accessModelOf validates each policy and throws on the first invalid one
    expect(model.allPolicies.length).toBeGreaterThanOrEqual(name === "existing" ? 3 : 4);
    expect(model.allPolicies.flatMap((policy) => policy.errors)).toEqual([]);
  });

  test("every role of the stack has a known use, so the matrix speaks for all of them", () => {
    expect(model.unknownRoles).toEqual([]);
  });

  test(`every request of the matrix gets the decision the security model expects (at least ${MINIMUM_REQUESTS})`, () => {
    const outcomes = evaluateMatrix(matrix, name, config, model);
    const mismatches = outcomes.filter((outcome) => outcome.actual !== outcome.expected);
    const simulated = outcomes.filter((outcome) => outcome.actual !== "NoRole").length;
    console.log(
      `IAM matrix, ${name} configuration: ${outcomes.length} requests (${simulated} simulated, ` +
        `${outcomes.length - simulated} for a role the configuration does not create), ` +
        `${outcomes.length - mismatches.length} matched, ${mismatches.length} mismatched`,
    );
    expect(outcomes.length).toBeGreaterThanOrEqual(MINIMUM_REQUESTS);
    expect(mismatches.map(describeOutcome)).toEqual([]);
  });
});

describe("roles the configurations create", () => {
  test("the default configuration creates no guest role and maps no unauthenticated identities", () => {
    const model = accessModelOf(synthesizedTerraform(allConfigs.default));
    expect(model.roles.guest).toBeUndefined();
    expect(Object.keys(model.roles).sort()).toEqual(["authenticated", "mover", "sweeper"]);
  });

  test("the sign-in configuration's roles are told apart by what uses them: the API's function, the trigger, SMS, a group, the sweeper", () => {
    const model = accessModelOf(synthesizedTerraform(signInConfig));
    expect(Object.keys(model.roles).sort()).toEqual([
      "authenticated",
      "group:admins",
      "linkIdentities",
      "mover",
      "smsSender",
      "sweeper",
    ]);
    expect(model.roles.mover?.name).toBe(`${signInConfig.namePrefix}-move-upload-role`);
  });

  test("the bring-your-own configuration creates the user and mover roles only, and no bucket or bucket policy", () => {
    const model = accessModelOf(
      synthesizedTerraform(existingResourcesConfig),
      {},
      existingResourcesConfig.existing?.bucketName,
    );
    expect(Object.keys(model.roles).sort()).toEqual(["authenticated", "mover"]);
    expect(model.bucketArn).toBe("arn:aws:s3:::estate-media-bucket");
    expect(model.bucketPolicy).toBeUndefined();
  });

  test("the full configuration's guest role exists but has no policy of its own", () => {
    const model = accessModelOf(synthesizedTerraform(allConfigs.full));
    expect(model.roles.guest).toBeDefined();
    expect(model.roles.guest?.policies).toEqual([]);
  });
});
