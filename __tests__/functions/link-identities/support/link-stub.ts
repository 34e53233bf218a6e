import {
  AdminGetUserCommand,
  type AdminLinkProviderForUserCommandInput,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";

/**
 * cognito-local 5.3 has no AdminLinkProviderForUser (it answers `CognitoLocal#Unsupported`) and no
 * federated users at all. This stub stands in for that one call: it records the request the
 * function sends, checks the destination user exists (as Cognito does), and remembers the link.
 * Cognito then lists a linked identity in the user's `identities` attribute; the stub adds that
 * attribute to cognito-local's AdminGetUser answers. Every other call reaches cognito-local.
 */
export interface LinkStub {
  /** AdminLinkProviderForUser requests, in order. */
  readonly requests: AdminLinkProviderForUserCommandInput[];
  /** Pretends `username` already has these identities linked (to test Cognito's limit). */
  preload(username: string, identities: Array<{ providerName: string; userId: string }>): void;
}

export function stubLinking(client: CognitoIdentityProviderClient, checker: CognitoIdentityProviderClient): LinkStub {
  const requests: AdminLinkProviderForUserCommandInput[] = [];
  const identities = new Map<string, Array<Record<string, unknown>>>();
  const add = (username: string, providerName: string, userId: string) =>
    identities.set(username, [...(identities.get(username) ?? []), { userId, providerName, providerType: providerName, issuer: null, primary: false, dateCreated: Date.now() }]);

  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "AdminLinkProviderForUserCommand") {
        const input = args.input as AdminLinkProviderForUserCommandInput;
        requests.push(input);
        const username = input.DestinationUser?.ProviderAttributeValue as string;
        await checker.send(new AdminGetUserCommand({ UserPoolId: input.UserPoolId, Username: username }));
        add(username, input.SourceUser?.ProviderName as string, input.SourceUser?.ProviderAttributeValue as string);
        return { output: { $metadata: { httpStatusCode: 200 } }, response: {} } as never;
      }
      const result = await next(args);
      if (context.commandName === "AdminGetUserCommand") {
        const output = result.output as { Username?: string; UserAttributes?: Array<{ Name: string; Value: string }> };
        const linked = identities.get(output.Username ?? "");
        if (linked) output.UserAttributes = [...(output.UserAttributes ?? []), { Name: "identities", Value: JSON.stringify(linked) }];
      }
      return result;
    },
    { step: "initialize", name: "linkProviderStub" },
  );
  return {
    requests,
    preload: (username, entries) => entries.forEach(({ providerName, userId }) => add(username, providerName, userId)),
  };
}
