import { Fn, Token } from "cdktf";
import { UserPoolRef } from "./user-pool";
import { requireMatch } from "../private/validation";

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

const OWNER = "existingUserPool";
const ARN_PATTERN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;
/** Cognito's app client id pattern, `[\w+]+`, at most 128 characters. */
const CLIENT_ID_PATTERN = /^[\w+]{1,128}$/;
const CLIENT_ID_FORM = "an app client id (1–128 letters, digits, '_' or '+')";

/**
 * A {@link UserPoolRef} for a pool created elsewhere. The ARN carries everything the other
 * constructs need (region and id give the endpoint), so no AWS call is needed to plan.
 */
export function existingUserPool(props: ExistingUserPoolProps): UserPoolRef {
  const { userPoolArn, userPoolClientId } = props;
  const userPoolClientIds = clientIdsOf(props);
  if (Token.isUnresolved(userPoolArn)) {
    const region = Fn.element(Fn.split(":", userPoolArn), 3);
    const id = Fn.element(Fn.split("/", userPoolArn), 1);
    return { userPoolArn, userPoolClientId, userPoolClientIds, userPoolId: id, userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
  }
  requireMatch(OWNER, "userPoolArn", userPoolArn, ARN_PATTERN, "a user pool ARN like arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123");
  const [, region, id] = ARN_PATTERN.exec(userPoolArn)!;
  return { userPoolArn, userPoolClientId, userPoolClientIds, userPoolId: id, userPoolEndpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
}

function clientIdsOf(props: ExistingUserPoolProps): string[] {
  requireMatch(OWNER, "userPoolClientId", props.userPoolClientId, CLIENT_ID_PATTERN, CLIENT_ID_FORM);
  const clientIds = props.userPoolClientIds ?? [props.userPoolClientId];
  if (Token.isUnresolved(clientIds)) return clientIds;
  clientIds.forEach((clientId, index) => requireMatch(OWNER, `userPoolClientIds[${index}]`, clientId, CLIENT_ID_PATTERN, CLIENT_ID_FORM));
  if (!Token.isUnresolved(props.userPoolClientId) && !clientIds.includes(props.userPoolClientId)) {
    throw new Error(`${OWNER}: userPoolClientIds must include userPoolClientId ("${props.userPoolClientId}"), the client the web app signs in with`);
  }
  return clientIds;
}
