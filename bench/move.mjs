// Benchmarks the shipped mover bundle against raw CopyObject + DeleteObject on the same in-process S3 server.
// Usage: npm run bench:move   (builds dist/functions/move-upload/index.js first)
// Options (environment): BENCH_MOVES moves per round (300), BENCH_ROUNDS rounds per side (7),
// BENCH_CONCURRENCY moves in flight (16), BENCH_LOAD_RUNS node starts per load figure (15).
import { fork, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const { S3Client, PutObjectCommand, CopyObjectCommand, DeleteObjectCommand } = require("@aws-sdk/client-s3");
const S3rver = require("@20minutes/s3rver");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = join(root, "dist", "functions", "move-upload", "index.js");
const BENCH_CLIENT_ID = "benchwebclient0example1";
const MOVES = Number(process.env.BENCH_MOVES ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 15);
const BUCKET = "bench";
const IMAGE = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(16 * 1024 - 16, 7)]);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function inParallel(count, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Milliseconds from spawning node to its exit, running `code`; the median of LOAD_RUNS starts. */
function startupMs(code) {
  const times = [];
  for (let i = 0; i < LOAD_RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["-e", code], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    if (run.status !== 0) throw new Error(`node -e ${code} failed: ${run.stderr}`);
    if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/**
 * The S3 server runs in its own process, as S3 is remote to a Lambda: the mover's and the raw client's own CPU
 * then does not slow the server down. It counts requests and reports the count on request.
 */
async function serve() {
  const directory = mkdtempSync(join(tmpdir(), "bench-move-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  let requests = 0;
  server.middleware.unshift((_ctx, next) => {
    requests += 1;
    return next();
  });
  const { port } = await server.run();
  process.on("message", async (message) => {
    if (message === "count") {
      process.send({ requests });
      requests = 0;
    } else if (message === "stop") {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
      process.disconnect();
    }
  });
  process.send({ port });
}

function startServer() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const reply = () => new Promise((resolve) => child.once("message", resolve));
  return {
    started: reply(),
    /** Requests served since the last call. */
    count: async () => {
      const answer = reply();
      child.send("count");
      return (await answer).requests;
    },
    stop: () => new Promise((resolve) => child.once("exit", resolve).send("stop")),
  };
}

async function main() {
  try {
    statSync(BUNDLE);
  } catch {
    throw new Error(`${BUNDLE} is missing: run "npm run build:functions" first (npm run bench:move does)`);
  }
  const server = startServer();
  const { port } = await server.started;
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  Object.assign(process.env, {
    BUCKET_NAME: BUCKET,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    ALLOWED_CLIENT_IDS: BENCH_CLIENT_ID,
  });
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const { handler } = require(BUNDLE);

  const seed = async (round) => {
    await inParallel(MOVES, CONCURRENCY, (i) =>
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `tmp/bench-user/r${round}-${i}.png`, Body: IMAGE })),
    );
  };
  const sides = {
    handler: (round, i) =>
      handler({
        body: JSON.stringify({ key: `tmp/bench-user/r${round}-${i}.png` }),
        requestContext: {
          requestId: `bench-${round}-${i}`,
          authorizer: { claims: { sub: "bench-user", aud: BENCH_CLIENT_ID, token_use: "id" } },
        },
        headers: {},
      }).then((response) => {
        if (response.statusCode !== 201) throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
      }),
    raw: async (round, i) => {
      const key = `tmp/bench-user/r${round}-${i}.png`;
      await client.send(
        new CopyObjectCommand({
          Bucket: BUCKET,
          Key: `images/bench-user/r${round}-${i}.png`,
          CopySource: `${BUCKET}/${key}`,
        }),
      );
      await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    },
  };

  const rates = { handler: [], raw: [] };
  const requests = { handler: 0, raw: 0 };
  let round = 0;
  for (const side of ["handler", "raw"]) {
    // Warm-up: connections, JIT, the server's folders.
    await seed(round);
    await inParallel(MOVES, CONCURRENCY, (i) => sides[side](round, i));
    round++;
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const side of r % 2 ? ["raw", "handler"] : ["handler", "raw"]) {
      await seed(round);
      await server.count();
      const start = process.hrtime.bigint();
      await inParallel(MOVES, CONCURRENCY, (i) => sides[side](round, i));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rates[side].push(MOVES / seconds);
      requests[side] += await server.count();
      round++;
    }
  }
  client.destroy();
  await server.stop();

  const emptyMs = startupMs("");
  const sdkMs = startupMs('require("@aws-sdk/client-s3")');
  const bundleMs = startupMs(`require(${JSON.stringify(BUNDLE)})`);
  const bundleBytes = statSync(BUNDLE).size;
  const gzipBytes = gzipSync(readFileSync(BUNDLE)).length;
  const handlerRate = median(rates.handler);
  const rawRate = median(rates.raw);
  // Each round runs both sides back to back, so their ratio is taken per round: other load on the machine then
  // moves both figures of a pair alike.
  const ratio = median(rates.handler.map((rate, r) => rate / rates.raw[r]));
  const perMove = (side) => requests[side] / (MOVES * ROUNDS);

  const row = (label, ...cells) => console.log(label.padEnd(30) + cells.map((c) => String(c).padStart(16)).join(""));
  console.log(`move throughput: ${ROUNDS} rounds x ${MOVES} moves of 16 KiB, ${CONCURRENCY} in flight, medians`);
  row("", "handler", "raw copy+delete", "ratio");
  row("moves/s", handlerRate.toFixed(1), rawRate.toFixed(1), ratio.toFixed(2));
  row("S3 requests per move", perMove("handler").toFixed(2), perMove("raw").toFixed(2), "");
  console.log("");
  console.log(`bundle ${BUNDLE.slice(root.length + 1)}: ${bundleBytes} bytes minified, ${gzipBytes} gzipped`);
  console.log(`node start to exit, median of ${LOAD_RUNS}`);
  row("", "empty node", "+ client-s3", "+ bundle");
  row("ms", emptyMs.toFixed(1), sdkMs.toFixed(1), bundleMs.toFixed(1));
  row("ms over empty node", "", (sdkMs - emptyMs).toFixed(1), (bundleMs - emptyMs).toFixed(1));
}

(process.argv.includes("--serve") ? serve() : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
