import { s3RequestOf } from "../../sandbox/s3-actions";

const BUCKET = "uploads-sandbox";
const arn = (key = "") => `arn:aws:s3:::${BUCKET}${key ? `/${key}` : ""}`;
const map = (method: string, url: string, headers: Record<string, string> = {}) => {
  const request = s3RequestOf(method, url, headers, BUCKET);
  return (
    request && {
      operation: request.operation,
      checks: request.authorizations.map(({ action, resource }) => `${action} ${resource}`),
    }
  );
};

describe("the IAM gate's map from S3 requests to IAM actions", () => {
  test.each([
    ["PUT", "/uploads-sandbox/tmp/u/a.png", "PutObject", ["s3:PutObject", arn("tmp/u/a.png")]],
    ["GET", "/uploads-sandbox/images/u/a.png", "GetObject", ["s3:GetObject", arn("images/u/a.png")]],
    ["HEAD", "/uploads-sandbox/images/u/a.png", "HeadObject", ["s3:GetObject", arn("images/u/a.png")]],
    ["DELETE", "/uploads-sandbox/tmp/u/a.png", "DeleteObject", ["s3:DeleteObject", arn("tmp/u/a.png")]],
    ["POST", "/uploads-sandbox/tmp/u/a.png?uploads", "CreateMultipartUpload", ["s3:PutObject", arn("tmp/u/a.png")]],
    ["PUT", "/uploads-sandbox/tmp/u/a.png?partNumber=1&uploadId=x", "UploadPart", ["s3:PutObject", arn("tmp/u/a.png")]],
    [
      "POST",
      "/uploads-sandbox/tmp/u/a.png?uploadId=x",
      "CompleteMultipartUpload",
      ["s3:PutObject", arn("tmp/u/a.png")],
    ],
    [
      "DELETE",
      "/uploads-sandbox/tmp/u/a.png?uploadId=x",
      "AbortMultipartUpload",
      ["s3:AbortMultipartUpload", arn("tmp/u/a.png")],
    ],
    [
      "GET",
      "/uploads-sandbox/tmp/u/a.png?uploadId=x",
      "ListParts",
      ["s3:ListMultipartUploadParts", arn("tmp/u/a.png")],
    ],
    ["GET", "/uploads-sandbox?list-type=2&prefix=tmp%2Fu%2F", "ListObjects", ["s3:ListBucket", arn()]],
    ["PUT", "/uploads-sandbox?policy", "PutBucketPolicy", ["s3:PutBucketPolicy", arn()]],
  ])("%s %s is %s", (method, url, operation, check) => {
    expect(map(method, url)).toEqual({ operation, checks: [check.join(" ")] });
  });

  test("a copy needs s3:PutObject on the destination and s3:GetObject on the decoded source", () => {
    const copy = { "x-amz-copy-source": "/uploads-sandbox/tmp/u/a%2Bb.png" };
    expect(map("PUT", "/uploads-sandbox/images/u/a%2Bb.png", copy)).toEqual({
      operation: "CopyObject",
      checks: [`s3:PutObject ${arn("images/u/a+b.png")}`, `s3:GetObject ${arn("tmp/u/a+b.png")}`],
    });
    expect(map("PUT", "/uploads-sandbox/images/u/big.png?partNumber=2&uploadId=x", copy)?.operation).toBe(
      "UploadPartCopy",
    );
  });

  test("condition keys come from the request: the listing prefix, the storage class, If-None-Match", () => {
    const [list] = s3RequestOf(
      "GET",
      "/uploads-sandbox?list-type=2&prefix=tmp%2Fu%2F&max-keys=1",
      {},
      BUCKET,
    )!.authorizations;
    expect(list.context).toMatchObject({ "s3:prefix": "tmp/u/", "s3:max-keys": "1" });
    const [put] = s3RequestOf(
      "PUT",
      "/uploads-sandbox/tmp/u/a.png",
      { "x-amz-storage-class": "GLACIER", "if-none-match": "*" },
      BUCKET,
    )!.authorizations;
    expect(put.context).toMatchObject({ "s3:x-amz-storage-class": "GLACIER", "s3:if-none-match": "*" });
  });

  test("requests it cannot authorize without their body, or for another bucket, are not mapped (the gate refuses them)", () => {
    expect(map("POST", "/uploads-sandbox?delete")).toBeUndefined();
    expect(map("POST", "/uploads-sandbox")).toBeUndefined();
    expect(map("PUT", "/other-bucket/tmp/u/a.png")).toBeUndefined();
  });
});
