import {
  AdminGetUserCommand,
  type AdminLinkProviderForUserCommandInput,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";

/**
 * cognito-local 5.3 has no AdminLinkProviderForUser (it answers `CognitoLocal#Unsupported`) and no
 * federated users at all. This stub stands in for that one call: it records the request the
 * function sends and remembers the link, refusing a destination that Cognito would not accept
 * (a user that does not exist, one already holding five identities) or that the linker must never
 * choose (a federated user, a disabled one). Cognito then lists a linked identity in the user's
 * `identities` attribute; the stub adds that attribute to cognito-local's AdminGetUser answers.
 * A user marked federated is reported with Cognito's `EXTERNAL_PROVIDER` status by ListUsers and
 * AdminGetUser. Every other call reaches cognito-local.
 */
export interface LinkStub {
  /** AdminLinkProviderForUser requests, in order, including refused ones. */
  readonly requests: AdminLinkProviderForUserCommandInput[];
  /** Pretends `username` already has these identities linked (to test Cognito's limit). */
  preload(username: string, identities: Array<{ providerName: string; userId: string }>): void;
  /** Reports `username` as a federated user (status `EXTERNAL_PROVIDER`), as Cognito stores a provider's sign-in. */
  markFederated(username: string): void;
}

/** The five identities Cognito lets one user hold. */
const IDENTITY_LIMIT = 5;

/** An error shaped as the SDK raises a Cognito refusal. */
const refusal = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

export function stubLinking(client: CognitoIdentityProviderClient, checker: CognitoIdentityProviderClient): LinkStub {
  const requests: AdminLinkProviderForUserCommandInput[] = [];
  const identities = new Map<string, Array<Record<string, unknown>>>();
  const federated = new Set<string>();
  const add = (username: string, providerName: string, userId: string) =>
    identities.set(username, [
      ...(identities.get(username) ?? []),
      { userId, providerName, providerType: providerName, issuer: null, primary: false, dateCreated: Date.now() },
    ]);

  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "AdminLinkProviderForUserCommand") {
        const input = args.input as AdminLinkProviderForUserCommandInput;
        requests.push(input);
        const username = input.DestinationUser?.ProviderAttributeValue as string;
        // Throws UserNotFoundException for a destination that does not exist, as Cognito does.
        const destination = await checker.send(
          new AdminGetUserCommand({ UserPoolId: input.UserPoolId, Username: username }),
        );
        if (input.DestinationUser?.ProviderName !== "Cognito" || federated.has(destination.Username ?? username)) {
          throw refusal(
            "InvalidParameterException",
            "The destination must be a native user of the pool, not a federated one",
          );
        }
        if (destination.Enabled === false)
          throw refusal("InvalidParameterException", "The destination user is disabled");
        if ((identities.get(username) ?? []).length >= IDENTITY_LIMIT) {
          throw refusal("LimitExceededException", `A user can have at most ${IDENTITY_LIMIT} linked identities`);
        }
        add(username, input.SourceUser?.ProviderName as string, input.SourceUser?.ProviderAttributeValue as string);
        return { output: { $metadata: { httpStatusCode: 200 } }, response: {} } as never;
      }
      const result = await next(args);
      if (context.commandName === "AdminGetUserCommand") {
        const output = result.output as {
          Username?: string;
          UserStatus?: string;
          UserAttributes?: Array<{ Name: string; Value: string }>;
        };
        const linked = identities.get(output.Username ?? "");
        if (linked)
          output.UserAttributes = [
            ...(output.UserAttributes ?? []),
            { Name: "identities", Value: JSON.stringify(linked) },
          ];
        if (federated.has(output.Username ?? "")) output.UserStatus = "EXTERNAL_PROVIDER";
      }
      if (context.commandName === "ListUsersCommand") {
        for (const user of (result.output as { Users?: Array<{ Username?: string; UserStatus?: string }> }).Users ??
          []) {
          if (federated.has(user.Username ?? "")) user.UserStatus = "EXTERNAL_PROVIDER";
        }
      }
      return result;
    },
    { step: "initialize", name: "linkProviderStub" },
  );
  return {
    requests,
    preload: (username, entries) => {
      for (const { providerName, userId } of entries) add(username, providerName, userId);
    },
    markFederated: (username) => void federated.add(username),
  };
}
