import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One entry of a PutEvents request as the stand-in received it, with its Detail parsed. */
export interface ReceivedEvent {
  readonly EventBusName?: string;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail: Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** How the stand-in answers the next PutEvents requests: accept, fail the request, or report every entry failed. */
export type EventBridgeBehaviour = "accept" | "http-500" | "failed-entries";

export interface EventBridgeStandIn {
  readonly endpoint: string;
  /** Entries accepted so far (a failed request or entry is not recorded), in order. */
  readonly events: ReceivedEvent[];
  /** PutEvents requests received, accepted or not. */
  readonly requests: () => number;
  behave(behaviour: EventBridgeBehaviour): void;
  clear(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for EventBridge's PutEvents: no EventBridge runs offline (LocalStack's is not installed here, and
 * the tests use no network), so this server speaks the part of the service's protocol the mover uses: AWS JSON 1.1,
 * `POST /` with `X-Amz-Target: AWSEvents.PutEvents`, answering `{"FailedEntryCount", "Entries"}` as EventBridge
 * documents, or failing as told. It checks the request is signed (SigV4 header present), not the signature.
 */
export async function startEventBridgeStandIn(): Promise<EventBridgeStandIn> {
  const events: ReceivedEvent[] = [];
  let behaviour: EventBridgeBehaviour = "accept";
  let requests = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { "Content-Type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(payload));
    };
    const target = request.headers["x-amz-target"];
    const signed = String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ");
    if (request.method !== "POST" || target !== "AWSEvents.PutEvents" || !signed) {
      answer(400, { __type: "UnknownOperationException", message: `unsupported request ${String(target)}` });
      return;
    }
    requests += 1;
    if (behaviour === "http-500") {
      answer(500, { __type: "InternalException", message: "Injected failure." });
      return;
    }
    const entries = (JSON.parse(body) as { Entries?: Array<Record<string, unknown>> }).Entries ?? [];
    if (behaviour === "failed-entries") {
      answer(200, {
        FailedEntryCount: entries.length,
        Entries: entries.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "Injected entry failure." })),
      });
      return;
    }
    for (const entry of entries) events.push({ ...entry, Detail: JSON.parse(String(entry.Detail)) });
    answer(200, { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `event-${events.length + i}` })) });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    events,
    requests: () => requests,
    behave: (next) => void (behaviour = next),
    clear: () => {
      events.splice(0);
      requests = 0;
      behaviour = "accept";
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
