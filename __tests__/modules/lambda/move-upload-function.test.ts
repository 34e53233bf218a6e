import { TerraformVariable } from "cdktf";
import { MoveUploadFunction, MoveUploadFunctionProps } from "../../../modules/lambda/move-upload-function";
import { onlyResource, parsePolicy, synthOf } from "../../support/synth";

const bucket = {
  bucketName: "photos-bucket",
  bucketArn: "arn:aws:s3:::photos-bucket",
  uploadPrefix: "tmp/",
  imagePrefix: "images/",
};
const allowedClientIds = ["4tq8example3webclient0abcd"];
const synthMover = (props: Partial<MoveUploadFunctionProps> = {}) =>
  synthOf(
    (stack) =>
      new MoveUploadFunction(stack, "mover", {
        functionName: "photos-move-upload",
        bucket,
        allowedClientIds,
        ...props,
      }),
  );

describe("MoveUploadFunction", () => {
  describe("by default", () => {
    const { tf } = synthMover();
    const fn = onlyResource(tf, "aws_lambda_function");

    test("runs the bundled handler on nodejs22.x with a hash that follows the bundle", () => {
      expect(fn).toEqual(
        expect.objectContaining({ runtime: "nodejs22.x", handler: "index.handler", architectures: ["arm64"] }),
      );
      expect(fn.filename).toMatch(/^assets\/mover_bundle_\w+\/[0-9A-F]+\/move-upload\.zip$/);
      expect(fn.source_code_hash).toBe(`\${filebase64sha256("${fn.filename}")}`);
    });

    test("configures the contract's environment and nothing secret", () => {
      expect(fn.environment.variables).toEqual({
        BUCKET_NAME: "photos-bucket",
        UPLOAD_PREFIX: "tmp/",
        IMAGE_PREFIX: "images/",
        MAX_UPLOAD_BYTES: String(20 * 1024 * 1024),
        ALLOWED_ORIGINS: "",
        ALLOWED_CLIENT_IDS: "4tq8example3webclient0abcd",
        POWERTOOLS_SERVICE_NAME: "move-upload",
      });
    });

    test("sizes the function for a server-side move and leaves concurrency unreserved", () => {
      expect(fn.memory_size).toBe(256);
      // Under API Gateway's 29 s integration timeout, so a slow move ends as the function's own 500.
      expect(fn.timeout).toBe(15);
      expect(fn.reserved_concurrent_executions).toBeUndefined();
      expect(fn.tracing_config).toEqual({ mode: "Active" });
    });

    test("takes Powertools from AWS's layer in the provider's region", () => {
      expect(fn.layers).toEqual([
        expect.stringMatching(
          /^arn:aws:lambda:\$\{data\.aws_region\.[\w-]+\.name\}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:\d+$/,
        ),
      ]);
    });

    test("logs to its own log group, created first and kept for a year", () => {
      const logGroup = onlyResource(tf, "aws_cloudwatch_log_group");
      expect(logGroup).toEqual(
        expect.objectContaining({ name: "/aws/lambda/photos-move-upload", retention_in_days: 365 }),
      );
      expect(fn.logging_config).toEqual({
        log_format: "Text",
        log_group: expect.stringMatching(/aws_cloudwatch_log_group\.[\w-]+\.name/),
      });
      expect(fn.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
    });

    test("has a role only Lambda may assume, allowed to write only its own logs and traces", () => {
      const role = onlyResource(tf, "aws_iam_role");
      expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
      const statements = parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement;
      expect(statements[0]).toEqual(
        expect.objectContaining({
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/),
        }),
      );
      expect(statements[1]).toEqual(
        expect.objectContaining({ Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }),
      );
      expect(statements).toHaveLength(2);
    });
  });

  test("passes configured limits, origins and runtime through", () => {
    const fn = onlyResource(
      synthMover({
        runtime: "nodejs24.x",
        memorySize: 1024,
        timeoutSeconds: 120,
        maxUploadBytes: 1000,
        reservedConcurrency: 5,
        allowedOrigins: ["https://a.example.com", "https://b.example.com"],
        tracing: false,
      }).tf,
      "aws_lambda_function",
    );
    expect(fn).toEqual(
      expect.objectContaining({
        runtime: "nodejs24.x",
        memory_size: 1024,
        timeout: 120,
        reserved_concurrent_executions: 5,
      }),
    );
    expect(fn.environment.variables).toEqual(
      expect.objectContaining({
        MAX_UPLOAD_BYTES: "1000",
        ALLOWED_ORIGINS: "https://a.example.com,https://b.example.com",
      }),
    );
    expect(fn.tracing_config).toEqual({ mode: "PassThrough" });
  });

  test("tells the function every app client it serves, comma-separated", () => {
    const fn = onlyResource(
      synthMover({ allowedClientIds: ["webclient1", "mobile+client_2"] }).tf,
      "aws_lambda_function",
    );
    expect(fn.environment.variables.ALLOWED_CLIENT_IDS).toBe("webclient1,mobile+client_2");
  });

  test("joins client ids known only to Terraform in Terraform", () => {
    const { tf } = synthOf((stack) => {
      const clients = new TerraformVariable(stack, "client_ids", { type: "list(string)" });
      new MoveUploadFunction(stack, "mover", {
        functionName: "photos-move-upload",
        bucket,
        allowedClientIds: clients.listValue,
      });
    });
    expect(onlyResource(tf, "aws_lambda_function").environment.variables.ALLOWED_CLIENT_IDS).toBe(
      '${join(",", var.client_ids)}',
    );
  });

  test("uses the Powertools layer of a given region, or a given layer", () => {
    expect(onlyResource(synthMover({ region: "eu-west-1" }).tf, "aws_lambda_function").layers).toEqual([
      expect.stringMatching(/^arn:aws:lambda:eu-west-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:\d+$/),
    ]);
    const own = "arn:aws:lambda:eu-west-1:111122223333:layer:powertools:3";
    expect(onlyResource(synthMover({ powertoolsLayerArn: own }).tf, "aws_lambda_function").layers).toEqual([own]);
  });

  test("drops the X-Ray statement when tracing is off", () => {
    const { tf } = synthMover({ tracing: false });
    expect(parsePolicy(onlyResource(tf, "aws_iam_role_policy").policy).Statement).toHaveLength(1);
  });

  describe("rejects invalid props, naming the prop", () => {
    test.each<[string, Partial<MoveUploadFunctionProps>, RegExp]>([
      [
        "an unknown runtime",
        { runtime: "nodejs18.x" as never },
        /runtime must be one of "nodejs22.x", "nodejs24.x", got "nodejs18.x"/,
      ],
      ["too little memory", { memorySize: 64 }, /memorySize must be a whole number from 128 to 10240 MB/],
      [
        "a timeout over 15 minutes",
        { timeoutSeconds: 901 },
        /timeoutSeconds must be a whole number from 3 to 900 seconds/,
      ],
      ["a zero upload limit", { maxUploadBytes: 0 }, /maxUploadBytes must be a whole number from 1/],
      ["a zero reserved concurrency", { reservedConcurrency: 0 }, /reservedConcurrency must be a whole number from 1/],
      ["an unsupported log retention", { logRetentionDays: 2 }, /logRetentionDays must be one of/],
      ["a function name with a space", { functionName: "move upload" }, /functionName must be 1–59 letters/],
      ["no allowed app client", { allowedClientIds: [] }, /allowedClientIds must list at least one app client id/],
      [
        "an allowed app client that is a wildcard",
        { allowedClientIds: ["webclient1", "*"] },
        /allowedClientIds\[1\] must be an app client id \(1–128 letters, digits, '_' or '\+'\), got "\*"/,
      ],
      [
        "an allowed app client id with a hyphen",
        { allowedClientIds: ["web-client"] },
        /allowedClientIds\[0\] must be an app client id/,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthMover(props)).toThrow(message);
    });
  });
});
