import { createHash } from "node:crypto";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { attachInlinePolicy, policyDocument, renderPolicy, RoleRef } from "./iam";
import { requireMatch } from "./validation";

/** Properties of {@link SmsRole}. */
export interface SmsRoleProps {
  /** Name of the role (1–64 letters, digits and +=,.@_-). */
  readonly roleName: string;
  /** The external id Cognito must present. @default - derived from the construct path, stable across synths */
  readonly externalId?: string;
  /** Tags for the role. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * The role Cognito assumes to send SMS (verification and MFA codes) through SNS. Only
 * `cognito-idp.amazonaws.com` presenting the external id may assume it. SNS has no resource ARN
 * for a phone number, so publishing is allowed on `*` and denied on every topic.
 */
export class SmsRole extends Construct {
  public readonly role: RoleRef;
  /** The external id to put in the pool's `sms_configuration`. */
  public readonly externalId: string;
  /** The role's policy, which must exist before the pool sends its first message. */
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: SmsRoleProps) {
    super(scope, id);
    requireMatch("SmsRole", "roleName", props.roleName, /^[\w+=,.@-]{1,64}$/, "1–64 letters, digits or +=,.@_-");
    this.externalId = props.externalId ?? `cognito-sms-${createHash("sha256").update(this.node.path).digest("hex").slice(0, 24)}`;
    requireMatch("SmsRole", "externalId", this.externalId, /^[\w+=,.@:/-]{2,1224}$/, "2–1224 letters, digits or +=,.@:/_-");
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Assumed by Cognito to send SMS through SNS",
      assumeRolePolicy: renderPolicy(policyDocument({
        Effect: "Allow",
        Principal: { Service: "cognito-idp.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": this.externalId } },
      })),
      tags: props.tags,
    });
    this.role = { roleName: role.name, roleArn: role.arn };
    this.policy = attachInlinePolicy(this, "publish-policy", this.role, "publish-sms", policyDocument(
      // Publishing to a phone number names no resource: "*" is the only resource SNS accepts for it.
      { Sid: "PublishSmsToPhoneNumbers", Effect: "Allow", Action: "sns:Publish", Resource: "*" },
      { Sid: "NoTopics", Effect: "Deny", Action: "sns:Publish", Resource: "arn:aws:sns:*:*:*" },
    ));
  }
}
