/** One authorization S3 makes for a request: an IAM action on a resource, with the request's condition keys. */
export interface Authorization {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

/** What an S3 request asks of IAM: its operation's name and every authorization it needs (CopyObject needs two). */
export interface S3Request {
  readonly operation: string;
  readonly authorizations: Authorization[];
}

/** S3 condition keys taken from request headers when present. */
const HEADER_CONDITION_KEYS = [
  "x-amz-acl",
  "x-amz-storage-class",
  "x-amz-server-side-encryption",
  "x-amz-server-side-encryption-aws-kms-key-id",
  "x-amz-copy-source",
  "x-amz-metadata-directive",
  "x-amz-content-sha256",
  "x-amz-object-lock-mode",
  "x-amz-object-lock-retain-until-date",
  "x-amz-object-lock-legal-hold",
  "x-amz-grant-full-control",
  "x-amz-grant-read",
  "x-amz-grant-write",
];

/**
 * Maps an S3 REST request (path-style, to `bucket`) to the IAM actions and resources S3 authorizes it against, as
 * the Service Authorization Reference lists them for the operations browsers and the mover use. Returns undefined for
 * a request the sandbox does not map; the gate refuses those.
 */
export function s3RequestOf(
  method: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
  bucket: string,
): S3Request | undefined {
  const [rawPath, rawQuery = ""] = url.split(/\?(.*)/s);
  const query = new URLSearchParams(rawQuery);
  const has = (name: string) => query.has(name);
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const segments = rawPath.split("/");
  if (segments[1] !== bucket) return undefined;
  const key = segments.slice(2).join("/");
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const context: Record<string, string | string[]> = {};
  for (const name of HEADER_CONDITION_KEYS) {
    const value = header(name);
    if (value !== undefined) context[`s3:${name}`] = value;
  }
  for (const [name, key] of [
    ["if-match", "s3:if-match"],
    ["if-none-match", "s3:if-none-match"],
  ] as const) {
    const value = header(name);
    if (value !== undefined) context[key] = value;
  }
  const one = (
    operation: string,
    action: string,
    resource: string,
    extra: Record<string, string | string[]> = {},
  ): S3Request => ({ operation, authorizations: [{ action, resource, context: { ...context, ...extra } }] });

  if (key === "") {
    // Bucket-level requests.
    if (method === "GET" || method === "HEAD") {
      if (has("uploads")) return one("ListMultipartUploads", "s3:ListBucketMultipartUploads", bucketArn);
      if (has("versions")) return one("ListObjectVersions", "s3:ListBucketVersions", bucketArn);
      const subresource = [
        "cors",
        "policy",
        "acl",
        "location",
        "versioning",
        "lifecycle",
        "encryption",
        "ownershipControls",
        "publicAccessBlock",
        "website",
        "tagging",
      ].find(has);
      if (subresource) return one(`GetBucket${capitalized(subresource)}`, bucketReadAction(subresource), bucketArn);
      const list: Record<string, string> = {};
      for (const [param, conditionKey] of [
        ["prefix", "s3:prefix"],
        ["delimiter", "s3:delimiter"],
        ["max-keys", "s3:max-keys"],
      ]) {
        if (query.has(param)) list[conditionKey] = query.get(param) ?? "";
      }
      return one(method === "HEAD" ? "HeadBucket" : "ListObjects", "s3:ListBucket", bucketArn, list);
    }
    if (method === "PUT") {
      const subresource = [
        "cors",
        "policy",
        "acl",
        "versioning",
        "lifecycle",
        "encryption",
        "ownershipControls",
        "publicAccessBlock",
        "website",
        "tagging",
      ].find(has);
      return subresource
        ? one(`PutBucket${capitalized(subresource)}`, bucketWriteAction(subresource), bucketArn)
        : one("CreateBucket", "s3:CreateBucket", bucketArn);
    }
    if (method === "DELETE") {
      const subresource = [
        "cors",
        "policy",
        "lifecycle",
        "encryption",
        "ownershipControls",
        "publicAccessBlock",
        "website",
        "tagging",
      ].find(has);
      if (!subresource) return one("DeleteBucket", "s3:DeleteBucket", bucketArn);
      const action =
        subresource === "policy"
          ? "s3:DeleteBucketPolicy"
          : subresource === "website"
            ? "s3:DeleteBucketWebsite"
            : bucketWriteAction(subresource);
      return one(`DeleteBucket${capitalized(subresource)}`, action, bucketArn);
    }
    // POST ?delete (DeleteObjects) and browser form POSTs need the request body to authorize: not mapped.
    return undefined;
  }

  const objectArn = `${bucketArn}/${decodeURIComponent(key)}`;
  const copySource = header("x-amz-copy-source");
  switch (method) {
    case "GET":
    case "HEAD":
      if (has("uploadId")) return one("ListParts", "s3:ListMultipartUploadParts", objectArn);
      if (has("tagging"))
        return one(
          "GetObjectTagging",
          has("versionId") ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging",
          objectArn,
        );
      if (has("acl"))
        return one("GetObjectAcl", has("versionId") ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl", objectArn);
      if (has("attributes"))
        return one(
          "GetObjectAttributes",
          has("versionId") ? "s3:GetObjectVersionAttributes" : "s3:GetObjectAttributes",
          objectArn,
        );
      if (has("torrent") || has("retention") || has("legal-hold")) return undefined;
      return one(
        method === "HEAD" ? "HeadObject" : "GetObject",
        has("versionId") ? "s3:GetObjectVersion" : "s3:GetObject",
        objectArn,
      );
    case "PUT": {
      if (has("tagging")) return one("PutObjectTagging", "s3:PutObjectTagging", objectArn);
      if (has("acl")) return one("PutObjectAcl", "s3:PutObjectAcl", objectArn);
      if (has("retention") || has("legal-hold")) return undefined;
      const part = has("partNumber") && has("uploadId");
      const authorizations: Authorization[] = [{ action: "s3:PutObject", resource: objectArn, context }];
      if (copySource !== undefined) {
        const source = decodeURIComponent(copySource.replace(/^\//, "").split("?")[0]);
        const versioned = /[?&]versionId=/.test(copySource);
        authorizations.push({
          action: versioned ? "s3:GetObjectVersion" : "s3:GetObject",
          resource: `arn:aws:s3:::${source}`,
          context,
        });
      }
      if (!part && header("x-amz-tagging") !== undefined)
        authorizations.push({ action: "s3:PutObjectTagging", resource: objectArn, context });
      const operation = part
        ? copySource !== undefined
          ? "UploadPartCopy"
          : "UploadPart"
        : copySource !== undefined
          ? "CopyObject"
          : "PutObject";
      return { operation, authorizations };
    }
    case "POST":
      if (has("uploads")) return one("CreateMultipartUpload", "s3:PutObject", objectArn);
      if (has("uploadId")) return one("CompleteMultipartUpload", "s3:PutObject", objectArn);
      if (has("restore")) return one("RestoreObject", "s3:RestoreObject", objectArn);
      return undefined;
    case "DELETE":
      if (has("uploadId")) return one("AbortMultipartUpload", "s3:AbortMultipartUpload", objectArn);
      if (has("tagging"))
        return one(
          "DeleteObjectTagging",
          has("versionId") ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging",
          objectArn,
        );
      return one("DeleteObject", has("versionId") ? "s3:DeleteObjectVersion" : "s3:DeleteObject", objectArn);
    default:
      return undefined;
  }
}

const BUCKET_ACTION_NAMES: Record<string, string> = {
  cors: "BucketCORS",
  policy: "BucketPolicy",
  acl: "BucketAcl",
  location: "BucketLocation",
  versioning: "BucketVersioning",
  lifecycle: "LifecycleConfiguration",
  encryption: "EncryptionConfiguration",
  ownershipControls: "BucketOwnershipControls",
  publicAccessBlock: "BucketPublicAccessBlock",
  website: "BucketWebsite",
  tagging: "BucketTagging",
};

function bucketReadAction(subresource: string): string {
  return `s3:Get${BUCKET_ACTION_NAMES[subresource]}`;
}

function bucketWriteAction(subresource: string): string {
  return `s3:Put${BUCKET_ACTION_NAMES[subresource]}`;
}

const capitalized = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;
