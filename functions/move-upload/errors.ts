/** A refusal the API reports to the caller as `{"error": {"code", "message"}}` with `status`. */
export class MoveError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MoveError";
  }
}

export const badRequest = (code: string, message: string) => new MoveError(400, code, message);

/** What the SDK puts on a failed S3 call that this module inspects. */
interface S3Failure {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const failure = (error: unknown): S3Failure => (typeof error === "object" && error !== null ? error : {});
const statusOf = (error: unknown) => failure(error).$metadata?.httpStatusCode;
const nameOf = (error: unknown) => failure(error).name ?? failure(error).Code;

/**
 * The object is not there. S3 answers 403 instead of 404 when the caller lacks s3:ListBucket; the mover's role has
 * ListBucket on its prefixes precisely so that a missing key reads as missing, so a 403 stays an error here.
 */
export const isMissing = (error: unknown) =>
  nameOf(error) === "NoSuchKey" || nameOf(error) === "NotFound" || statusOf(error) === 404;

/** A conditional request lost: CopySourceIfMatch, IfNoneMatch or IfMatch did not hold, or raced another writer. */
export const isPreconditionFailed = (error: unknown) =>
  nameOf(error) === "PreconditionFailed" ||
  nameOf(error) === "ConditionalRequestConflict" ||
  statusOf(error) === 412 ||
  statusOf(error) === 409;

/** A ranged GET of an empty object: there is no byte 0 to return. */
export const isInvalidRange = (error: unknown) => nameOf(error) === "InvalidRange" || statusOf(error) === 416;
