import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsArn } from "@cdktf/provider-aws/lib/data-aws-arn";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { attachInlinePolicy, freePolicyName, policyDocument, RoleRef } from "../private/iam";
import { EVENT_BUS_ARN, EVENT_RULE_ID } from "../private/limits";
import { fail, requireLimit } from "../private/validation";

/** `source` of every event this library puts: stable, part of the contract in docs/events.md. */
export const IMAGE_STORED_SOURCE = "cognito-uploads";
/** `detail-type` of the event the mover puts after it stored an image. */
export const IMAGE_STORED_DETAIL_TYPE = "Image Stored";

/** What an `Image Stored` rule invokes: a Lambda function, an SQS queue, or a Step Functions state machine. */
export type ImageStoredTarget =
  | {
      /** ARN of the function; a permission for this rule to invoke it is created. */
      readonly lambdaFunctionArn: string;
    }
  | {
      /** ARN of the queue. Its queue policy must let `events.amazonaws.com` send messages from this rule (docs/events.md). */
      readonly queueArn: string;
    }
  | {
      /** ARN of the state machine. */
      readonly stateMachineArn: string;
      /** Role EventBridge assumes to start an execution (`states:StartExecution` on the machine). */
      readonly roleArn: string;
    };

/** Properties of {@link ImageStoredEvents}. */
export interface ImageStoredEventsProps {
  /** Stem of the rules' names. */
  readonly namePrefix: string;
  /** Bucket whose images the events announce; rules match only its events. */
  readonly bucketName: string;
  /** ARN of the bus the events go to. @default - the account's default bus in the publisher's region */
  readonly eventBusArn?: string;
  /** ARN of a resource of the publisher (its Lambda function), whose account and region name the default bus. */
  readonly publisherArn: string;
  /** Tags for the rules. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * The `Image Stored` events of one upload flow: the bus they go to, the pattern that matches them,
 * the grant that lets a publisher put them (and nothing else, on no other bus), and one-call rules
 * for consumers. The default bus's ARN is parsed from the publisher's ARN, so no AWS call is needed
 * at plan time.
 */
export class ImageStoredEvents extends Construct {
  /** What PutEvents and rules take as the bus: the given ARN, or `default`. */
  public readonly eventBusName: string;
  /** ARN of the bus. */
  public readonly eventBusArn: string;
  /** The event pattern (JSON) that matches this flow's `Image Stored` events and no other bucket's. */
  public readonly eventPattern: string;
  private readonly namePrefix: string;
  private readonly tags?: Record<string, string>;

  constructor(scope: Construct, id: string, props: ImageStoredEventsProps) {
    super(scope, id);
    if (props.eventBusArn !== undefined) requireLimit(this, "eventBusArn", props.eventBusArn, EVENT_BUS_ARN);
    this.namePrefix = props.namePrefix;
    this.tags = props.tags;
    if (props.eventBusArn !== undefined) {
      this.eventBusArn = props.eventBusArn;
      this.eventBusName = props.eventBusArn;
    } else {
      // Parsing an ARN is local to the provider: no AWS call at plan time, unlike aws_caller_identity.
      const publisher = new DataAwsArn(this, "publisher-arn", { arn: props.publisherArn });
      this.eventBusArn = `arn:${publisher.partition}:events:${publisher.region}:${publisher.account}:event-bus/default`;
      this.eventBusName = "default";
    }
    this.eventPattern = JSON.stringify({
      source: [IMAGE_STORED_SOURCE],
      "detail-type": [IMAGE_STORED_DETAIL_TYPE],
      detail: { bucket: [props.bucketName] },
    });
  }

  /**
   * Lets `role` put `Image Stored` events on this bus and nothing else: one action, one bus, and
   * only with this library's source and detail-type.
   */
  public grantPutEvents(role: RoleRef): IamRolePolicy {
    return attachInlinePolicy(
      this,
      "put-events-policy",
      role,
      freePolicyName(this, role, "put-image-stored-events"),
      policyDocument({
        Sid: "PutImageStoredEvents",
        Effect: "Allow",
        Action: "events:PutEvents",
        Resource: this.eventBusArn,
        Condition: {
          StringEquals: { "events:source": IMAGE_STORED_SOURCE, "events:detail-type": IMAGE_STORED_DETAIL_TYPE },
        },
      }),
    );
  }

  /**
   * A rule on the bus that sends each `Image Stored` event of this flow to `target`; for a Lambda
   * function it also lets this rule (and only it) invoke the function. `id` names the rule
   * (`<namePrefix>-<id>`).
   */
  public onImageStored(id: string, target: ImageStoredTarget): CloudwatchEventRule {
    requireLimit(this, "onImageStored id", id, EVENT_RULE_ID);
    const name = `${this.namePrefix}-${id}`;
    if (!Token.isUnresolved(name) && name.length > 64) {
      fail(this, "onImageStored id", `makes the rule name "${name}" longer than EventBridge's 64 characters`);
    }
    const rule = new CloudwatchEventRule(this, `${id}-rule`, {
      name,
      description: `Sends ${IMAGE_STORED_DETAIL_TYPE} events of ${this.namePrefix} to ${id}`,
      eventBusName: this.eventBusName,
      eventPattern: this.eventPattern,
      tags: this.tags,
    });
    const common = { rule: rule.name, eventBusName: this.eventBusName, targetId: id };
    if ("lambdaFunctionArn" in target) {
      new CloudwatchEventTarget(this, `${id}-target`, { ...common, arn: target.lambdaFunctionArn });
      new LambdaPermission(this, `${id}-permission`, {
        statementId: `${this.namePrefix}-image-stored-${id}`.slice(0, 100),
        action: "lambda:InvokeFunction",
        functionName: target.lambdaFunctionArn,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      });
    } else if ("queueArn" in target) {
      new CloudwatchEventTarget(this, `${id}-target`, { ...common, arn: target.queueArn });
    } else {
      new CloudwatchEventTarget(this, `${id}-target`, {
        ...common,
        arn: target.stateMachineArn,
        roleArn: target.roleArn,
      });
    }
    return rule;
  }
}
