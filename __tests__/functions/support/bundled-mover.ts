import { loadBundledHandler, type MoveHandler } from "./bundle";
import { lambdaContext, moveEvent } from "./events";
import { captureLogs } from "./logs";
import { startS3, type TestS3 } from "./s3-server";

export const MAX_UPLOAD_BYTES = 64 * 1024;
export const APP_ORIGIN = "https://app.example.com";

/**
 * Registers hooks that start a test S3 server for the file, load the shipped bundle against it (with a 64 KiB upload
 * limit and two allowed origins), and capture its logs per test. Read the fields inside tests only.
 */
export function useBundledMover() {
  const fixture = {} as {
    s3: TestS3;
    handler: MoveHandler;
    logs: ReturnType<typeof captureLogs>;
    /** Uploads `bytes` for `sub` under `name` (unique by default) and returns its key. */
    upload(bytes: Buffer, options?: { sub?: string; name?: string; contentType?: string }): Promise<string>;
    /** Sends POST /images with `body` as user-a unless `options` say otherwise. */
    move(body: unknown, options?: Parameters<typeof moveEvent>[0]): ReturnType<MoveHandler>;
  };
  let uploadNumber = 0;
  beforeAll(async () => {
    fixture.s3 = await startS3();
    fixture.handler = loadBundledHandler(
      fixture.s3.moverEnv({
        MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        ALLOWED_ORIGINS: `${APP_ORIGIN}, https://admin.example.com`,
      }),
    );
  });
  afterAll(() => fixture.s3.close());
  beforeEach(() => {
    fixture.logs = captureLogs();
    fixture.s3.clearFaults();
  });
  afterEach(() => fixture.logs.restore());
  fixture.upload = async (
    bytes,
    { sub = "user-a", name = `photo-${++uploadNumber}.bin`, contentType = "image/png" } = {},
  ) => {
    const key = `tmp/${sub}/${name}`;
    await fixture.s3.put(key, bytes, contentType);
    return key;
  };
  fixture.move = (body, options = {}) =>
    fixture.handler(moveEvent({ body: body as object, ...options }), lambdaContext());
  return fixture;
}
