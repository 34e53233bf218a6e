import { lambdaContext, moveEvent } from "../support/events";
import { imageBytes } from "../support/images";
import { APP_ORIGIN, useBundledMover } from "../support/bundled-mover";

const mover = useBundledMover();

describe("the bundled mover, on CORS", () => {
  test("echoes an allowed origin", async () => {
    const response = await mover.handler(moveEvent({ body: {}, origin: "https://admin.example.com" }));

    expect(response.headers).toEqual({
      "Access-Control-Allow-Origin": "https://admin.example.com",
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      Vary: "Origin",
    });
  });

  test("echoes an allowed origin on a success too", async () => {
    const key = await mover.upload(imageBytes("image/png"));

    const response = await mover.move({ key }, { origin: APP_ORIGIN });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.["Access-Control-Allow-Origin"]).toBe(APP_ORIGIN);
  });

  test.each([
    ["an origin that is not listed", "https://evil.example.com"],
    ["a listed origin's sibling", "https://app.example.com.evil.net"],
    ["the null origin", "null"],
  ])("sends no allow-origin header for %s", async (_, origin) => {
    const response = await mover.handler(moveEvent({ body: {}, origin }));

    expect(response.headers?.["Access-Control-Allow-Origin"]).toBeUndefined();
  });
});

describe("the bundled mover, on logs", () => {
  test("writes one JSON line per request with the request ids and the outcome", async () => {
    const key = await mover.upload(imageBytes("image/png"), { name: "logged.png" });

    await mover.handler(moveEvent({ body: { key } }), lambdaContext("lambda-request-42"));

    expect(mover.logs.lines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "move finished",
        service: "move-upload",
        function_request_id: "lambda-request-42",
        api_request_id: expect.stringMatching(/^api-request-\d+$/),
        outcome: "moved",
        status: 201,
        key: "images/user-a/logged.png",
      }),
    ]);
  });

  test("logs a refusal with its code", async () => {
    await mover.move({ key: "tmp/user-b/x.png" });

    expect(mover.logs.lines()).toEqual([
      expect.objectContaining({ message: "move refused", outcome: "refused", status: 403, code: "NotYourUpload" }),
    ]);
  });

  test("logs a repeated move as already moved", async () => {
    const key = await mover.upload(imageBytes("image/png"), { name: "logged-twice.png" });
    await mover.move({ key });
    mover.logs.clear();

    await mover.move({ key });

    expect(mover.logs.lines()).toEqual([
      expect.objectContaining({ message: "move finished", outcome: "already-moved", status: 200 }),
    ]);
  });

  test("never logs the caller's token or credentials", async () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLWEifQ.c2lnbmF0dXJl";
    const key = await mover.upload(imageBytes("image/png"));
    mover.s3.injectFault({ operation: "CopyObject", when: "before" });

    await mover.move({ key }, { headers: { Authorization: token } });
    await mover.move({ key: "tmp/user-a/../x" }, { headers: { Authorization: `Bearer ${token}` } });

    expect(mover.logs.lines()).toHaveLength(2);
    expect(mover.logs.text()).not.toContain(token);
    expect(mover.logs.text()).not.toContain("S3RVER");
    expect(mover.logs.text()).not.toMatch(/authorization|secret|password/i);
  });
});
