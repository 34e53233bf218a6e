import { isInvalidRange, isMissing, isPreconditionFailed, MoveError } from "../../../functions/move-upload/errors";

/** An S3 failure as the SDK raises it: a name (S3's error code), and the HTTP status in `$metadata`. */
const failure = (name: string | undefined, status: number | undefined, code?: string) =>
  Object.assign(new Error("S3 failure"), { name, Code: code, $metadata: { httpStatusCode: status } });

// Each S3 answer is recognised by its code and by its status alone: a HEAD answer has no body to carry a code, and
// some S3-compatible servers send a code the SDK does not know.
describe("telling S3's failures apart", () => {
  test.each([
    ["412 PreconditionFailed", failure("PreconditionFailed", 412)],
    ["a PreconditionFailed code without a status", failure("PreconditionFailed", undefined)],
    ["a 412 without a known code", failure("Unknown", 412)],
    ["409 ConditionalRequestConflict", failure("ConditionalRequestConflict", 409)],
    ["a ConditionalRequestConflict code without a status", failure("ConditionalRequestConflict", undefined)],
    ["a 409 without a known code", failure("Unknown", 409)],
    ["a code in the Code field", failure(undefined, undefined, "PreconditionFailed")],
  ])("counts %s as a lost condition", (_, error) => {
    expect(isPreconditionFailed(error)).toBe(true);
  });

  test.each([
    ["404 NoSuchKey", failure("NoSuchKey", 404)],
    ["a NoSuchKey code without a status", failure("NoSuchKey", undefined)],
    ["a HEAD's NotFound without a status", failure("NotFound", undefined)],
    ["a 404 without a known code", failure("Unknown", 404)],
    ["a code in the Code field", failure(undefined, undefined, "NoSuchKey")],
  ])("counts %s as a missing object", (_, error) => {
    expect(isMissing(error)).toBe(true);
  });

  test.each([
    ["416 InvalidRange", failure("InvalidRange", 416)],
    ["an InvalidRange code without a status", failure("InvalidRange", undefined)],
    ["a 416 without a known code", failure("Unknown", 416)],
  ])("counts %s as the range of an empty object", (_, error) => {
    expect(isInvalidRange(error)).toBe(true);
  });

  test.each([
    ["a 403 AccessDenied", failure("AccessDenied", 403)],
    ["a 500 InternalError", failure("InternalError", 500)],
    ["a 503 SlowDown", failure("SlowDown", 503)],
    ["a network error", new Error("socket hang up")],
    ["a string", "failed"],
    ["null", null],
    ["undefined", undefined],
  ])("counts %s as none of them", (_, error) => {
    expect([isPreconditionFailed(error), isMissing(error), isInvalidRange(error)]).toEqual([false, false, false]);
  });
});

describe("MoveError", () => {
  test("carries the status and code the API answers with", () => {
    const error = new MoveError(409, "UploadChanged", "The upload changed.");
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.status, error.code, error.message]).toEqual([
      "MoveError",
      409,
      "UploadChanged",
      "The upload changed.",
    ]);
  });
});
