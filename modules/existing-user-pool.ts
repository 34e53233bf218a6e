import { Fn, Token } from "cdktf";
import { UserPoolRef } from "./user-pool";
import { requireMatch } from "./validation";

/** An existing user pool and one of its app clients, as the estate already manages them. */
export interface ExistingUserPoolProps {
  /** ARN of the user pool, `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`. */
  readonly userPoolArn: string;
  /** Id of the app client whose tokens the identity pool accepts. */
  readonly userPoolClientId: string;
}

const ARN_PATTERN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/**
 * A {@link UserPoolRef} for a pool created elsewhere. The ARN carries everything the other
 * constructs need (region and id give the endpoint), so no AWS call is needed to plan.
 */
export function existingUserPool(props: ExistingUserPoolProps): UserPoolRef {
  const { userPoolArn, userPoolClientId } = props;
  if (Token.isUnresolved(userPoolArn)) {
    const region = Fn.element(Fn.split(":", userPoolArn), 3);
    const id = Fn.element(Fn.split("/", userPoolArn), 1);
    return { userPoolArn, userPoolClientId, userPoolId: id, userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
  }
  requireMatch("existingUserPool", "userPoolArn", userPoolArn, ARN_PATTERN, "a user pool ARN like arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123");
  const [, region, id] = ARN_PATTERN.exec(userPoolArn)!;
  return { userPoolArn, userPoolClientId, userPoolId: id, userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
}
