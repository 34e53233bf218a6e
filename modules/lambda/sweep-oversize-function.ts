import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { BundledFunctionSettings, createBundledFunction, passedThroughSettings } from "./private/bundled-function";
import { permissionsBoundary, RoleRef } from "../private/iam";
import { MAX_UPLOAD_BYTES } from "../private/limits";
import { IUploadBucket } from "../storage/upload-bucket-base";
import { requireLimit } from "../private/validation";

/** Properties of {@link SweepOversizeFunction}. */
export interface SweepOversizeFunctionProps extends BundledFunctionSettings {
  /** Name of the Lambda function (also names its role, log group and rule). */
  readonly functionName: string;
  /** The bucket whose uploads are swept; it must send its events to EventBridge. */
  readonly bucket: IUploadBucket;
  /** Largest upload, in bytes, that is kept (the mover's limit; 1 B–5 TiB). @default 20971520 (20 MiB) */
  readonly maxUploadBytes?: number;
}

/**
 * Deletes an upload larger than the cap within seconds of its arrival, instead of letting it wait
 * for the bucket's lifecycle rule: an EventBridge rule on the default bus matches S3's
 * `Object Created` events of the upload prefix and invokes the function, which deletes an
 * oversize upload conditionally on its ETag and logs it. Its role may delete under the upload
 * prefix only, and only conditionally.
 */
export class SweepOversizeFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: RoleRef;
  /** The rule that sends the upload prefix's `Object Created` events to the function. */
  public readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: SweepOversizeFunctionProps) {
    super(scope, id);
    const maxUploadBytes = props.maxUploadBytes ?? 20 * 1024 * 1024;
    requireLimit(this, "maxUploadBytes", maxUploadBytes, MAX_UPLOAD_BYTES);
    const bundled = createBundledFunction(this, {
      bundle: "sweep-oversize",
      functionName: props.functionName,
      description: "Deletes an upload larger than the cap as soon as S3 reports it",
      runtime: props.runtime ?? "nodejs22.x",
      memorySize: 128,
      timeoutSeconds: 10,
      ...passedThroughSettings(props),
      logRetentionDays: props.logRetentionDays ?? 365,
      permissionsBoundaryArn: permissionsBoundary(this, props.permissionsBoundaryArn),
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        UPLOAD_PREFIX: props.bucket.uploadPrefix,
        MAX_UPLOAD_BYTES: Token.isUnresolved(maxUploadBytes) ? Fn.tostring(maxUploadBytes) : String(maxUploadBytes),
      },
    });
    this.function = bundled.function;
    this.role = bundled.role;
    props.bucket.grantSweep(this.role);

    // S3 sends its events to the default bus only.
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: props.functionName,
      description: "S3 Object Created under the upload prefix, for the oversize sweeper",
      eventPattern: JSON.stringify({
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: [{ prefix: props.bucket.uploadPrefix }] },
        },
      }),
      tags: props.tags,
    });
    new CloudwatchEventTarget(this, "target", { rule: this.rule.name, targetId: "sweep", arn: this.function.arn });
    new LambdaPermission(this, "permission", {
      statementId: "AllowObjectCreatedRule",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
  }
}
