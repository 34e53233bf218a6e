import type { KeyedLock } from "./keyed-lock";
import {
  dropReplacedTags,
  giveMultipartEtag,
  keysTouched,
  s3Semantics,
  type KoaContext,
  type S3Operation,
} from "./s3-semantics";

/** Runs a request as S3 would: atomically on the keys it touches, with the semantics @20minutes/s3rver lacks. */
export async function actLikeS3(
  locks: KeyedLock,
  ctx: KoaContext,
  next: () => Promise<void>,
  operation: S3Operation,
  bucket: string,
  key: string,
): Promise<void> {
  await locks.run(keysTouched(ctx, operation, key), async () => {
    if (await s3Semantics(ctx, operation, bucket, key)) {
      await next();
      await dropReplacedTags(ctx, operation, bucket, key);
    }
  });
  if (operation === "CompleteMultipartUpload" && ctx.status === 200) await giveMultipartEtag(ctx, bucket, key);
}
