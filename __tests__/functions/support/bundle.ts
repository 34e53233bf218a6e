import { existsSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";

export const BUNDLE_PATH = join(__dirname, "..", "..", "..", "dist", "functions", "move-upload", "index.js");

export type MoveHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/**
 * The shipped bundle's handler, configured by `env` (read on its first invocation). `npm test` builds the bundle
 * before jest runs; run `npm run build:functions` first when running jest alone.
 */
export function loadBundledHandler(env: Record<string, string>): MoveHandler {
  if (!existsSync(BUNDLE_PATH)) {
    throw new Error(`${BUNDLE_PATH} is missing: run "npm run build:functions" before these tests`);
  }
  Object.assign(process.env, env);
  const bundle = require(BUNDLE_PATH) as { handler?: MoveHandler };
  if (typeof bundle.handler !== "function") throw new Error(`${BUNDLE_PATH} does not export a handler function`);
  return bundle.handler;
}

/** A fresh instance of the bundle (its own cold start), for tests that change the environment it starts with. */
export function loadFreshBundledHandler(): MoveHandler {
  let handler: MoveHandler | undefined;
  jest.isolateModules(() => {
    handler = (require(BUNDLE_PATH) as { handler: MoveHandler }).handler;
  });
  return handler!;
}
