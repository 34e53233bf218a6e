import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { Context, PreSignUpTriggerEvent } from "aws-lambda";
import { type LinkerConfig, readConfig } from "./config";
import { CognitoDirectory, type Directory } from "./directory";
import { normalizedEmail } from "./identity";
import { linkByEmail, type LinkOutcome } from "./link";
import { logger } from "./log";
import { FAILED_MESSAGE, refusalMessage } from "./refusals";

let runtime: { config: LinkerConfig; directory: Directory } | undefined;

/** Created on first use, so a bad setting is logged and refuses the sign-up instead of failing the cold start. */
function runtimeOf(userPoolId: string) {
  if (runtime) return runtime;
  const config = readConfig(process.env);
  return (runtime = {
    config,
    directory: new CognitoDirectory(new CognitoIdentityProviderClient({}), userPoolId, config.usernameIsEmail),
  });
}

/**
 * Pre sign-up trigger. A first federated sign-in (PreSignUp_ExternalProvider) is linked to the user
 * that owns the same email; Cognito then has to be asked again, so the sign-up is refused with a
 * message starting `ACCOUNT_LINKED` and the app repeats the sign-in, which arrives as the linked user.
 * Every other sign-up is returned unchanged.
 */
export const handler = async (event: PreSignUpTriggerEvent, context?: Context): Promise<PreSignUpTriggerEvent> => {
  logger.resetKeys();
  if (context) logger.addContext(context);
  logger.appendKeys({ trigger_source: event.triggerSource });
  if (event.triggerSource !== "PreSignUp_ExternalProvider") return event;

  let outcome: LinkOutcome;
  try {
    const { config, directory } = runtimeOf(event.userPoolId);
    outcome = await linkByEmail(
      { triggerSource: event.triggerSource, userName: event.userName, userAttributes: event.request.userAttributes },
      config,
      directory,
    );
  } catch (error) {
    const email = event.request.userAttributes.email;
    logger.error("linking failed", {
      outcome: "failed",
      error: redacted(error, [email, email && normalizedEmail(email), event.userName]),
    });
    throw new Error(FAILED_MESSAGE);
  }
  const message = refusalMessage(outcome);
  if (outcome.action === "pass") {
    logger.info("sign-up not linked", { outcome: "pass", reason: outcome.reason });
    return event;
  }
  logger.info(outcome.action === "linked" ? "identity linked" : "sign-up refused", {
    outcome: outcome.action,
    provider: outcome.provider,
    username: outcome.username,
    ...(outcome.action === "linked"
      ? { created_user: outcome.createdUser, already_linked: outcome.alreadyLinked }
      : { reason: outcome.reason }),
  });
  throw new Error(message);
};

/** The error's name, status and message, with the email and the federated username cut out of the message. */
function redacted(error: unknown, secrets: Array<string | undefined>) {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const text = secrets.reduce<string>(
    (result, value) => (value ? result.split(value).join("<redacted>") : result),
    message,
  );
  return { name, status, message: text };
}
