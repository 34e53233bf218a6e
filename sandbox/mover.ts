import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "./paths";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

/** The shipped mover bundle, as `npm run build:functions` writes it. */
export const MOVER_BUNDLE = join(projectRoot(), "dist", "functions", "move-upload", "index.js");

/** The mover function, hosted as Lambda would host it: its own environment, its handler called per event. */
export interface LocalFunction {
  /** Invokes the handler; rejects when it throws or runs past the function's timeout. */
  invoke(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult>;
  close(): Promise<void>;
}

// Runs in the worker: loads the bundle once (a warm Lambda environment) and answers one message per invocation.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { handler } = require(workerData.bundle);
parentPort.on("message", async ({ id, event, timeoutMs }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: workerData.functionName, functionVersion: "$LATEST", awsRequestId: id,
    invokedFunctionArn: workerData.functionArn, memoryLimitInMB: String(workerData.memoryMb),
    logGroupName: "/aws/lambda/" + workerData.functionName, logStreamName: "sandbox", callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    parentPort.postMessage({ id, result: await handler(event, context) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
`;

export interface FunctionOptions {
  readonly bundle?: string;
  /** The function's environment: its synthesized variables, endpoint and credentials. */
  readonly environment: Record<string, string>;
  readonly functionName: string;
  readonly functionArn: string;
  readonly timeoutSeconds: number;
  readonly memoryMb?: number;
  /** Receives each line the function logs; discarded by default. */
  readonly log?: (line: string) => void;
}

/** Loads the bundle in a worker thread whose `process.env` is the function's environment only. */
export async function startFunction(options: FunctionOptions): Promise<LocalFunction> {
  const bundle = options.bundle ?? MOVER_BUNDLE;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build:functions" first`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    env: options.environment,
    workerData: {
      bundle,
      functionName: options.functionName,
      functionArn: options.functionArn,
      memoryMb: options.memoryMb ?? 256,
    },
    stdout: true,
    stderr: true,
  });
  const pending = new Map<
    string,
    { resolve: (result: APIGatewayProxyResult) => void; reject: (error: Error) => void }
  >();
  const forward = (stream: NodeJS.ReadableStream) => {
    let rest = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line) options.log?.(line);
    });
  };
  forward(worker.stdout);
  forward(worker.stderr);
  worker.on("message", ({ id, result, error }: { id: string; result?: APIGatewayProxyResult; error?: string }) => {
    const waiting = pending.get(id);
    pending.delete(id);
    if (error !== undefined) waiting?.reject(new Error(error));
    else waiting?.resolve(result as APIGatewayProxyResult);
  });
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`The function's worker stopped with code ${code}`)));
  await new Promise<void>((resolve, reject) => {
    worker.once("online", () => resolve());
    worker.once("error", reject);
  });
  const timeoutMs = options.timeoutSeconds * 1000;
  return {
    invoke: (event) =>
      new Promise<APIGatewayProxyResult>((resolve, reject) => {
        const id = randomUUID();
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`Task timed out after ${options.timeoutSeconds} seconds`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        worker.postMessage({ id, event, timeoutMs });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
