import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { loadBundledHandler, type MoveHandler } from "../support/bundle";
import { startEventBridgeStandIn, type EventBridgeStandIn } from "../support/eventbridge-stand-in";
import { lambdaContext, moveEvent } from "../support/events";
import { imageBytes, NOT_IMAGES, withFiller } from "../support/images";
import { captureLogs } from "../support/logs";
import { objectAt } from "../support/move-api";
import { startS3, type TestS3 } from "../support/s3-server";

// EventBridge cannot run here: the mover's events go to a local stand-in that speaks PutEvents (see its file).
const SCHEMA = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "docs", "events", "image-stored.schema.json"), "utf8"),
);
const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
const BUS_ARN = "arn:aws:events:us-east-1:111122223333:event-bus/uploads";
const MAX_UPLOAD_BYTES = 64 * 1024;

let s3: TestS3;
let eventBridge: EventBridgeStandIn;
let handler: MoveHandler;
let logs: ReturnType<typeof captureLogs>;
let uploads = 0;

beforeAll(async () => {
  [s3, eventBridge] = await Promise.all([startS3(), startEventBridgeStandIn()]);
  handler = loadBundledHandler(
    s3.moverEnv({
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      EVENT_BUS_NAME: BUS_ARN,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
    }),
  );
});
afterAll(async () => {
  await Promise.all([s3.close(), eventBridge.close()]);
});
beforeEach(() => {
  eventBridge.clear();
  logs = captureLogs();
});
afterEach(() => logs.restore());

const upload = async (bytes: Buffer, sub = "user-a") => {
  const key = `tmp/${sub}/photo-${++uploads}.png`;
  await s3.put(key, bytes, "image/png");
  return key;
};
const move = (body: object, sub = "user-a") => handler(moveEvent({ body, sub }), lambdaContext());
/** The event as a rule's target receives it: the envelope EventBridge builds from the entry. */
const delivered = (entry: EventBridgeStandIn["events"][number]) => ({
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": entry.DetailType,
  source: entry.Source,
  account: "111122223333",
  time: new Date().toISOString(),
  region: "us-east-1",
  resources: [],
  detail: entry.Detail,
});

describe("the Image Stored event", () => {
  test("a move that stores an image puts exactly one event, with the documented source, detail-type and detail", async () => {
    const key = await upload(imageBytes("image/webp", 2048));

    const response = await move({ key, folder: "trips/2024" });

    expect(response.statusCode).toBe(201);
    expect(eventBridge.events).toEqual([
      {
        EventBusName: BUS_ARN,
        Source: "cognito-uploads",
        DetailType: "Image Stored",
        Detail: {
          bucket: s3.bucket,
          key: `images/user-a/trips/2024/${key.split("/").pop()}`,
          sub: "user-a",
          bytes: 2048,
          contentType: "image/webp",
          sourceKey: key,
        },
      },
    ]);
  });

  test("every emitted event matches the committed JSON Schema, and the schema refuses a detail with more in it", async () => {
    for (const type of ["image/jpeg", "image/png", "image/heic"] as const) {
      await move({ key: await upload(imageBytes(type, 512)) });
    }
    expect(eventBridge.events).toHaveLength(3);
    for (const entry of eventBridge.events) {
      expect({ valid: validate(delivered(entry)), errors: validate.errors }).toEqual({ valid: true, errors: null });
    }
    const withEmail = delivered(eventBridge.events[0]);
    withEmail.detail = { ...withEmail.detail, email: "a@example.com" };
    expect(validate(withEmail)).toBe(false);
  });

  test("carries nothing from the request but the key and the caller's sub: no token, claim, email or header", async () => {
    const key = await upload(imageBytes("image/png"));

    await handler(
      moveEvent({ body: { key }, headers: { Authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.secret.token" } }),
      lambdaContext(),
    );

    const [event] = eventBridge.events;
    expect(Object.keys(event.Detail).sort()).toEqual(["bucket", "bytes", "contentType", "key", "sourceKey", "sub"]);
    expect(JSON.stringify(event)).not.toMatch(/Bearer|eyJ|email|cognito:username|aud/);
  });

  test("a repeated move (200, the image was already stored) puts no second event", async () => {
    const key = await upload(imageBytes("image/png"));
    expect((await move({ key })).statusCode).toBe(201);

    const again = await move({ key });

    expect(again.statusCode).toBe(200);
    expect(eventBridge.events).toHaveLength(1);
    expect(eventBridge.requests()).toBe(1);
  });

  test.each<[string, () => Promise<object>, number]>([
    [
      "an upload that is not an image",
      async () => ({ key: await upload(withFiller(NOT_IMAGES["an HTML page"], 64)) }),
      415,
    ],
    [
      "an upload over the size limit",
      async () => ({ key: await upload(imageBytes("image/png", MAX_UPLOAD_BYTES + 1)) }),
      413,
    ],
    ["a key with no upload", async () => ({ key: "tmp/user-a/missing.png" }), 404],
    ["another user's upload", async () => ({ key: await upload(imageBytes("image/png"), "user-b") }), 403],
  ])("a refused move (%s) puts no event", async (_, body, status) => {
    const response = await move(await body());

    expect(response.statusCode).toBe(status);
    expect(eventBridge.requests()).toBe(0);
  });

  test.each<["http-500" | "failed-entries", string]>([
    ["http-500", "the PutEvents request fails"],
    ["failed-entries", "EventBridge reports the entry failed (FailedEntryCount 1)"],
  ])(
    "when %s (%s) the move still answers 201, the image is stored once, and an ERROR names the key",
    async (behaviour) => {
      eventBridge.behave(behaviour);
      const key = await upload(imageBytes("image/gif", 300));
      const destination = `images/user-a/${key.split("/").pop()}`;

      const response = await move({ key });

      expect(response.statusCode).toBe(201);
      expect(JSON.parse(response.body)).toEqual({ key: destination, bytes: 300, contentType: "image/gif" });
      expect((await objectAt(s3, destination))?.bytes).toEqual(imageBytes("image/gif", 300));
      expect(await objectAt(s3, key)).toBeUndefined();
      expect(eventBridge.requests()).toBe(1);
      expect(eventBridge.events).toEqual([]);
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({
          level: "ERROR",
          message: "image stored event not sent",
          key: destination,
          source_key: key,
          event_bus: BUS_ARN,
        }),
      );
    },
  );
});
