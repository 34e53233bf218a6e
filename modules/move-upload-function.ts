import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, Fn, TerraformAsset, Token } from "cdktf";
import { Construct } from "constructs";
import { bundledFunctionZip } from "./bundled-function";
import { joinOrigins } from "./origins";
import { powertoolsLayerArn } from "./powertools-layer";
import { attachInlinePolicy, policyDocument, renderPolicy, RoleRef } from "./iam";
import { UploadBucketRef } from "./upload-grants";
import { requireAllowedNumber, requireIntegerInRange, requireMatch, requireOneOf } from "./validation";

/** Lambda runtimes the mover is built and tested for. `nodejs24.x` needs hashicorp/aws 6.x. */
export const MOVER_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x"] as const;
export type MoverRuntime = (typeof MOVER_RUNTIMES)[number];

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Properties of {@link MoveUploadFunction}. */
export interface MoveUploadFunctionProps {
  /** Name of the Lambda function (also names its role and log group). */
  readonly functionName: string;
  /** The bucket and prefixes the function moves between. */
  readonly bucket: UploadBucketRef;
  /** Origins whose requests get CORS headers on the function's responses. @default - none */
  readonly allowedOrigins?: string[];
  /** Largest upload, in bytes, the function accepts (1 B–5 TiB). @default 20971520 (20 MiB) */
  readonly maxUploadBytes?: number;
  /** Lambda runtime. @default "nodejs22.x" */
  readonly runtime?: MoverRuntime;
  /** Memory in MB (128–10240). @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds (3–900); API Gateway stops waiting after 29 s. @default 15 */
  readonly timeoutSeconds?: number;
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
}

const OWNER = "MoveUploadFunction";
const MIB = 1024 * 1024;

/**
 * The Lambda that moves a verified upload from `tmp/<sub>/` to `images/<sub>/`, with its own role
 * (logs only; S3 access is granted by the bucket) and a log group with a retention period.
 */
export class MoveUploadFunction extends Construct {
  public readonly function: LambdaFunction;
  /** The function's execution role, for grants. */
  public readonly role: RoleRef;
  /** Name of the function. */
  public readonly functionName: string;
  /** ARN of the function. */
  public readonly functionArn: string;
  /** ARN API Gateway invokes. */
  public readonly invokeArn: string;

  constructor(scope: Construct, id: string, props: MoveUploadFunctionProps) {
    super(scope, id);
    const runtime = props.runtime ?? "nodejs22.x";
    const memorySize = props.memorySize ?? 256;
    const timeoutSeconds = props.timeoutSeconds ?? 15;
    const maxUploadBytes = props.maxUploadBytes ?? 20 * MIB;
    const logRetentionDays = props.logRetentionDays ?? 365;

    requireMatch(OWNER, "functionName", props.functionName, /^[A-Za-z0-9_-]{1,56}$/,
      "1–56 letters, digits, '-' or '_' (the role name adds 8 characters)");
    requireOneOf(OWNER, "runtime", runtime, MOVER_RUNTIMES);
    requireIntegerInRange(OWNER, "memorySize", memorySize, 128, 10240, "MB");
    requireIntegerInRange(OWNER, "timeoutSeconds", timeoutSeconds, 3, 900, "seconds");
    requireIntegerInRange(OWNER, "maxUploadBytes", maxUploadBytes, 1, 5 * 1024 * 1024 * MIB, "bytes");
    if (props.reservedConcurrency !== undefined) {
      requireIntegerInRange(OWNER, "reservedConcurrency", props.reservedConcurrency, 1, 10000);
    }
    requireAllowedNumber(OWNER, "logRetentionDays", logRetentionDays, LOG_RETENTION_DAYS);

    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: logRetentionDays,
      tags: props.tags,
    });

    const role = new IamRole(this, "role", {
      name: `${props.functionName}-role`,
      description: `Execution role of ${props.functionName}`,
      assumeRolePolicy: renderPolicy(policyDocument({
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      })),
      tags: props.tags,
    });
    this.role = { roleName: role.name, roleArn: role.arn };

    const logPolicy = attachInlinePolicy(this, "logs-policy", this.role, "write-own-logs", policyDocument(
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroup.arn}:*`,
      },
      ...(props.tracing === false ? [] : [{
        // X-Ray's write actions have no resource-level permissions: "*" is the only resource they accept.
        Sid: "WriteTraces",
        Effect: "Allow" as const,
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        Resource: "*",
      }]),
    ));

    // The zip is built reproducibly with the bundle; zipping at synth would stamp file times into it.
    const asset = new TerraformAsset(this, "bundle", {
      path: bundledFunctionZip("move-upload"),
      type: AssetType.FILE,
    });

    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: "Moves a verified image upload from the upload prefix to the image prefix",
      role: this.role.roleArn,
      runtime,
      architectures: ["arm64"],
      handler: "index.handler",
      layers: [props.powertoolsLayerArn ?? powertoolsLayerArn(this, props.region)],
      filename: asset.path,
      sourceCodeHash: Fn.filebase64sha256(asset.path),
      memorySize,
      timeout: timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        variables: {
          BUCKET_NAME: props.bucket.bucketName,
          UPLOAD_PREFIX: props.bucket.uploadPrefix,
          IMAGE_PREFIX: props.bucket.imagePrefix,
          MAX_UPLOAD_BYTES: Token.isUnresolved(maxUploadBytes) ? Fn.tostring(maxUploadBytes) : String(maxUploadBytes),
          ALLOWED_ORIGINS: joinOrigins(props.allowedOrigins ?? []),
          POWERTOOLS_SERVICE_NAME: "move-upload",
        },
      },
      // Powertools already writes one JSON object per line; Text keeps Lambda from wrapping it again.
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      tracingConfig: { mode: props.tracing === false ? "PassThrough" : "Active" },
      tags: props.tags,
      // The log group must exist first, or Lambda creates one without retention on the first invocation.
      dependsOn: [logGroup, logPolicy],
    });
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
  }
}

