import { DataAwsArn } from "@cdktf/provider-aws/lib/data-aws-arn";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { permissionsBoundary, policyDocument, renderPolicy, RoleRef } from "../private/iam";
import { ROLE_NAME, SMS_EXTERNAL_ID } from "../private/limits";
import { requireLimit } from "../private/validation";

/** The service principal of Cognito user pools. */
const COGNITO_IDP_PRINCIPAL = "cognito-idp.amazonaws.com";

/** Properties of {@link SmsRole}. */
export interface SmsRoleProps {
  /** Name of the role (1–64 letters, digits and +=,.@_-); its publish policy is named `<roleName>-publish`. */
  readonly roleName: string;
  /**
   * The external id Cognito must present (2–1224 letters, digits or +=,.@:/_-). A literal value is
   * the same in every deployment of the configuration; the default is not.
   * @default - the publish policy's AWS-assigned id (`policy_id`): unpredictable, and stable for the life of the policy
   */
  readonly externalId?: string;
  /** Tags for the role and its policy. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds the role (its permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

/**
 * The role Cognito assumes to send SMS (verification and MFA codes) through SNS.
 *
 * Only `cognito-idp.amazonaws.com` may assume it, on behalf of a user pool of this account
 * (`aws:SourceAccount`, and `aws:SourceArn` of this account's user pools) and presenting the
 * external id; a pool in another account is refused whatever external id it sends. The account is
 * read from the ARN of the role's own publish policy, which AWS assigns at apply time, so the
 * configuration needs no `aws_caller_identity` lookup and still plans without credentials. SNS has
 * no resource ARN for a phone number, so publishing is allowed on `*` and denied on every topic.
 */
export class SmsRole extends Construct {
  public readonly role: RoleRef;
  /** The external id to put in the pool's `sms_configuration`. */
  public readonly externalId: string;
  /** The managed policy that lets the role publish SMS. */
  public readonly policy: IamPolicy;
  /** The attachment of that policy, which must exist before the pool sends its first message. */
  public readonly attachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: SmsRoleProps) {
    super(scope, id);
    requireLimit(this, "roleName", props.roleName, ROLE_NAME);
    if (props.externalId !== undefined) requireLimit(this, "externalId", props.externalId, SMS_EXTERNAL_ID);
    const boundary = permissionsBoundary(this, props.permissionsBoundaryArn);
    this.policy = new IamPolicy(this, "publish-policy", {
      name: `${props.roleName}-publish`,
      description: "Lets Cognito publish SMS to phone numbers, and to no topic",
      policy: renderPolicy(
        policyDocument(
          // Publishing to a phone number names no resource: "*" is the only resource SNS accepts for it.
          { Sid: "PublishSmsToPhoneNumbers", Effect: "Allow", Action: "sns:Publish", Resource: "*" },
          { Sid: "NoTopics", Effect: "Deny", Action: "sns:Publish", Resource: "arn:aws:sns:*:*:*" },
        ),
      ),
      tags: props.tags,
    });
    this.externalId = props.externalId ?? this.policy.policyId;
    // Parsing an ARN is local to the provider: no AWS call at plan time, unlike aws_caller_identity.
    const policyArn = new DataAwsArn(this, "policy-arn", { arn: this.policy.arn });
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Assumed by Cognito to send SMS through SNS",
      assumeRolePolicy: renderPolicy(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: COGNITO_IDP_PRINCIPAL },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "sts:ExternalId": this.externalId, "aws:SourceAccount": policyArn.account },
            // Any region of this account: the account is what keeps other customers' pools out.
            ArnLike: { "aws:SourceArn": `arn:${policyArn.partition}:cognito-idp:*:${policyArn.account}:userpool/*` },
          },
        }),
      ),
      permissionsBoundary: boundary,
      tags: props.tags,
    });
    this.role = { roleName: role.name, roleArn: role.arn };
    this.attachment = new IamRolePolicyAttachment(this, "publish-policy-attachment", {
      role: role.name,
      policyArn: this.policy.arn,
    });
  }
}
