import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";

/** A server of the sandbox, listening on 127.0.0.1 only. */
export interface LocalServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at `port` (0: any free port). */
export async function listen(handler: RequestListener | Server, port = 0): Promise<LocalServer> {
  const server = typeof handler === "function" ? createServer(handler) : handler;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${bound}`, close: () => closeServer(server) };
}

/** Stops accepting, ends idle and open connections, and resolves once the server has closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The request body, refused past `limit` bytes (undefined then). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(response: ServerResponse, status: number, headers: Record<string, string>, body = ""): void {
  response.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
  response.end(body);
}
