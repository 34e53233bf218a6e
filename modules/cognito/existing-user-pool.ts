import { Fn, Token } from "cdktf";
import { UserPoolRef } from "./user-pool";
import { APP_CLIENT_ID, USER_POOL_ARN } from "../private/limits";
import { fail, requireLimit, Where } from "../private/validation";

/** An existing user pool and the app clients of it whose users the stack serves, as the estate already manages them. */
export interface ExistingUserPoolProps {
  /** ARN of the user pool, `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`. */
  readonly userPoolArn: string;
  /** Id of the app client the web app signs in with (reported as the `userPoolClientId` output). */
  readonly userPoolClientId: string;
  /**
   * Ids of every app client whose users the stack serves, `userPoolClientId` among them: the identity pool gives
   * their users credentials and the API answers their id tokens; tokens of the pool's other clients are refused.
   * @default - [userPoolClientId]
   */
  readonly userPoolClientIds?: string[];
}

/**
 * A {@link UserPoolRef} for a pool created elsewhere. The ARN carries everything the other
 * constructs need (region and id give the endpoint), so no AWS call is needed to plan. Errors
 * name `where` (the construct that uses the pool) and each prop after `propPrefix`.
 */
export function existingUserPool(
  props: ExistingUserPoolProps,
  where: Where = "existingUserPool",
  propPrefix = "",
): UserPoolRef {
  const { userPoolArn, userPoolClientId } = props;
  const userPoolClientIds = clientIdsOf(props, where, propPrefix);
  if (Token.isUnresolved(userPoolArn)) {
    const region = Fn.element(Fn.split(":", userPoolArn), 3);
    const id = Fn.element(Fn.split("/", userPoolArn), 1);
    return {
      userPoolArn,
      userPoolClientId,
      userPoolClientIds,
      userPoolId: id,
      userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}`,
    };
  }
  requireLimit(where, `${propPrefix}userPoolArn`, userPoolArn, USER_POOL_ARN);
  // arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>
  const region = userPoolArn.split(":")[3];
  const id = userPoolArn.split("/")[1];
  return {
    userPoolArn,
    userPoolClientId,
    userPoolClientIds,
    userPoolId: id,
    userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}`,
  };
}

function clientIdsOf(props: ExistingUserPoolProps, where: Where, propPrefix: string): string[] {
  requireLimit(where, `${propPrefix}userPoolClientId`, props.userPoolClientId, APP_CLIENT_ID);
  const clientIds = props.userPoolClientIds ?? [props.userPoolClientId];
  if (Token.isUnresolved(clientIds)) return clientIds;
  clientIds.forEach((clientId, index) => {
    requireLimit(where, `${propPrefix}userPoolClientIds[${index}]`, clientId, APP_CLIENT_ID);
  });
  if (!Token.isUnresolved(props.userPoolClientId) && !clientIds.includes(props.userPoolClientId)) {
    fail(
      where,
      `${propPrefix}userPoolClientIds`,
      `must include userPoolClientId ("${props.userPoolClientId}"), the client the web app signs in with`,
    );
  }
  return clientIds;
}
