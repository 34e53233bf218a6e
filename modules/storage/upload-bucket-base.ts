import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { RoleRef } from "../private/iam";
import { UploadGrants } from "./private/upload-grants";

/** What other constructs need to know about the upload bucket. */
export interface UploadBucketRef {
  /** Name of the bucket. */
  readonly bucketName: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** Prefix browsers upload into (ends in `/`). */
  readonly uploadPrefix: string;
  /** Prefix of the permanent images (ends in `/`). */
  readonly imagePrefix: string;
}

/**
 * An upload bucket, created here or brought from an estate, that can grant the upload flow's access.
 * Each grant may be given to any number of roles and returns the inline policy it attached; granting
 * a role what it already has returns the same policy.
 */
export interface IUploadBucket extends UploadBucketRef {
  /** Lets `role` upload into its own `<uploadPrefix><sub>/` folder and nothing else. */
  grantUserUploads(role: RoleRef): IamRolePolicy;
  /** Lets `role` read its own `<imagePrefix><sub>/` folder. */
  grantUserReads(role: RoleRef): IamRolePolicy;
  /** Lets `role` move uploads to the image prefix. */
  grantMove(role: RoleRef): IamRolePolicy;
  /** Lets `role` delete uploads (conditionally, on their ETag) under the upload prefix only: the oversize sweeper. */
  grantSweep(role: RoleRef): IamRolePolicy;
  /** Lets `role` read the uploads' tags, where GuardDuty puts its scan result; no tag writes. */
  grantScanResultReads(role: RoleRef): IamRolePolicy;
  /** Lets `role` list and read every user's images (e.g. an administrators group's role); `id` names the policy's construct. */
  grantReadAllImages(role: RoleRef, id?: string): IamRolePolicy;
}

/** What the created and the existing upload bucket share: the grants, delegated to {@link UploadGrants}. */
export abstract class UploadBucketBase extends Construct implements IUploadBucket {
  public abstract readonly bucketName: string;
  public abstract readonly bucketArn: string;
  public abstract readonly uploadPrefix: string;
  public abstract readonly imagePrefix: string;
  protected abstract readonly grants: UploadGrants;

  public grantUserUploads(role: RoleRef): IamRolePolicy {
    return this.grants.grantUserUploads(this, role);
  }

  public grantUserReads(role: RoleRef): IamRolePolicy {
    return this.grants.grantUserReads(this, role);
  }

  public grantMove(role: RoleRef): IamRolePolicy {
    return this.grants.grantMove(this, role);
  }

  public grantSweep(role: RoleRef): IamRolePolicy {
    return this.grants.grantSweep(this, role);
  }

  public grantScanResultReads(role: RoleRef): IamRolePolicy {
    return this.grants.grantScanResultReads(this, role);
  }

  public grantReadAllImages(role: RoleRef, id?: string): IamRolePolicy {
    return this.grants.grantReadAllImages(this, role, id);
  }
}
