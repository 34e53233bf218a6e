import type { APIGatewayProxyEvent } from "aws-lambda";
import { CLIENT_ID, type MoverConfig } from "./config";
import { badRequest, MoveError } from "./errors";

/** A validated move: both keys are safe to hand to S3 and the source belongs to the caller. */
export interface MoveRequest {
  readonly sub: string;
  readonly sourceKey: string;
  readonly destinationKey: string;
}

/** S3's key limit, counted in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
const MAX_BODY_CHARS = 8192;
const MAX_FOLDER_DEPTH = 16;

/** Cognito subs are UUIDs; anything else cannot have come from the user pool's authorizer. */
const SUB = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Characters no key segment may hold: separators in disguise (backslash, percent-encoded `/`, `\`, `.` or `%`),
 * C0/C1 controls, line separators, bidirectional overrides that disguise an extension, and lone surrogates that
 * cannot be encoded as UTF-8.
 */
const HOSTILE = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|%(2f|5c|2e|25)|[\ud800-\udfff]/iu;

/** Reads and checks the caller's identity and request body; throws {@link MoveError} for anything refused. */
export function parseMoveRequest(event: APIGatewayProxyEvent, config: MoverConfig): MoveRequest {
  const sub = callerOf(event, config);
  const body = jsonBody(event);
  const sourceKey = body.key;
  if (typeof sourceKey !== "string" || sourceKey === "") {
    throw badRequest("InvalidKey", 'The body must have a "key" string naming the upload.');
  }
  checkKeyShape(sourceKey, "InvalidKey", "key");
  const ownPrefix = `${config.uploadPrefix}${sub}/`;
  if (!sourceKey.startsWith(ownPrefix)) {
    throw new MoveError(403, "NotYourUpload", `Only uploads under ${ownPrefix} can be moved by this user.`);
  }
  const name = sourceKey.slice(ownPrefix.length);
  if (name === "" || name.includes("/")) {
    throw badRequest("InvalidKey", `The key must be ${ownPrefix}<name>, with a file name and no further folders.`);
  }
  const folder = folderOf(body.folder);
  const destinationKey = `${config.imagePrefix}${sub}/${folder ? `${folder}/` : ""}${name}`;
  if (Buffer.byteLength(destinationKey) > MAX_KEY_BYTES) {
    throw badRequest("InvalidFolder", `The destination key would be longer than ${MAX_KEY_BYTES} bytes.`);
  }
  return { sub, sourceKey, destinationKey };
}

/**
 * The caller's `sub`, from an id token issued to one of the app clients this API serves. The authorizer accepts an
 * id token of any client of the pool; an access token has no `aud` (its client is in `client_id`).
 */
function callerOf(event: APIGatewayProxyEvent, config: MoverConfig): string {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  const fields = (typeof claims === "object" && claims !== null ? claims : {}) as Record<string, unknown>;
  const { sub, aud, token_use: tokenUse } = fields;
  if (
    typeof sub !== "string" ||
    !SUB.test(sub) ||
    tokenUse !== "id" ||
    typeof aud !== "string" ||
    !CLIENT_ID.test(aud)
  ) {
    throw new MoveError(401, "Unauthorized", "The request carries no valid user identity.");
  }
  if (!config.allowedClientIds.has(aud)) {
    throw new MoveError(403, "ClientNotAllowed", "This API does not serve the app client the token was issued to.");
  }
  return sub;
}

function jsonBody(event: APIGatewayProxyEvent): Record<string, unknown> {
  const raw =
    event.body == null ? "" : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  if (raw.length > MAX_BODY_CHARS)
    throw badRequest("BodyTooLarge", `The body must be at most ${MAX_BODY_CHARS} characters.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest("MalformedJson", "The body must be JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badRequest("InvalidBody", 'The body must be a JSON object such as {"key": "tmp/<sub>/<name>"}.');
  }
  return parsed as Record<string, unknown>;
}

function folderOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    throw badRequest("InvalidFolder", 'The "folder" must be a non-empty string such as "trips/2024".');
  }
  checkKeyShape(value, "InvalidFolder", "folder");
  if (value.split("/").length > MAX_FOLDER_DEPTH) {
    throw badRequest("InvalidFolder", `The folder may be at most ${MAX_FOLDER_DEPTH} levels deep.`);
  }
  return value;
}

/** Refuses anything that could step out of, or disguise, the intended folder. */
function checkKeyShape(value: string, code: string, what: string): void {
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) {
    throw badRequest(code, `The ${what} must be at most ${MAX_KEY_BYTES} bytes.`);
  }
  if (HOSTILE.test(value)) {
    throw badRequest(code, `The ${what} contains a control character, a backslash or an encoded separator.`);
  }
  const segments = value.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".." || segment.trim() === "")) {
    throw badRequest(code, `The ${what} must be "/"-separated names, none empty, blank, "." or "..".`);
  }
}
