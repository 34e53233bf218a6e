// npm run sandbox [-- --user EMAIL:PASSWORD ...] [--out FILE] [--no-web] [--terraform cdk.tf.json] [--quiet]
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TerraformJson } from "../modules/rules";
import { DEFAULT_CONFIG_PATH, startSandbox } from "./sandbox";

const USAGE = `Usage: npm run sandbox -- [options]
  --user EMAIL:PASSWORD   create a confirmed user (repeatable); the password must meet the pool's policy
  --out FILE              where to write the frontend configuration (default ${DEFAULT_CONFIG_PATH})
  --terraform FILE        run this synthesized cdk.tf.json instead of synthesizing the current configuration
  --no-web                do not serve the example web app
  --quiet                 do not print the mover's logs and the IAM gate's refusals
The configuration is the one synth uses: UPLOADS_CONFIG=file.json and/or UPLOADS_CONFIG_JSON='{...}'.`;

interface Arguments {
  users: Array<{ email: string; password: string }>;
  out: string;
  terraform?: string;
  web: boolean;
  quiet: boolean;
}

function parse(argv: string[]): Arguments {
  const args: Arguments = { users: [], out: DEFAULT_CONFIG_PATH, web: true, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return next;
    };
    switch (argv[i]) {
      case "--user": {
        const text = value();
        const at = text.indexOf(":");
        if (at <= 0) throw new Error(`--user takes EMAIL:PASSWORD, got "${text}"`);
        args.users.push({ email: text.slice(0, at), password: text.slice(at + 1) });
        break;
      }
      case "--out":
        args.out = value();
        break;
      case "--terraform":
        args.terraform = value();
        break;
      case "--no-web":
        args.web = false;
        break;
      case "--quiet":
        args.quiet = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const out = resolve(args.out);
  const sandbox = await startSandbox({
    terraform: args.terraform ? (JSON.parse(readFileSync(args.terraform, "utf8")) as TerraformJson) : undefined,
    web: args.web,
    configPath: out,
    log: args.quiet ? undefined : (line) => console.log(line),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    sandbox.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  for (const { email, password } of args.users) {
    await sandbox.createUser(email, password);
    console.log(`user ${email} created (confirmed, email verified)`);
  }
  const { endpoints } = sandbox.frontendConfig;
  console.log(JSON.stringify(sandbox.frontendConfig, null, 2));
  console.log(
    [
      "",
      `Sandbox of stack "${sandbox.facts.userPool.name}" (region ${sandbox.facts.region}), on 127.0.0.1 only:`,
      `  user pool (cognito-local)     ${endpoints.userPool}   pool ${sandbox.facts.userPool.id}`,
      `  identity pool (stand-in)      ${endpoints.identity}`,
      `  S3 behind the IAM gate        ${endpoints.s3}   bucket ${sandbox.facts.bucket.name}`,
      `  REST API -> shipped mover     ${endpoints.api}/images`,
      ...(sandbox.webUrl ? [`  example web app               ${sandbox.webUrl}/`] : []),
      `Frontend configuration: ${out}`,
      `Ready in ${Math.round(process.uptime() * 1000)} ms. Ctrl-C stops everything.`,
    ].join("\n"),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
