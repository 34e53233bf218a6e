import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { configSourcesFromEnv, loadConfig, type UploadsConfig } from "../modules/stack/config";
import { frontendConfigFromOutputs, type TerraformOutputs } from "../modules/stack/frontend-config";
import type { TerraformJson } from "../modules/rules";
import { startApi, type LocalApi } from "./api";
import { startBucket, type GateDecision, type LocalBucket } from "./bucket";
import { sandboxFrontendConfigSchema, type SandboxFrontendConfig } from "./frontend-config";
import type { LocalServer } from "./http";
import { startIdentityPool } from "./identity";
import { startFunction } from "./mover";
import { SessionStore } from "./sessions";
import { stackFactsOf, type StackFacts } from "./stack-facts";
import { synthesizeTerraform } from "./synthesize";
import { tokenVerifiers } from "./tokens";
import { startUserPool, type LocalUserPool } from "./user-pool";
import { cachedWebApp, startWeb, webOriginOf } from "./web";

/** Where `npm run sandbox` writes the frontend configuration, relative to the working folder. */
export const DEFAULT_CONFIG_PATH = join(".sandbox", "uploads-config.json");

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** The stack's configuration. @default - the current one (`UPLOADS_CONFIG`, `UPLOADS_CONFIG_JSON`, else the default) */
  readonly config?: UploadsConfig;
  /** An already synthesized cdk.tf.json to run instead of synthesizing `config`. @default - synthesized from `config` */
  readonly terraform?: TerraformJson;
  /** Serve the example web app on the stack's local allowed origin. @default true */
  readonly web?: boolean;
  /** Fixed ports; each defaults to a free one. */
  readonly ports?: {
    readonly userPool?: number;
    readonly identity?: number;
    readonly s3?: number;
    readonly api?: number;
  };
  /** Where to write the frontend configuration. @default - not written */
  readonly configPath?: string;
  /** Receives the mover's log lines and the gate's refusals. @default - discarded */
  readonly log?: (line: string) => void;
  /** The mover bundle to run. @default dist/functions/move-upload/index.js */
  readonly moverBundle?: string;
}

/** A running sandbox. */
export interface Sandbox {
  readonly facts: StackFacts;
  readonly frontendConfig: SandboxFrontendConfig;
  readonly userPool: LocalUserPool;
  readonly bucket: LocalBucket;
  readonly sessions: SessionStore;
  /** The example web app, when served. */
  readonly webUrl?: string;
  /** Every decision the IAM gate made. */
  readonly decisions: GateDecision[];
  /** Creates a confirmed user with a verified email and a permanent password. */
  createUser(email: string, password: string): Promise<void>;
  /** Stops every server and removes the sandbox's data. */
  close(): Promise<void>;
}

/**
 * Starts the whole stack on 127.0.0.1 from its synthesized Terraform: the user pool (cognito-local), the identity
 * pool stand-in, the bucket behind the IAM gate, the REST API with the shipped mover, and optionally the web app.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const terraform = options.terraform ?? synthesizeTerraform(options.config ?? loadConfig(configSourcesFromEnv()));
  const region = String(
    (terraform.provider as { aws?: Array<{ region?: string }> } | undefined)?.aws?.[0]?.region ?? "us-east-1",
  );
  const facts = stackFactsOf(terraform, {
    userPoolId: `${region}_Sandbox01`,
    identityPoolId: `${region}:5a4d0b0c-0000-4000-8000-000000000001`,
    bucketSuffix: "sandbox",
  });
  const directory = mkdtempSync(join(tmpdir(), "uploads-sandbox-"));
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const item of started.reverse()) await item.close().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  };
  const log = options.log ?? (() => undefined);
  try {
    const sessions = new SessionStore();
    const moverRole = facts.access.roles.mover;
    if (!moverRole) throw new Error("The synthesized stack has no mover role");
    const functionName = facts.mover.environment.POWERTOOLS_SERVICE_NAME ?? "move-upload";
    const moverSession = sessions.issue("mover", functionName, {}, 12 * 3600);
    // Independent parts start together; each one that starts is closed again if another fails.
    const webOrigin = options.web === false ? undefined : webOriginOf(facts);
    const webApp = webOrigin ? cachedWebApp() : undefined;
    const bucketStart = startBucket(facts, sessions, {
      directory: join(directory, "s3"),
      port: options.ports?.s3,
      onDecision: (decision) => {
        if (decision.decision !== "Allowed")
          log(
            `gate: ${decision.status} ${decision.operation} ${decision.action ?? ""} ${decision.resource ?? ""} (${decision.decision}, ${decision.role ?? "no session"})`,
          );
      },
    });
    const moverStart = bucketStart.then((bucket) =>
      startFunction({
        bundle: options.moverBundle,
        environment: {
          // No EventBridge runs here: the mover puts no Image Stored events (they are tested against a stand-in).
          ...Object.fromEntries(Object.entries(facts.mover.environment).filter(([name]) => name !== "EVENT_BUS_NAME")),
          AWS_REGION: region,
          AWS_ENDPOINT_URL_S3: bucket.endpoint,
          S3_FORCE_PATH_STYLE: "true",
          AWS_ACCESS_KEY_ID: moverSession.accessKeyId,
          AWS_SECRET_ACCESS_KEY: moverSession.secretAccessKey,
          AWS_SESSION_TOKEN: moverSession.sessionToken,
          AWS_LAMBDA_FUNCTION_NAME: functionName,
          AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
        },
        functionName,
        functionArn: `arn:aws:lambda:${region}:${facts.access.values.account}:function:${functionName}`,
        timeoutSeconds: facts.mover.timeoutSeconds,
        log: (line) => log(`mover: ${line}`),
      }),
    );
    const userPoolStart = startUserPool(facts, join(directory, "cognito"), options.ports?.userPool);
    const results = await Promise.allSettled([
      bucketStart,
      moverStart,
      userPoolStart,
      webApp ?? Promise.resolve(undefined),
    ]);
    for (const result of results.slice(0, 3))
      if (result.status === "fulfilled") started.push(result.value as { close(): Promise<void> });
    const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failure) throw failure.reason;
    const [bucket, mover, userPool] = [await bucketStart, await moverStart, await userPoolStart];
    const verifiers = tokenVerifiers(userPool);

    const identity: LocalServer = await track(
      started,
      startIdentityPool(facts, verifiers, sessions, options.ports?.identity),
    );
    const api: LocalApi = await track(started, startApi(facts, verifiers, mover, options.ports?.api));

    const frontendConfig = frontendConfigOf(terraform, facts, {
      userPool: userPool.endpoint,
      identity: identity.url,
      s3: bucket.endpoint,
      api: api.stageUrl,
    });
    if (options.configPath) {
      mkdirSync(dirname(options.configPath), { recursive: true });
      writeFileSync(options.configPath, `${JSON.stringify(frontendConfig, null, 2)}\n`);
    }
    let webUrl: string | undefined;
    if (webOrigin && webApp) {
      const web = await track(started, startWeb(webOrigin, frontendConfig, await webApp));
      webUrl = web.url;
    }
    return {
      facts,
      frontendConfig,
      userPool,
      bucket,
      sessions,
      webUrl,
      decisions: bucket.decisions,
      createUser: (email, password) => userPool.createUser(email, password),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function track<T extends { close(): Promise<void> }>(
  started: Array<{ close(): Promise<void> }>,
  promise: Promise<T>,
): Promise<T> {
  const item = await promise;
  started.push(item);
  return item;
}

/** The configuration `npm run outputs` would write for this stack, pointed at the sandbox, with its endpoints. */
function frontendConfigOf(
  terraform: TerraformJson,
  facts: StackFacts,
  endpoints: SandboxFrontendConfig["endpoints"],
): SandboxFrontendConfig {
  const outputs: TerraformOutputs = {};
  for (const [name, output] of Object.entries((terraform.output ?? {}) as Record<string, { value?: unknown }>)) {
    if (name === "domain" || name === "apiUrl" || typeof output.value !== "string") continue;
    outputs[name] = { value: facts.access.values.resolve(output.value) };
  }
  outputs.apiUrl = { value: endpoints.api };
  return sandboxFrontendConfigSchema.parse({ ...frontendConfigFromOutputs(outputs), endpoints });
}
