import { randomBytes, randomInt, randomUUID } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { emailFilter, normalizedEmail } from "./identity";

/** A user of the pool, as far as linking cares. */
export interface DirectoryUser {
  readonly username: string;
  /** Cognito's status: `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `UNCONFIRMED`, `EXTERNAL_PROVIDER`, ... */
  readonly status: string;
  readonly enabled: boolean;
  readonly email?: string;
  readonly emailVerified: boolean;
  readonly createdAt?: Date;
}

/** A federated identity already linked to a user (an entry of its `identities` attribute). */
export interface LinkedIdentity {
  readonly providerName: string;
  readonly userId: string;
}

/** Raised when a user with the same username or verified email appeared meanwhile (a concurrent sign-in). */
export class UserExistsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserExistsError";
  }
}

/** The user-pool operations linking needs, so the decisions can be tested apart from the SDK. */
export interface Directory {
  /** Users stored under this exact spelling of `email` (ListUsers matches exactly), kept when their address equals it up to ASCII case. */
  findUsersByEmail(email: string): Promise<DirectoryUser[]>;
  /** Creates a confirmed native user with `email` marked verified and an unusable random password; returns its username. */
  createNativeUser(email: string): Promise<string>;
  /** The federated identities linked to `username`. */
  linkedIdentities(username: string): Promise<LinkedIdentity[]>;
  /** Links the provider identity to the native user `username`. */
  link(username: string, providerName: string, providerUserId: string): Promise<void>;
}

/** {@link Directory} on a Cognito user pool, through the AWS SDK. */
export class CognitoDirectory implements Directory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly usernameIsEmail: boolean,
  ) {}

  async findUsersByEmail(email: string): Promise<DirectoryUser[]> {
    const { Users = [] } = await this.client.send(
      new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: emailFilter(email), Limit: 60 }),
    );
    const wanted = normalizedEmail(email);
    return Users.map(toDirectoryUser).filter(
      (user) => user.email !== undefined && normalizedEmail(user.email) === wanted,
    );
  }

  async createNativeUser(email: string): Promise<string> {
    let username: string | undefined;
    try {
      const { User } = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          // Email-username pools take the email and assign a generated username; other pools need a username that is not an email.
          Username: this.usernameIsEmail ? email : randomUUID(),
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
          ],
          MessageAction: "SUPPRESS",
        }),
      );
      username = User?.Username;
    } catch (error) {
      const name = (error as Error).name;
      if (name === "UsernameExistsException" || name === "AliasExistsException")
        throw new UserExistsError((error as Error).message);
      throw error;
    }
    if (!username) throw new Error("AdminCreateUser returned no username");
    // A permanent password nobody knows moves the user out of FORCE_CHANGE_PASSWORD; the owner sets their own with "forgot password".
    await this.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        Password: unusablePassword(),
        Permanent: true,
      }),
    );
    return username;
  }

  async linkedIdentities(username: string): Promise<LinkedIdentity[]> {
    const { UserAttributes = [] } = await this.client.send(
      new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
    );
    return parseIdentities(attribute(UserAttributes, "identities"));
  }

  async link(username: string, providerName: string, providerUserId: string): Promise<void> {
    await this.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: this.userPoolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: username },
        SourceUser: {
          ProviderName: providerName,
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: providerUserId,
        },
      }),
    );
  }
}

/** Parses the `identities` attribute (a JSON array); anything unreadable counts as no identities. */
export function parseIdentities(text: string | undefined): LinkedIdentity[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (entry): entry is { providerName: string; userId: string } =>
          typeof entry?.providerName === "string" && typeof entry?.userId === "string",
      )
      .map(({ providerName, userId }) => ({ providerName, userId }));
  } catch {
    return [];
  }
}

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnopqrstuvwxyz";
const DIGITS = "23456789";
const SYMBOLS = "!#%+-.:=?@^_~";
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/** 100 random characters with every class Cognito's password policies can require (the longest minimum is 99). */
export function unusablePassword(): string {
  const characters = [...randomBytes(96)].map((byte) => ALL[byte % ALL.length]);
  for (const set of [UPPER, LOWER, DIGITS, SYMBOLS]) {
    characters.splice(randomInt(characters.length + 1), 0, set[randomInt(set.length)]);
  }
  return characters.join("");
}

function toDirectoryUser(user: UserType): DirectoryUser {
  const attributes = user.Attributes ?? [];
  return {
    username: user.Username ?? "",
    status: user.UserStatus ?? "UNKNOWN",
    enabled: user.Enabled !== false,
    email: attribute(attributes, "email"),
    emailVerified: attribute(attributes, "email_verified") === "true",
    createdAt: user.UserCreateDate,
  };
}

function attribute(attributes: AttributeType[], name: string): string | undefined {
  return attributes.find((entry) => entry.Name === name)?.Value;
}
