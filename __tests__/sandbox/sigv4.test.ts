import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { parseSignature, verifySignature, type RawRequest } from "../../sandbox/sigv4";

/** The SDK's own signer (what browsers and the mover sign with), given Node's SHA-256. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === "string"
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const signer = new SignatureV4({
  service: "s3",
  region: "us-east-1",
  credentials: { accessKeyId: "ASIAEXAMPLEKEY000001", secretAccessKey: SECRET, sessionToken: "token-1" },
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});
const NOW = new Date("2026-05-04T10:20:30Z");

/** A PUT as the S3 client sends it: path already percent-encoded, signed with the payload hash header. */
async function signedPut(
  path = "/bucket/tmp/user-a/a%20photo%2B1.png",
  query: Record<string, string> = {},
): Promise<RawRequest> {
  const headers = { host: "127.0.0.1:9000", "content-type": "image/png", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
  const signed = await signer.sign(
    { method: "PUT", protocol: "http:", hostname: "127.0.0.1", port: 9000, path, query, headers },
    { signingDate: NOW },
  );
  const search = new URLSearchParams(query).toString().replace(/\+/g, "%20");
  return { method: "PUT", url: `${path}${search ? `?${search}` : ""}`, headers: lowercase(signed.headers) };
}

function lowercase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function verify(request: RawRequest, secret = SECRET, now = NOW): string {
  try {
    verifySignature(request, parseSignature(request)!, secret, "us-east-1", now);
    return "valid";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("the IAM gate's SigV4 check", () => {
  test("accepts what the SDK's signer signs, with its session token and an encoded key and query", async () => {
    const request = await signedPut("/bucket/tmp/user-a/a%20photo%2B1.png", { partNumber: "2", uploadId: "a b" });
    expect(parseSignature(request)).toMatchObject({
      accessKeyId: "ASIAEXAMPLEKEY000001",
      securityToken: "token-1",
      authType: "REST-HEADER",
    });
    expect(verify(request)).toBe("valid");
  });

  test("refuses a request whose path, query, a signed header, the secret or the clock differs from what was signed", async () => {
    const request = await signedPut("/bucket/tmp/user-a/a.png", { uploadId: "1" });
    const results = {
      path: verify({ ...request, url: request.url.replace("user-a", "user-b") }),
      query: verify({ ...request, url: request.url.replace("uploadId=1", "uploadId=2") }),
      header: verify({ ...request, headers: { ...request.headers, "content-type": "text/html" } }),
      token: verify({ ...request, headers: { ...request.headers, "x-amz-security-token": "token-2" } }),
      secret: verify(request, `${SECRET}x`),
      clock: verify(request, SECRET, new Date(NOW.getTime() + 16 * 60 * 1000)),
    };
    expect(results).toEqual({
      path: "SignatureDoesNotMatch",
      query: "SignatureDoesNotMatch",
      header: "SignatureDoesNotMatch",
      token: "SignatureDoesNotMatch",
      secret: "SignatureDoesNotMatch",
      clock: "RequestTimeTooSkewed",
    });
  });

  test("checks a presigned URL's signature and expiry", async () => {
    // As @aws-sdk/s3-request-presigner does: the payload is declared unsigned.
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "127.0.0.1",
        port: 9000,
        path: "/bucket/images/user-a/a.png",
        query: {},
        headers: { host: "127.0.0.1:9000", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      },
      { signingDate: NOW, expiresIn: 300 },
    );
    const url = `${presigned.path}?${Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join("&")}`;
    const request: RawRequest = { method: "GET", url, headers: { host: "127.0.0.1:9000" } };
    expect(parseSignature(request)).toMatchObject({ authType: "REST-QUERY-STRING", expiresSeconds: 300 });
    expect(verify(request)).toBe("valid");
    expect(verify(request, SECRET, new Date(NOW.getTime() + 301 * 1000))).toBe("AccessDenied");
    expect(verify({ ...request, url: url.replace("user-a", "user-b") })).toBe("SignatureDoesNotMatch");
  });

  test("refuses a credential scoped to another region or service", async () => {
    const request = await signedPut();
    const scoped = (from: string, to: string) => ({
      ...request,
      headers: { ...request.headers, authorization: String(request.headers.authorization).replace(from, to) },
    });
    expect(verify(scoped("/us-east-1/", "/eu-west-1/"))).toBe("AuthorizationHeaderMalformed");
    expect(verify(scoped("/s3/", "/execute-api/"))).toBe("AuthorizationHeaderMalformed");
  });
});
