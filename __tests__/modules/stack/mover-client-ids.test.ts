import { DEFAULT_CONFIG, validateConfig } from "../../../modules/stack/config";
import { existingUserPool } from "../../../modules/cognito/existing-user-pool";
import { defaultConfig, existingResourcesConfig, signInConfig } from "../../support/configs";
import { logicalName, onlyResource, resourcesOf, type TerraformJson, synthStack } from "../../support/synth";

/** The app clients the mover serves, as its environment lists them. */
const moverClientIds = (tf: TerraformJson): string[] =>
  resourcesOf(tf, "aws_lambda_function")[
    logicalName(tf, "aws_lambda_function", "mover")
  ].environment.variables.ALLOWED_CLIENT_IDS.split(",");
/** The app clients whose users the identity pool gives credentials. */
const identityPoolClientIds = (tf: TerraformJson): string[] =>
  onlyResource(tf, "aws_cognito_identity_pool").cognito_identity_providers.map(
    (p: { client_id: string }) => p.client_id,
  );
const clientIdOf = (tf: TerraformJson, fragment: string) =>
  `\${aws_cognito_user_pool_client.${logicalName(tf, "aws_cognito_user_pool_client", fragment)}.id}`;

describe("the app clients the mover serves", () => {
  test("are the created pool's web client by default, the one the identity pool trusts", () => {
    const { tf } = synthStack(defaultConfig);

    expect(moverClientIds(tf)).toEqual([clientIdOf(tf, "")]);
    expect(moverClientIds(tf)).toEqual(identityPoolClientIds(tf));
  });

  test("are the web and mobile clients of the created pool, not a server client", () => {
    const { tf } = synthStack(signInConfig);

    expect(moverClientIds(tf)).toEqual([clientIdOf(tf, "web"), clientIdOf(tf, "mobile")]);
    expect(moverClientIds(tf)).not.toContain(clientIdOf(tf, "thumbnailer"));
    expect(moverClientIds(tf)).toEqual(identityPoolClientIds(tf));
  });

  test("are the given client of an existing pool, not the pool's other clients", () => {
    const { tf } = synthStack(existingResourcesConfig);

    expect(moverClientIds(tf)).toEqual(["4tq8example3clientid0abcd"]);
  });

  test("are every client given for an existing pool, which the identity pool trusts too", () => {
    const existing = existingResourcesConfig.existing!;
    const { tf } = synthStack(
      validateConfig({
        ...existingResourcesConfig,
        existing: {
          ...existing,
          userPool: {
            ...existing.userPool!,
            userPoolClientIds: ["4tq8example3clientid0abcd", "7mob1le2example3client4xyz"],
          },
        },
      }),
    );

    expect(moverClientIds(tf)).toEqual(["4tq8example3clientid0abcd", "7mob1le2example3client4xyz"]);
    expect(identityPoolClientIds(tf)).toEqual(["4tq8example3clientid0abcd", "7mob1le2example3client4xyz"]);
  });

  describe("of an existing pool, rejected when invalid, naming the field", () => {
    const userPoolArn = "arn:aws:cognito-idp:eu-central-1:111122223333:userpool/eu-central-1_AbCdEf123";

    test.each([
      [
        "a client id with a hyphen",
        { userPoolClientId: "web-client" },
        /existingUserPool: userPoolClientId must be an app client id/,
      ],
      [
        "a wildcard among the clients",
        { userPoolClientId: "webclient", userPoolClientIds: ["webclient", "*"] },
        /userPoolClientIds\[1\] must be an app client id/,
      ],
      [
        "clients without the web app's client",
        { userPoolClientId: "webclient", userPoolClientIds: ["mobileclient"] },
        /userPoolClientIds must include userPoolClientId \("webclient"\)/,
      ],
    ])("%s", (_, clients, message) => {
      expect(() => existingUserPool({ userPoolArn, ...clients })).toThrow(message);
    });

    test("an empty client list in the configuration", () => {
      expect(() =>
        validateConfig({
          ...DEFAULT_CONFIG,
          existing: { userPool: { userPoolArn, userPoolClientId: "webclient", userPoolClientIds: [] } },
        }),
      ).toThrow(/existing\.userPool\.userPoolClientIds/);
    });
  });
});
