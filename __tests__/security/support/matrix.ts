import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UploadsConfig } from "../../../modules/stack/config";
import { AccessModel, RoleUse } from "../../../sandbox/iam/access-model";
import { Decision, DECISIONS, decide, PrincipalSpec } from "../../../sandbox/iam/simulate";

type Context = Record<string, string | string[]>;

/** One group of the matrix: every principal × action × resource × context it lists, with one expected decision. */
interface MatrixCase {
  readonly title: string;
  /** Names of the configurations the group applies to. @default - every configuration */
  readonly configs?: string[];
  readonly as: string | string[];
  readonly actions?: string[];
  readonly resources?: string[];
  /** Pairs of action and resource, instead of actions × resources. */
  readonly requests?: Array<[string, string]>;
  readonly context?: Context;
  /** Several contexts to try, each merged over `context`. */
  readonly contexts?: Context[];
  /** The decision, or one per configuration name. */
  readonly expect: Decision | Record<string, Decision>;
}

interface MatrixFile {
  readonly principals: Record<string, PrincipalSpec>;
  readonly cases: MatrixCase[];
}

/** One request of the matrix, placeholders filled in for a configuration, and its outcome. */
export interface MatrixOutcome {
  readonly title: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Context;
  readonly expected: Decision;
  readonly actual: Decision;
}

export const MATRIX_PATH = join(__dirname, "..", "iam-matrix.json");

export function loadMatrix(path = MATRIX_PATH): MatrixFile {
  const matrix = JSON.parse(readFileSync(path, "utf8")) as MatrixFile;
  for (const entry of matrix.cases) {
    const expectations = typeof entry.expect === "string" ? [entry.expect] : Object.values(entry.expect);
    for (const decision of expectations) {
      if (!DECISIONS.includes(decision)) throw new Error(`"${entry.title}": unknown decision ${decision}`);
    }
    for (const name of ([] as string[]).concat(entry.as)) {
      if (!matrix.principals[name]) throw new Error(`"${entry.title}": unknown principal ${name}`);
    }
  }
  return matrix;
}

/**
 * Placeholders of the matrix. Prefixes, names and the KMS key come from the configuration (what
 * was asked for); bucket, pool and account are the test values the policies were resolved with.
 */
function placeholdersFor(config: UploadsConfig, model: AccessModel): Record<string, string | undefined> {
  const { account, region, identityPoolId, userPoolId } = model.values;
  const upload = config.bucket?.uploadPrefix ?? "tmp/";
  const images = config.bucket?.imagePrefix ?? "images/";
  const role = (use: RoleUse) => model.roles[use]?.arn;
  const groupRoles = Object.entries(model.roles).filter(([use]) => use.startsWith("group:"));
  return {
    account,
    region,
    namePrefix: config.namePrefix,
    bucket: model.bucketArn,
    otherBucket: "arn:aws:s3:::another-teams-bucket",
    upload,
    images,
    uploadName: upload.replace(/\/$/, ""),
    kmsKey: config.bucket?.kmsKeyArn,
    otherKmsKey: `arn:aws:kms:${region}:${account}:key/99999999-8888-7777-6666-555555555555`,
    pool: identityPoolId,
    otherPool: `${region}:ffffffff-eeee-dddd-cccc-bbbbbbbbbbbb`,
    userPoolProvider: `cognito-idp.${region}.amazonaws.com/${userPoolId}`,
    userPoolArn: `arn:aws:cognito-idp:${region}:${account}:userpool/${userPoolId}`,
    foreignAccount: FOREIGN_ACCOUNT,
    foreignUserPoolArn: `arn:aws:cognito-idp:${region}:${FOREIGN_ACCOUNT}:userpool/${region}_Foreign01`,
    smsExternalId: model.smsExternalId,
    eventBus: config.eventBusArn ?? `arn:aws:events:${region}:${account}:event-bus/default`,
    otherEventBus: `arn:aws:events:${region}:${account}:event-bus/another-teams-bus`,
    moverLogGroup: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/${config.namePrefix}-move-upload`,
    "role:authenticated": role("authenticated"),
    "role:guest": role("guest"),
    "role:mover": role("mover"),
    "role:apiGatewayLogging": role("apiGatewayLogging"),
    "role:linkIdentities": role("linkIdentities"),
    "role:smsSender": role("smsSender"),
    "role:sweeper": role("sweeper"),
    "role:malwareScanner": role("malwareScanner"),
    ...Object.fromEntries(groupRoles.map(([use, group]) => [`role:${use}`, group?.arn])),
  };
}

/** Another AWS customer's account, whose user pools must not reach this stack's roles. */
const FOREIGN_ACCOUNT = "444455556666";

/** A placeholder that names a role the configuration does not have. */
class MissingRole extends Error {}

function fill(text: string, placeholders: Record<string, string | undefined>, title: string): string {
  return text.replace(/\{([A-Za-z:]+)\}/g, (whole, name: string) => {
    // A group's role exists only in configurations that create the group.
    if (!(name in placeholders) && name.startsWith("role:group:")) throw new MissingRole(name);
    if (!(name in placeholders)) throw new Error(`"${title}": unknown placeholder ${whole}`);
    const value = placeholders[name];
    if (value === undefined) {
      if (name.startsWith("role:")) throw new MissingRole(name);
      throw new Error(`"${title}": ${whole} has no value in this configuration; limit the case with "configs"`);
    }
    return value;
  });
}

const fillContext = (context: Context, placeholders: Record<string, string | undefined>, title: string): Context =>
  Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map((item) => fill(item, placeholders, title)) : fill(value, placeholders, title),
    ]),
  );

/** Expands the matrix for one configuration and evaluates every request. */
export function evaluateMatrix(
  matrix: MatrixFile,
  configName: string,
  config: UploadsConfig,
  model: AccessModel,
): MatrixOutcome[] {
  const placeholders = placeholdersFor(config, model);
  const outcomes: MatrixOutcome[] = [];
  for (const entry of matrix.cases) {
    if (entry.configs && !entry.configs.includes(configName)) continue;
    const expected = typeof entry.expect === "string" ? entry.expect : entry.expect[configName];
    if (!expected) throw new Error(`"${entry.title}": no expected decision for the ${configName} configuration`);
    const pairs: Array<[string, string]> =
      entry.requests ??
      (entry.actions ?? []).flatMap((action) =>
        (entry.resources ?? []).map((resource): [string, string] => [action, resource]),
      );
    const contexts = (entry.contexts ?? [{}]).map((extra) => ({ ...entry.context, ...extra }));
    for (const principalName of ([] as string[]).concat(entry.as)) {
      const principal = matrix.principals[principalName];
      for (const [action, rawResource] of pairs) {
        for (const rawContext of contexts) {
          const context = fillContext(rawContext, placeholders, entry.title);
          let resource = rawResource;
          let actual: Decision;
          try {
            resource = fill(rawResource, placeholders, entry.title);
            actual = decide(model, {
              principal: {
                ...principal,
                ...(principal.arn ? { arn: fill(principal.arn, placeholders, entry.title) } : {}),
              },
              action,
              resource,
              context,
            });
          } catch (error) {
            if (!(error instanceof MissingRole)) throw error;
            actual = "NoRole";
          }
          outcomes.push({ title: entry.title, principal: principalName, action, resource, context, expected, actual });
        }
      }
    }
  }
  return outcomes;
}
