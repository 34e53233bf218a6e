import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxFrontendConfigSchema, type SandboxFrontendConfig } from "../../sandbox/frontend-config";
import { freePort, PASSWORD } from "./support/sandbox";

const ROOT = join(__dirname, "..", "..");

/** Pids of the live processes in process group `group` (from /proc: Linux only). */
function processGroup(group: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        // Fields after the command name: state ppid pgrp ...
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(fields[2]) === group && fields[0] !== "Z" ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

/** The TCP addresses `pids` listen on, as `ip:port` (from /proc: Linux only). */
function listeningAddresses(pids: number[]): string[] {
  const inodes = new Set(
    pids.flatMap((pid) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
          try {
            const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
            return link.startsWith("socket:[") ? [link.slice(8, -1)] : [];
          } catch {
            return [];
          }
        });
      } catch {
        return [];
      }
    }),
  );
  const addresses: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== "0A" || !inodes.has(fields[9])) continue;
      const [hex, port] = fields[1].split(":");
      const ip =
        hex.length === 8
          ? hex
              .match(/../g)!
              .reverse()
              .map((byte) => parseInt(byte, 16))
              .join(".")
          : `[${hex}]`;
      addresses.push(`${ip}:${parseInt(port, 16)}`);
    }
  }
  return addresses;
}

const refusesConnections = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

describe("npm run sandbox", () => {
  let folder: string;
  let child: ChildProcess | undefined;
  beforeAll(() => (folder = mkdtempSync(join(tmpdir(), "sandbox-cli-"))));
  afterAll(() => {
    // Only if a test failed half-way: the whole group, as Ctrl-C would.
    if (child?.pid && processGroup(child.pid).length > 0) process.kill(-child.pid, "SIGKILL");
    rmSync(folder, { recursive: true, force: true });
  });

  test("starts on 127.0.0.1 only in under 5 s with the current configuration, creates a user, and Ctrl-C leaves no process", async () => {
    const webPort = await freePort();
    const origin = `http://localhost:${webPort}`;
    const out = join(folder, "uploads-config.json");
    const started = Date.now();
    // Its own process group, like a terminal's foreground job, so that Ctrl-C can be sent to all of it.
    child = spawn(
      "npm",
      ["run", "--silent", "sandbox", "--", "--user", `alice@example.com:${PASSWORD}`, "--out", out, "--quiet"],
      {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          UPLOADS_CONFIG: "",
          UPLOADS_CONFIG_JSON: JSON.stringify({
            allowedOrigins: [origin],
            development: true,
            userPool: { callbackUrls: [`${origin}/`] },
          }),
        },
      },
    );
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.once("exit", (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Ready" within 15 s:\n${output}`)), 15_000);
      const check = () => {
        if (/Ready in \d+ ms/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child!.stdout!.on("data", check);
      void exited.then(() => reject(new Error(`the sandbox exited before it was ready:\n${output}`)));
    });
    const readyMs = Date.now() - started;
    const group = child.pid!;

    expect(readyMs).toBeLessThan(5000);
    const config: SandboxFrontendConfig = sandboxFrontendConfigSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(output).toContain(JSON.stringify(config, null, 2));
    expect(output).toContain("user alice@example.com created");
    const urls = [...Object.values(config.endpoints), origin];
    for (const url of Object.values(config.endpoints)) expect(new URL(url).hostname).toBe("127.0.0.1");
    const listening = listeningAddresses(processGroup(group));
    expect(listening.length).toBeGreaterThanOrEqual(5);
    expect(listening.filter((address) => !address.startsWith("127.0.0.1:"))).toEqual([]);
    const signIn = await fetch(config.endpoints.userPool, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify({
        ClientId: config.auth.userPoolClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "alice@example.com", PASSWORD },
      }),
    });
    expect(
      ((await signIn.json()) as { AuthenticationResult?: { IdToken?: string } }).AuthenticationResult?.IdToken,
    ).toEqual(expect.any(String));
    expect(await (await fetch(`${origin}/`)).text()).toContain("Image uploads");
    expect(await (await fetch(`${origin}/uploads-config.json`)).json()).toEqual(config);

    process.kill(-group, "SIGINT");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(processGroup(group)).toEqual([]);
    expect(await Promise.all(urls.map(refusesConnections))).toEqual(urls.map(() => true));
    console.log(
      `npm run sandbox: ready ${readyMs} ms after spawn (the sandbox itself reported: ${/Ready in (\d+) ms/.exec(output)?.[1]} ms)`,
    );
  });
});
