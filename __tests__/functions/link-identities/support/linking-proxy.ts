import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP front for cognito-local, for code that builds its own SDK client from the environment (the shipped
 * trigger): every call is passed on to cognito-local, except AdminLinkProviderForUser, which cognito-local does not
 * have. While `acceptLinks` is on, the front records that call and answers it as Cognito does on success; otherwise
 * cognito-local refuses it, as Cognito refuses a call that fails.
 */
export interface LinkingProxy {
  readonly endpoint: string;
  /** The bodies of the AdminLinkProviderForUser calls answered, in order. */
  readonly links: Array<Record<string, any>>;
  acceptLinks: boolean;
  /** Fails ListUsers as Cognito fails a call, with a message that names the address it was asked for, as sent and in lowercase. */
  failListUsers: boolean;
  close(): Promise<void>;
}

const LINK_TARGET = "AWSCognitoIdentityProviderService.AdminLinkProviderForUser";
const LIST_USERS_TARGET = "AWSCognitoIdentityProviderService.ListUsers";

export async function startLinkingProxy(target: string): Promise<LinkingProxy> {
  const upstream = new URL(target);
  const proxy = { links: [] as Array<Record<string, any>>, acceptLinks: false, failListUsers: false };
  const server: Server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    if (incoming.headers["x-amz-target"] === LINK_TARGET && proxy.acceptLinks) {
      proxy.links.push(JSON.parse(body.toString("utf8")));
      outgoing.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end("{}");
      return;
    }
    if (incoming.headers["x-amz-target"] === LIST_USERS_TARGET && proxy.failListUsers) {
      const filter = String(JSON.parse(body.toString("utf8")).Filter);
      const message = `Cannot list users for ${filter} (${filter.toLowerCase()})`;
      outgoing
        .writeHead(400, { "content-type": "application/x-amz-json-1.1" })
        .end(JSON.stringify({ __type: "InvalidParameterException", message }));
      return;
    }
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.writeHead(502).end());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });
}
