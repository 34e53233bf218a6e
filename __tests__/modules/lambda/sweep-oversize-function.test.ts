import { defaultConfig, existingResourcesConfig, fullConfig } from "../../support/configs";
import { inlinePoliciesOf, logicalName, onlyResource, resourcesOf, synthStack } from "../../support/synth";

const sweeperOf = (tf: ReturnType<typeof synthStack>["tf"]) =>
  Object.values(resourcesOf(tf, "aws_lambda_function")).filter((f) =>
    String(f.function_name).endsWith("-sweep-oversize"),
  );

describe("the oversize sweeper", () => {
  const { tf } = synthStack(defaultConfig);

  test("the created bucket sends its events to EventBridge, once", () => {
    expect(onlyResource(tf, "aws_s3_bucket_notification")).toEqual(
      expect.objectContaining({ eventbridge: true, bucket: expect.stringMatching(/^\$\{aws_s3_bucket\..*\.id\}$/) }),
    );
  });

  test("a rule on the default bus sends S3's Object Created events of the upload prefix of this bucket to the sweeper", () => {
    const rule = resourcesOf(tf, "aws_cloudwatch_event_rule")[logicalName(tf, "aws_cloudwatch_event_rule")];
    expect(rule.event_bus_name).toBeUndefined();
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: {
        bucket: { name: [expect.stringMatching(/^\$\{aws_s3_bucket\..*\.bucket\}$/)] },
        object: { key: [{ prefix: "tmp/" }] },
      },
    });
    const ruleName = logicalName(tf, "aws_cloudwatch_event_rule");
    const functionName = logicalName(tf, "aws_lambda_function", "sweeper");
    expect(onlyResource(tf, "aws_cloudwatch_event_target").arn).toBe(`\${aws_lambda_function.${functionName}.arn}`);
    const permission = Object.values(resourcesOf(tf, "aws_lambda_permission")).find(
      (p) => p.principal === "events.amazonaws.com",
    );
    expect(permission?.source_arn).toBe(`\${aws_cloudwatch_event_rule.${ruleName}.arn}`);
  });

  test("deletes above the mover's own limit and knows the bucket and prefix", () => {
    const [full] = sweeperOf(synthStack(fullConfig).tf);
    expect(full.environment.variables).toEqual(
      expect.objectContaining({ MAX_UPLOAD_BYTES: String(10 * 1024 ** 3), UPLOAD_PREFIX: "incoming/" }),
    );
    const [sweeper] = sweeperOf(tf);
    expect(sweeper.environment.variables.MAX_UPLOAD_BYTES).toBe(String(20 * 1024 * 1024));
  });

  test("its role may delete under the upload prefix only, and only with If-Match", () => {
    const statements = inlinePoliciesOf(tf, logicalName(tf, "aws_iam_role", "sweeper")).flatMap((p) => p.Statement);
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
    expect(s3).toEqual([
      expect.objectContaining({
        Action: "s3:DeleteObject",
        Resource: expect.stringMatching(/\.arn\}\/tmp\/\*$/),
        Condition: { Null: { "s3:if-match": "false" } },
      }),
      expect.objectContaining({ Action: "s3:GetObject", Resource: expect.stringMatching(/\.arn\}\/tmp\/\*$/) }),
    ]);
  });

  test("with an estate's bucket there is no sweeper and no notification: the bucket's notifications are the estate's", () => {
    const existing = synthStack(existingResourcesConfig).tf;
    expect(sweeperOf(existing)).toEqual([]);
    expect(resourcesOf(existing, "aws_s3_bucket_notification")).toEqual({});
    expect(resourcesOf(existing, "aws_cloudwatch_event_rule")).toEqual({});
  });
});
