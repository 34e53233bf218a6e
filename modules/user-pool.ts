import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { requireIntegerInRange, requireMatch, requireOneOf, requireRedirectUrls } from "./validation";

/** Whether users must, may or may not set up a second factor. */
export type MfaMode = "off" | "optional" | "required";
export const MFA_MODES: readonly MfaMode[] = ["off", "optional", "required"];

/** What other constructs need to know about a user pool and its web client. */
export interface UserPoolRef {
  /** Id of the user pool, e.g. `us-east-1_AbCdEf123`. */
  readonly userPoolId: string;
  /** ARN of the user pool. */
  readonly userPoolArn: string;
  /** Endpoint of the user pool (`cognito-idp.<region>.amazonaws.com/<id>`), the identity-pool provider name. */
  readonly userPoolEndpoint: string;
  /** Id of the app client whose tokens the identity pool accepts. */
  readonly userPoolClientId: string;
}

/** Properties of {@link UserPool}. */
export interface UserPoolProps {
  /** Name of the user pool. */
  readonly name: string;
  /** Prefix of the hosted domain, `<prefix>.auth.<region>.amazoncognito.com`; unique within the region. */
  readonly domainPrefix: string;
  /** URLs the hosted sign-in may redirect to after sign-in (https, or http://localhost for development). */
  readonly callbackUrls: string[];
  /** URLs the hosted sign-out may redirect to. @default - the callback URLs */
  readonly logoutUrls?: string[];
  /** Let users also pick a username (sign-in by username or email) instead of signing in by email only. @default false */
  readonly signInWithUsername?: boolean;
  /** Let anyone sign up; when false only administrators create users. @default true */
  readonly selfSignUpEnabled?: boolean;
  /** Second factor (TOTP authenticator apps): "off", "optional" or "required". @default "optional" */
  readonly mfa?: MfaMode;
  /** Minimum password length (12–99). @default 12 */
  readonly passwordMinLength?: number;
  /** Refuse deletion of the pool (and its users) until this is turned off and applied. @default true */
  readonly deletionProtection?: boolean;
  /** Minutes an id token stays valid (5–1440). @default 60 */
  readonly idTokenValidityMinutes?: number;
  /** Minutes an access token stays valid (5–1440). @default 60 */
  readonly accessTokenValidityMinutes?: number;
  /** Days a refresh token stays valid (1–3650). @default 30 */
  readonly refreshTokenValidityDays?: number;
  /** Tags for the pool. @default - none */
  readonly tags?: Record<string, string>;
}

const OWNER = "UserPool";
/** Cognito reserves these words in prefix domains. */
const RESERVED_DOMAIN_WORDS = ["aws", "amazon", "cognito"];

/**
 * A Cognito user pool for email/password sign-in, with a hosted domain and one public web client
 * that uses the authorization-code flow with PKCE.
 */
export class UserPool extends Construct implements UserPoolRef {
  public readonly pool: CognitoUserPool;
  public readonly webClient: CognitoUserPoolClient;
  public readonly domain: CognitoUserPoolDomain;
  public readonly userPoolId: string;
  public readonly userPoolArn: string;
  public readonly userPoolEndpoint: string;
  public readonly userPoolClientId: string;
  /** Issuer of the pool's tokens (`https://cognito-idp.<region>.amazonaws.com/<id>`). */
  public readonly issuerUrl: string;
  /** Prefix of the hosted domain. */
  public readonly domainPrefix: string;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    const mfa = props.mfa ?? "optional";
    const passwordMinLength = props.passwordMinLength ?? 12;
    const idTokenMinutes = props.idTokenValidityMinutes ?? 60;
    const accessTokenMinutes = props.accessTokenValidityMinutes ?? 60;
    const refreshTokenDays = props.refreshTokenValidityDays ?? 30;
    const logoutUrls = props.logoutUrls ?? props.callbackUrls;

    requireOneOf(OWNER, "mfa", mfa, MFA_MODES);
    requireIntegerInRange(OWNER, "passwordMinLength", passwordMinLength, 12, 99, "characters");
    requireIntegerInRange(OWNER, "idTokenValidityMinutes", idTokenMinutes, 5, 1440, "minutes");
    requireIntegerInRange(OWNER, "accessTokenValidityMinutes", accessTokenMinutes, 5, 1440, "minutes");
    requireIntegerInRange(OWNER, "refreshTokenValidityDays", refreshTokenDays, 1, 3650, "days");
    requireMatch(OWNER, "name", props.name, /^[\w\s+=,.@-]{1,128}$/, "1–128 letters, digits, spaces or +=,.@_-");
    validateDomainPrefix(props.domainPrefix);
    if (!Token.isUnresolved(props.callbackUrls) && props.callbackUrls.length === 0) {
      throw new Error(`${OWNER}: callbackUrls must list at least one URL the hosted sign-in may return to`);
    }
    requireRedirectUrls(OWNER, "callbackUrls", props.callbackUrls);
    requireRedirectUrls(OWNER, "logoutUrls", logoutUrls);

    this.pool = new CognitoUserPool(this, "pool", {
      name: props.name,
      ...(props.signInWithUsername
        ? { aliasAttributes: ["email"], usernameConfiguration: { caseSensitive: false } }
        : { usernameAttributes: ["email"] }),
      autoVerifiedAttributes: ["email"],
      deletionProtection: props.deletionProtection === false ? "INACTIVE" : "ACTIVE",
      mfaConfiguration: { off: "OFF", optional: "OPTIONAL", required: "ON" }[mfa],
      softwareTokenMfaConfiguration: mfa === "off" ? undefined : { enabled: true },
      passwordPolicy: {
        minimumLength: passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: props.selfSignUpEnabled === false },
      verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE" },
      // A changed email stays unverified (and unusable for sign-in) until the user confirms it.
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdate: ["email"] },
      emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" },
      tags: props.tags,
    });

    this.domain = new CognitoUserPoolDomain(this, "domain", {
      domain: props.domainPrefix,
      userPoolId: this.pool.id,
    });

    this.webClient = new CognitoUserPoolClient(this, "web-client", {
      name: "web",
      userPoolId: this.pool.id,
      // A browser cannot keep a secret: the client is public and the app proves itself with PKCE.
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", "profile"],
      callbackUrls: props.callbackUrls,
      logoutUrls,
      supportedIdentityProviders: ["COGNITO"],
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      idTokenValidity: idTokenMinutes,
      accessTokenValidity: accessTokenMinutes,
      refreshTokenValidity: refreshTokenDays,
      tokenValidityUnits: [{ idToken: "minutes", accessToken: "minutes", refreshToken: "days" }],
      authSessionValidity: 3,
    });

    this.userPoolId = this.pool.id;
    this.userPoolArn = this.pool.arn;
    this.userPoolEndpoint = this.pool.endpoint;
    this.userPoolClientId = this.webClient.id;
    this.issuerUrl = `https://${this.pool.endpoint}`;
    this.domainPrefix = props.domainPrefix;
  }
}

function validateDomainPrefix(prefix: string): void {
  requireMatch(
    OWNER,
    "domainPrefix",
    prefix,
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  );
  if (Token.isUnresolved(prefix)) return;
  const reserved = RESERVED_DOMAIN_WORDS.find((word) => prefix.includes(word));
  if (reserved) {
    throw new Error(`${OWNER}: domainPrefix must not contain the reserved word "${reserved}", got "${prefix}"`);
  }
}
