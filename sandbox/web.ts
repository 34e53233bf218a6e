import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { listen, send, type LocalServer } from "./http";
import { projectRoot } from "./paths";
import type { StackFacts } from "./stack-facts";
import type { SandboxFrontendConfig } from "./frontend-config";

/** The example web app's folder. */
export const WEB_APP_DIR = join(projectRoot(), "examples", "web");

/**
 * @aws-sdk/credential-providers maps `./dist-es/index` to its browser entry in the package's `browser` field, a key
 * esbuild does not match against the `module` entry `./dist-es/index.js`; without this the bundle pulls in the Node
 * providers (files, processes, instance metadata).
 */
const browserCredentialProviders: Plugin = {
  name: "browser-credential-providers",
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/credential-providers$/ }, () => ({
      path: require
        .resolve("@aws-sdk/credential-providers/package.json")
        .replace(/package\.json$/, "dist-es/index.browser.js"),
    }));
  },
};

/** Bundles the example web app for browsers: `app.js`, and its source map when `outdir` is given. */
export async function buildWebApp(outdir?: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [join(WEB_APP_DIR, "src", "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: outdir ? "linked" : false,
    legalComments: "none",
    logLevel: "silent",
    plugins: [browserCredentialProviders],
    ...(outdir ? { outfile: join(outdir, "app.js"), write: true } : { write: false }),
  });
  return outdir ? readFileSync(join(outdir, "app.js")) : Buffer.from(result.outputFiles![0].contents);
}

/**
 * The bundle from {@link buildWebApp}, kept in dist/sandbox/web/ and rebuilt only when the app's sources or the
 * installed packages changed since, so that the sandbox starts without bundling the SDK each time.
 */
export async function cachedWebApp(): Promise<Buffer> {
  const outdir = join(projectRoot(), "dist", "sandbox", "web");
  const bundle = join(outdir, "app.js");
  const sources = [
    join(WEB_APP_DIR, "src"),
    join(projectRoot(), "package-lock.json"),
    join(projectRoot(), "sandbox", "web.ts"),
  ];
  const newest = Math.max(
    ...sources
      .flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)) : [path]))
      .map((path) => statSync(path).mtimeMs),
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest) return readFileSync(bundle);
  return buildWebApp(outdir);
}

/**
 * The origin the web app is served on: the first plain-HTTP local origin the stack allows (its bucket CORS and the
 * mover's origins), since browsers may call the sandbox from there only.
 */
export function webOriginOf(facts: StackFacts): URL {
  const origins = [
    ...facts.bucket.cors.flatMap((rule) => rule.allowedOrigins),
    ...(facts.mover.environment.ALLOWED_ORIGINS ?? "").split(",").map((origin) => origin.trim()),
  ];
  const local = origins.find((origin) => /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin));
  if (!local) {
    throw new Error(
      `The stack allows no local origin (http://localhost:<port>) for the web app; allowed: ${origins.join(", ") || "none"}. ` +
        'Add one to allowedOrigins (with "development": true) or start without the web app (--no-web).',
    );
  }
  return new URL(local);
}

/** Serves the example web app (`app`, from {@link buildWebApp}) and the sandbox's `uploads-config.json` on 127.0.0.1 at `origin`'s port. */
export async function startWeb(origin: URL, config: SandboxFrontendConfig, app: Buffer): Promise<LocalServer> {
  const files: Record<string, { type: string; body: Buffer }> = {
    "/": { type: "text/html; charset=utf-8", body: readFileSync(join(WEB_APP_DIR, "index.html")) },
    "/app.js": { type: "text/javascript; charset=utf-8", body: app },
    "/uploads-config.json": { type: "application/json", body: Buffer.from(JSON.stringify(config, null, 2)) },
  };
  files["/index.html"] = files["/"];
  const server = await listen((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    const file = request.method === "GET" || request.method === "HEAD" ? files[path] : undefined;
    if (!file) return send(response, 404, { "Content-Type": "text/plain" }, "Not found");
    response.writeHead(200, {
      "Content-Type": file.type,
      "Content-Length": String(file.body.length),
      "Cache-Control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : file.body);
  }, Number(origin.port));
  return { ...server, url: origin.origin };
}
