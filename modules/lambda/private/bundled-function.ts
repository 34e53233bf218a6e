import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { attachInlinePolicy, policyDocument, renderPolicy, RoleRef } from "../../private/iam";
import {
  FUNCTION_NAME,
  FUNCTION_ROLE_SUFFIX,
  FUNCTION_RUNTIMES,
  LOG_RETENTION,
  MEMORY_SIZE,
  REGION,
  RESERVED_CONCURRENCY,
  RUNTIME,
  TIMEOUT_SECONDS,
} from "../../private/limits";
import { requireLimit } from "../../private/validation";
import { powertoolsLayerArn } from "./powertools-layer";

/** The package, published for CDKTF and, built from the same sources, for CDK Terrain. */
const PACKAGE_NAMES = ["cdktf-cognito-uploads", "cdktn-cognito-uploads"];

export { FUNCTION_RUNTIMES, LOG_RETENTION_DAYS } from "../../private/limits";
export type FunctionRuntime = (typeof FUNCTION_RUNTIMES)[number];

/**
 * Zip of a Lambda bundle shipped with this package (`dist/functions/<name>.zip`), found from the
 * package root, so it resolves the same from the TypeScript sources, the compiled output and an
 * installed copy under node_modules.
 */
export function bundledFunctionZip(name: string): string {
  const zip = join(packageRoot(), "dist", "functions", `${name}.zip`);
  if (!existsSync(zip)) {
    throw new Error(`The ${name} function bundle is missing at ${zip}: run \`npm run build:functions\` first`);
  }
  return zip;
}

function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && PACKAGE_NAMES.includes(JSON.parse(readFileSync(manifest, "utf8")).name)) return dir;
    if (dirname(dir) === dir)
      throw new Error(`Cannot find the ${PACKAGE_NAMES.join(" or ")} package root above ${__dirname}`);
  }
}

/** Settings every bundled function's construct offers. */
export interface BundledFunctionSettings {
  /** Lambda runtime. @default "nodejs22.x" */
  readonly runtime?: FunctionRuntime;
  /** Concurrent executions reserved for (and capping) the function. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Days the function's logs are kept; one of CloudWatch's retention values. @default 365 */
  readonly logRetentionDays?: number;
  /** Record X-Ray traces of each invocation. @default true */
  readonly tracing?: boolean;
  /** Region of the function, for the Powertools layer's ARN. @default - the provider's region */
  readonly region?: string;
  /** ARN of the layer that provides Powertools for AWS Lambda (TypeScript) v2. @default - AWS's public layer in the region */
  readonly powertoolsLayerArn?: string;
  /** Tags for the function, role and log group. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds the function's role (its permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

/** The settings a function construct hands to {@link createBundledFunction} as its props give them. */
export function passedThroughSettings(props: BundledFunctionSettings) {
  const { reservedConcurrency, tracing, region, powertoolsLayerArn, tags } = props;
  return { reservedConcurrency, tracing, region, powertoolsLayerArn, tags };
}

/** What {@link createBundledFunction} needs; the settings a construct takes from its props are checked there. */
export interface BundledFunctionOptions {
  /** Folder name of the function under functions/ (and of its zip). */
  readonly bundle: string;
  readonly functionName: string;
  readonly description: string;
  readonly runtime: FunctionRuntime;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
  readonly logRetentionDays: number;
  readonly tracing?: boolean;
  readonly environment: Record<string, string>;
  /** Region for the Powertools layer's ARN. @default - the provider's region */
  readonly region?: string;
  /** Layer providing Powertools. @default - AWS's public Powertools layer in the region */
  readonly powertoolsLayerArn?: string;
  readonly tags?: Record<string, string>;
  /** Permissions boundary of the role, already checked. @default - none */
  readonly permissionsBoundaryArn?: string;
}

/** The resources of one bundled function. */
export interface BundledFunction {
  readonly function: LambdaFunction;
  readonly role: RoleRef;
  readonly logGroup: CloudwatchLogGroup;
  readonly logPolicy: IamRolePolicy;
}

/**
 * A bundled function in `scope`: a log group with retention, created before the function (or
 * Lambda makes one without retention on the first invocation), a role only Lambda may assume that
 * may write that log group and X-Ray traces, and the function on arm64 with Powertools from its
 * layer. Further grants go to the returned role.
 */
export function createBundledFunction(scope: Construct, options: BundledFunctionOptions): BundledFunction {
  requireLimit(scope, "functionName", options.functionName, FUNCTION_NAME);
  requireLimit(scope, "runtime", options.runtime, RUNTIME);
  requireLimit(scope, "memorySize", options.memorySize, MEMORY_SIZE);
  requireLimit(scope, "timeoutSeconds", options.timeoutSeconds, TIMEOUT_SECONDS);
  if (options.reservedConcurrency !== undefined)
    requireLimit(scope, "reservedConcurrency", options.reservedConcurrency, RESERVED_CONCURRENCY);
  requireLimit(scope, "logRetentionDays", options.logRetentionDays, LOG_RETENTION);
  if (options.region !== undefined) requireLimit(scope, "region", options.region, REGION);
  const logGroup = new CloudwatchLogGroup(scope, "logs", {
    name: `/aws/lambda/${options.functionName}`,
    retentionInDays: options.logRetentionDays,
    tags: options.tags,
  });

  const roleResource = new IamRole(scope, "role", {
    name: `${options.functionName}${FUNCTION_ROLE_SUFFIX}`,
    description: `Execution role of ${options.functionName}`,
    assumeRolePolicy: renderPolicy(
      policyDocument({
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
    ),
    permissionsBoundary: options.permissionsBoundaryArn,
    tags: options.tags,
  });
  const role: RoleRef = { roleName: roleResource.name, roleArn: roleResource.arn };

  const logPolicy = attachInlinePolicy(
    scope,
    "logs-policy",
    role,
    "write-own-logs",
    policyDocument(
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroup.arn}:*`,
      },
      ...(options.tracing === false
        ? []
        : [
            {
              // X-Ray's write actions have no resource-level permissions: "*" is the only resource they accept.
              Sid: "WriteTraces",
              Effect: "Allow" as const,
              Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
              Resource: "*",
            },
          ]),
    ),
  );

  // The zip is built reproducibly with the bundle; zipping at synth would stamp file times into it.
  const asset = new TerraformAsset(scope, "bundle", { path: bundledFunctionZip(options.bundle), type: AssetType.FILE });

  const fn = new LambdaFunction(scope, "function", {
    functionName: options.functionName,
    description: options.description,
    role: role.roleArn,
    runtime: options.runtime,
    architectures: ["arm64"],
    handler: "index.handler",
    layers: [options.powertoolsLayerArn ?? powertoolsLayerArn(scope, options.region)],
    filename: asset.path,
    sourceCodeHash: Fn.filebase64sha256(asset.path),
    memorySize: options.memorySize,
    timeout: options.timeoutSeconds,
    reservedConcurrentExecutions: options.reservedConcurrency,
    environment: { variables: { ...options.environment, POWERTOOLS_SERVICE_NAME: options.bundle } },
    // Powertools already writes one JSON object per line; Text keeps Lambda from wrapping it again.
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    tracingConfig: { mode: options.tracing === false ? "PassThrough" : "Active" },
    tags: options.tags,
    dependsOn: [logGroup, logPolicy],
  });
  return { function: fn, role, logGroup, logPolicy };
}
