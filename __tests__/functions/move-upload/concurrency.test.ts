import { loadBundledHandler, type MoveHandler } from "../support/bundle";
import { moveEvent } from "../support/events";
import { imageBytes } from "../support/images";
import { captureLogs } from "../support/logs";
import { bodyOf, objectAt } from "../support/move-api";
import { startS3, type TestS3 } from "../support/s3-server";

let s3: TestS3;
let handler: MoveHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  s3 = await startS3();
  handler = loadBundledHandler(s3.moverEnv());
});
afterAll(() => s3.close());
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

const move = (sub: string, key: string, folder?: string) => handler(moveEvent({ sub, body: { key, folder } }));

describe("concurrent moves", () => {
  test("50 concurrent moves of one upload all answer 2xx and leave exactly one image", async () => {
    const bytes = imageBytes("image/jpeg", 20_000, 11);
    await s3.put("tmp/user-a/crowd.jpg", bytes);
    const before = await s3.keys();

    const responses = await Promise.all(Array.from({ length: 50 }, () => move("user-a", "tmp/user-a/crowd.jpg", "c")));

    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(statuses).toContain(201);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(bodyOf(responses[0])).toEqual({
      key: "images/user-a/c/crowd.jpg",
      bytes: 20_000,
      contentType: "image/jpeg",
    });
    const after = await s3.keys();
    expect(after).toEqual(
      before
        .filter((k) => k !== "tmp/user-a/crowd.jpg")
        .concat("images/user-a/c/crowd.jpg")
        .sort(),
    );
    expect((await objectAt(s3, "images/user-a/c/crowd.jpg"))?.bytes.equals(bytes)).toBe(true);
  });

  test("50 concurrent moves of different uploads all answer 201", async () => {
    const names = Array.from({ length: 50 }, (_, i) => `batch-${i} +&=é.png`);
    await Promise.all(names.map((name, i) => s3.put(`tmp/user-b/${name}`, imageBytes("image/png", 5000, i))));

    const responses = await Promise.all(names.map((name) => move("user-b", `tmp/user-b/${name}`)));

    expect(responses.map((r) => r.statusCode)).toEqual(names.map(() => 201));
    expect(await s3.keys("tmp/user-b/batch-")).toEqual([]);
    expect(await s3.keys("images/user-b/batch-")).toHaveLength(50);
  });

  test("concurrent moves by the owner and by another user: the owner's succeed, the other's get 403", async () => {
    await s3.put("tmp/user-a/contested.png", imageBytes("image/png", 4000, 3));

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => move(i % 2 ? "user-b" : "user-a", "tmp/user-a/contested.png")),
    );

    const byUser = (parity: number) => responses.filter((_, i) => i % 2 === parity).map((r) => r.statusCode);
    expect(byUser(0).every((s) => s === 200 || s === 201)).toBe(true);
    expect(byUser(1)).toEqual(Array(10).fill(403));
    expect(await s3.keys("images/user-b/contested")).toEqual([]);
  });

  // Two destinations can both be written before either move deletes the source; S3 offers no way to withdraw
  // one without risking the other, so the guarantee here is that nothing is lost and every answer is honest.
  test("concurrent moves of one upload into different folders never lose it, and every 2xx names a whole image", async () => {
    const bytes = imageBytes("image/webp", 8000, 4);
    await s3.put("tmp/user-a/split.webp", bytes);

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => move("user-a", "tmp/user-a/split.webp", i % 2 ? "left" : "right")),
    );

    expect(responses.every((r) => [200, 201, 404, 409].includes(r.statusCode))).toBe(true);
    const named = responses.filter((r) => r.statusCode < 300).map((r) => bodyOf(r).key as string);
    expect(named.length).toBeGreaterThan(0);
    for (const key of new Set(named)) expect((await objectAt(s3, key))?.bytes.equals(bytes)).toBe(true);
    expect(await objectAt(s3, "tmp/user-a/split.webp")).toBeUndefined();
  });
});
