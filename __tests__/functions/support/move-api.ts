import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import type { APIGatewayProxyResult } from "aws-lambda";
import type { TestS3 } from "./s3-server";

/** The parsed JSON body of a mover response. */
export const bodyOf = (response: APIGatewayProxyResult) => JSON.parse(response.body) as Record<string, unknown>;

/** The error code of a mover error response. */
export const errorCodeOf = (response: APIGatewayProxyResult) =>
  (bodyOf(response).error as { code?: unknown } | undefined)?.code;

/** An object's bytes, type and metadata, or `undefined` when there is none at `key`. */
export async function objectAt(s3: TestS3, key: string) {
  try {
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    return { bytes, contentType: head.ContentType, metadata: head.Metadata ?? {} };
  } catch (error) {
    if ((error as { name?: string }).name === "NotFound" || (error as { name?: string }).name === "NoSuchKey") {
      return undefined;
    }
    throw error;
  }
}
