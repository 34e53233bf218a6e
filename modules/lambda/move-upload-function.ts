import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import {
  BundledFunctionSettings,
  createBundledFunction,
  passedThroughSettings,
  FUNCTION_RUNTIMES,
  FunctionRuntime,
  LOG_RETENTION_DAYS,
} from "./private/bundled-function";
import { permissionsBoundary, RoleRef } from "../private/iam";
import { APP_CLIENT_ID, DEFAULT_FUNCTION_RUNTIME, MAX_UPLOAD_BYTES, ORIGIN } from "../private/limits";
import { joinOrigins } from "../api/private/origins";
import { UploadBucketRef } from "../storage/upload-bucket-base";
import { fail, requireEach, requireLimit } from "../private/validation";

/** Lambda runtimes the mover is built and tested for. `nodejs24.x` needs hashicorp/aws 6.x. */
export const MOVER_RUNTIMES = FUNCTION_RUNTIMES;
export type MoverRuntime = FunctionRuntime;
export { LOG_RETENTION_DAYS };

/** Properties of {@link MoveUploadFunction}. */
export interface MoveUploadFunctionProps extends BundledFunctionSettings {
  /** Name of the Lambda function (also names its role and log group). */
  readonly functionName: string;
  /** The bucket and prefixes the function moves between. */
  readonly bucket: UploadBucketRef;
  /**
   * Ids of the app clients whose users the API serves: an id token issued to any other client of the pool
   * (its `aud`) is refused with 403. At least one; Cognito's form, 1–128 letters, digits, `_` or `+`.
   */
  readonly allowedClientIds: string[];
  /** Origins whose requests get CORS headers on the function's responses. @default - none */
  readonly allowedOrigins?: string[];
  /** Largest upload, in bytes, the function accepts (1 B–5 TiB). @default 20971520 (20 MiB) */
  readonly maxUploadBytes?: number;
  /** Memory in MB (128–10240). @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds (3–900); API Gateway stops waiting after 29 s. @default 15 */
  readonly timeoutSeconds?: number;
  /**
   * EventBridge bus (a name, or an ARN) the function puts an `Image Stored` event on after each move
   * that stores an image (docs/events.md); the role needs `events:PutEvents` on it
   * (see `ImageStoredEvents.grantPutEvents`). @default - no events
   */
  readonly eventBusName?: string;
  /**
   * Move only uploads that GuardDuty Malware Protection for S3 tagged `NO_THREATS_FOUND`
   * (docs/events.md); the role then needs to read the uploads' tags (`grantScanResultReads`). @default false
   */
  readonly malwareScanning?: boolean;
}

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
    const runtime = props.runtime ?? DEFAULT_FUNCTION_RUNTIME;
    const memorySize = props.memorySize ?? 256;
    const timeoutSeconds = props.timeoutSeconds ?? 15;
    const maxUploadBytes = props.maxUploadBytes ?? 20 * MIB;
    const logRetentionDays = props.logRetentionDays ?? 365;
    requireLimit(this, "maxUploadBytes", maxUploadBytes, MAX_UPLOAD_BYTES);
    requireEach(this, "allowedOrigins", props.allowedOrigins ?? [], ORIGIN);
    requireClientIds(this, props.allowedClientIds);
    const permissionsBoundaryArn = permissionsBoundary(this, props.permissionsBoundaryArn);

    const bundled = createBundledFunction(this, {
      bundle: "move-upload",
      functionName: props.functionName,
      description: "Moves a verified image upload from the upload prefix to the image prefix",
      runtime,
      memorySize,
      timeoutSeconds,
      ...passedThroughSettings(props),
      logRetentionDays,
      permissionsBoundaryArn,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        UPLOAD_PREFIX: props.bucket.uploadPrefix,
        IMAGE_PREFIX: props.bucket.imagePrefix,
        MAX_UPLOAD_BYTES: Token.isUnresolved(maxUploadBytes) ? Fn.tostring(maxUploadBytes) : String(maxUploadBytes),
        ALLOWED_ORIGINS: joinOrigins(props.allowedOrigins ?? []),
        ALLOWED_CLIENT_IDS: Token.isUnresolved(props.allowedClientIds)
          ? Fn.join(",", props.allowedClientIds)
          : props.allowedClientIds.join(","),
        ...(props.eventBusName !== undefined ? { EVENT_BUS_NAME: props.eventBusName } : {}),
        ...(props.malwareScanning === true ? { MALWARE_SCANNING: "true" } : {}),
      },
    });
    this.function = bundled.function;
    this.role = bundled.role;
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
  }
}

/** An empty list would leave the function refusing every request, so it is caught here rather than at run time. */
function requireClientIds(scope: Construct, clientIds: string[]): void {
  if (Token.isUnresolved(clientIds)) return;
  if (!Array.isArray(clientIds) || clientIds.length === 0) {
    fail(scope, "allowedClientIds", "must list at least one app client id whose users the API serves");
  }
  clientIds.forEach((clientId, index) => {
    requireLimit(scope, `allowedClientIds[${index}]`, clientId, APP_CLIENT_ID);
  });
}
