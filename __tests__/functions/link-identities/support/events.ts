import type { PreSignUpTriggerEvent } from "aws-lambda";

/** A pre sign-up event as Cognito sends it for a first sign-in through an identity provider. */
export function externalSignUp(
  userPoolId: string,
  userName: string,
  userAttributes: Record<string, string>,
): PreSignUpTriggerEvent {
  return {
    version: "1",
    region: "us-east-1",
    userPoolId,
    userName,
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "webclientid" },
    triggerSource: "PreSignUp_ExternalProvider",
    request: { userAttributes: { "cognito:email_alias": "", "cognito:phone_number_alias": "", ...userAttributes } },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

/** A pre sign-up event of another source (self sign-up or an administrator creating a user). */
export function otherSignUp(
  userPoolId: string,
  triggerSource: "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser",
  email: string,
): PreSignUpTriggerEvent {
  return {
    version: "1",
    region: "us-east-1",
    userPoolId,
    userName: "4f1c2a8e-0000-4000-8000-000000000001",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "webclientid" },
    triggerSource,
    request: { userAttributes: { email } },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  } as PreSignUpTriggerEvent;
}

let counter = 0;
/** A fresh address per test, so tests sharing one pool do not see each other's users. */
export const freshEmail = (label: string) => `${label}.${process.pid}.${++counter}@example.com`;
