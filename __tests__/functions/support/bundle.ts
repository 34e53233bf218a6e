import { existsSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";

const ROOT = join(__dirname, "..", "..", "..");
const { staleBundles } = require(join(ROOT, "scripts", "functions-fingerprint.cjs")) as {
  staleBundles(root: string): string | undefined;
};

/** The bundled Lambda functions, by folder name under functions/. */
export type FunctionName = "move-upload" | "link-identities" | "sweep-oversize";

/** Where `npm run build:functions` writes a function's bundle. */
export const bundlePath = (name: FunctionName) => join(ROOT, "dist", "functions", name, "index.js");
export const BUNDLE_PATH = bundlePath("move-upload");

/**
 * Set by jest.mutation.config.js: the mutation run changes functions/ and cannot rebuild the bundles for each change,
 * so there the handler is loaded from its source, which the same tests then exercise.
 */
const fromSource = () => (globalThis as { FUNCTIONS_FROM_SOURCE?: boolean }).FUNCTIONS_FROM_SOURCE === true;

/** The handlers' sources, written out so that jest's dependency graph (which picks the tests a mutant runs) sees them. */
const SOURCES: Record<FunctionName, () => unknown> = {
  "move-upload": () => require("../../../functions/move-upload/handler"),
  "link-identities": () => require("../../../functions/link-identities/handler"),
  "sweep-oversize": () => require("../../../functions/sweep-oversize/handler"),
};

/**
 * The module of function `name` a test runs: the shipped bundle, once it is known to be built from the current sources
 * (jest's global setup rebuilds stale bundles; this guards runs that skip it), or the handler's source in a mutation
 * run. Loaded in jest's module registry, so `jest.isolateModules` gives a fresh instance.
 */
export function loadFunction<T>(name: FunctionName): T {
  if (fromSource()) return SOURCES[name]() as T;
  const path = bundlePath(name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build:functions" before these tests`);
  const stale = staleBundles(ROOT);
  if (stale !== undefined) throw new Error(`${stale}: run "npm run build:functions" before these tests`);
  return require(path) as T;
}

export type MoveHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** The shipped bundle's handler, configured by `env` (read on its first invocation). */
export function loadBundledHandler(env: Record<string, string>): MoveHandler {
  Object.assign(process.env, env);
  const bundle = loadFunction<{ handler?: MoveHandler }>("move-upload");
  if (typeof bundle.handler !== "function")
    throw new Error("the move-upload bundle does not export a handler function");
  return bundle.handler;
}

/** A fresh instance of the bundle (its own cold start), for tests that change the environment it starts with. */
export function loadFreshBundledHandler(): MoveHandler {
  let handler: MoveHandler | undefined;
  jest.isolateModules(() => {
    handler = loadFunction<{ handler: MoveHandler }>("move-upload").handler;
  });
  return handler!;
}
