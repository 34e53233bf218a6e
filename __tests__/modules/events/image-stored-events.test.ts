import { ImageUploads } from "../../../modules/stack/image-uploads";
import { IMAGE_STORED_DETAIL_TYPE, IMAGE_STORED_SOURCE } from "../../../modules/events/image-stored-events";
import {
  IMAGE_STORED_DETAIL_TYPE as EMITTED_DETAIL_TYPE,
  IMAGE_STORED_SOURCE as EMITTED_SOURCE,
} from "../../../functions/move-upload/events";
import { defaultConfig, fullConfig } from "../../support/configs";
import { inlinePoliciesOf, logicalName, resourcesOf, synthOf, synthStack, moverFunctionOf } from "../../support/synth";

const BUS = "arn:aws:events:us-east-1:111122223333:event-bus/media";
const uploads = (
  stack: Parameters<Parameters<typeof synthOf>[0]>[0],
  extra: Partial<ConstructorParameters<typeof ImageUploads>[2]> = {},
) =>
  new ImageUploads(stack, "uploads", {
    region: "us-east-1",
    userPool: { domainPrefix: "events-test", callbackUrls: ["https://app.example.com/"] },
    allowedOrigins: ["https://app.example.com"],
    ...extra,
  });

describe("Image Stored events", () => {
  test("the construct and the function agree on the contract's source and detail-type", () => {
    expect([IMAGE_STORED_SOURCE, IMAGE_STORED_DETAIL_TYPE]).toEqual([EMITTED_SOURCE, EMITTED_DETAIL_TYPE]);
    expect(IMAGE_STORED_SOURCE).not.toMatch(/^aws\./);
  });

  test("by default the mover puts events on the default bus, and may put them on that bus's ARN only", () => {
    const { tf } = synthStack(defaultConfig);
    const mover = moverFunctionOf(tf);
    expect(mover.environment.variables.EVENT_BUS_NAME).toBe("default");
    const moverRole = logicalName(tf, "aws_iam_role", "mover");
    const statements = inlinePoliciesOf(tf, moverRole).flatMap((policy) => policy.Statement);
    const putEvents = statements.filter((statement) => [statement.Action].flat().some((a) => a.startsWith("events:")));
    const arnData = Object.keys((tf.data as Record<string, Record<string, unknown>>).aws_arn)[0];
    expect(putEvents).toEqual([
      {
        Sid: "PutImageStoredEvents",
        Effect: "Allow",
        Action: "events:PutEvents",
        Resource: `arn:\${data.aws_arn.${arnData}.partition}:events:\${data.aws_arn.${arnData}.region}:\${data.aws_arn.${arnData}.account}:event-bus/default`,
        Condition: { StringEquals: { "events:source": "cognito-uploads", "events:detail-type": "Image Stored" } },
      },
    ]);
    // The default bus's account and region come from the mover's own ARN: no aws_caller_identity, no AWS call.
    expect((tf.data as Record<string, Record<string, { arn: string }>>).aws_arn[arnData].arn).toMatch(
      /aws_lambda_function\..*\.arn/,
    );
    expect(tf.data).not.toHaveProperty("aws_caller_identity");
  });

  test("a named bus is where the mover puts events, and the only bus its role may put them on", () => {
    const { tf } = synthStack(fullConfig);
    expect(moverFunctionOf(tf).environment.variables.EVENT_BUS_NAME).toBe(fullConfig.eventBusArn);
    const statements = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "mover")).flatMap((p) => p.Statement);
    expect(statements.filter((s) => s.Action === "events:PutEvents").map((s) => s.Resource)).toEqual([
      fullConfig.eventBusArn,
    ]);
  });

  test("onImageStored wires a Lambda function with one rule on the bus, one target and a permission for that rule only", () => {
    const { tf } = synthOf((stack) => {
      const flow = uploads(stack, { eventBusArn: BUS });
      flow.onImageStored("thumbnails", { lambdaFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:thumbs" });
    });
    const rule = resourcesOf(tf, "aws_cloudwatch_event_rule")[
      logicalName(tf, "aws_cloudwatch_event_rule", "thumbnails")
    ];
    expect(rule.name).toBe("image-uploads-thumbnails");
    expect(rule.event_bus_name).toBe(BUS);
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["cognito-uploads"],
      "detail-type": ["Image Stored"],
      detail: { bucket: [expect.stringMatching(/^\$\{aws_s3_bucket\..*\.bucket\}$/)] },
    });
    const ruleName = logicalName(tf, "aws_cloudwatch_event_rule", "thumbnails");
    expect(
      resourcesOf(tf, "aws_cloudwatch_event_target")[logicalName(tf, "aws_cloudwatch_event_target", "thumbnails")],
    ).toEqual(
      expect.objectContaining({
        arn: "arn:aws:lambda:us-east-1:111122223333:function:thumbs",
        event_bus_name: BUS,
        rule: `\${aws_cloudwatch_event_rule.${ruleName}.name}`,
      }),
    );
    const permissions = Object.entries(resourcesOf(tf, "aws_lambda_permission"))
      .filter(([name, p]) => p.principal === "events.amazonaws.com" && !name.includes("sweeper"))
      .map(([, p]) => p);
    expect(permissions).toEqual([
      expect.objectContaining({
        function_name: "arn:aws:lambda:us-east-1:111122223333:function:thumbs",
        source_arn: `\${aws_cloudwatch_event_rule.${ruleName}.arn}`,
        action: "lambda:InvokeFunction",
      }),
    ]);
  });

  test("onImageStored starts a state machine through the given role, and sends to a queue with no permission of its own", () => {
    const { tf } = synthOf((stack) => {
      const flow = uploads(stack);
      flow.onImageStored("catalogue", {
        stateMachineArn: "arn:aws:states:us-east-1:111122223333:stateMachine:catalogue",
        roleArn: "arn:aws:iam::111122223333:role/events-start-catalogue",
      });
      flow.onImageStored("notify", { queueArn: "arn:aws:sqs:us-east-1:111122223333:notify" });
    });
    const targets = Object.entries(resourcesOf(tf, "aws_cloudwatch_event_target"))
      .filter(([name]) => !name.includes("sweeper"))
      .map(([, target]) => target);
    expect(targets.map((t) => [t.arn, t.role_arn, t.event_bus_name])).toEqual([
      [
        "arn:aws:states:us-east-1:111122223333:stateMachine:catalogue",
        "arn:aws:iam::111122223333:role/events-start-catalogue",
        "default",
      ],
      ["arn:aws:sqs:us-east-1:111122223333:notify", undefined, "default"],
    ]);
    expect(
      Object.entries(resourcesOf(tf, "aws_lambda_permission")).filter(
        ([name, p]) => p.principal === "events.amazonaws.com" && !name.includes("sweeper"),
      ),
    ).toEqual([]);
  });

  test.each([
    ["eventBusArn", { eventBusArn: "arn:aws:sns:us-east-1:111122223333:topic" }, /eventBusArn.*event bus ARN/],
  ])("refuses a malformed %s, naming the prop", (_, extra, message) => {
    expect(() => synthOf((stack) => uploads(stack, extra))).toThrow(message);
  });

  test("refuses a rule id EventBridge cannot name a rule with", () => {
    expect(() =>
      synthOf((stack) =>
        uploads(stack).onImageStored("thumb nails", { queueArn: "arn:aws:sqs:us-east-1:111122223333:q" }),
      ),
    ).toThrow(/onImageStored id/);
  });
});
