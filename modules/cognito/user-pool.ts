import { CognitoResourceServer } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient, CognitoUserPoolClientConfig } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Annotations, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import {
  IdentityProviderConfig,
  identityProviderNames,
  IdentityProviders,
  LinkableProviderSpec,
  linkableProviders,
  mappedAttributesOf,
} from "./identity-providers";
import { LinkIdentitiesFunction, LinkIdentitiesFunctionProps } from "../lambda/link-identities-function";
import { SmsRole } from "./sms-role";
import { AppClientOptions, appClientConfig, isUserClient } from "./private/app-client-config";
import { CustomDomainOptions, domainConfig, hostedUiBaseUrl } from "./private/domain-config";
import { FeaturePlan, featurePlanSettings, ThreatProtection } from "./private/feature-plan-settings";
import { MfaFactor, mfaFactorsOf, MfaMode, mfaSettings } from "./private/mfa-settings";
import { ResourceServerOptions, resourceServerConfig, scopeIdentifiersOf } from "./private/resource-server-config";
import { permissionsBoundary } from "../private/iam";
import { nameWithout } from "../private/names";
import {
  EMAIL_ADDRESS,
  EMAIL_FROM,
  PASSWORD_MIN_LENGTH,
  SES_IDENTITY_ARN,
  SNS_CALLER_ROLE_ARN,
  USER_POOL_NAME,
} from "../private/limits";
import { fail, requireLimit, requireUnique } from "../private/validation";

export { MFA_MODES } from "./private/mfa-settings";
export type { MfaMode } from "./private/mfa-settings";

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
  /** Ids of every app client whose users' tokens the identity pool accepts (web, mobile). @default - [userPoolClientId] */
  readonly userPoolClientIds?: string[];
}

/** SMS through SNS, for SMS codes. */
export interface SmsOptions {
  /** ARN of an existing role Cognito assumes to publish SMS. @default - a role is created */
  readonly snsCallerArn?: string;
  /** External id the existing role requires (required with snsCallerArn); overrides the created role's. @default - the created role's policy id, unpredictable across deployments */
  readonly externalId?: string;
  /** Region of SNS, when SMS is sent from another region. @default - the pool's region */
  readonly snsRegion?: string;
}

/** Email sent through Amazon SES instead of Cognito's small daily allowance. */
export interface SesEmailOptions {
  /** ARN of a verified SES identity (address or domain), e.g. `arn:aws:ses:us-east-1:111122223333:identity/example.com`. */
  readonly sourceArn: string;
  /** From address, e.g. `Photos <no-reply@example.com>`. @default - the identity's address */
  readonly fromAddress?: string;
  /** Reply-to address. @default - none */
  readonly replyToAddress?: string;
  /** SES configuration set. @default - none */
  readonly configurationSet?: string;
}

/** Properties of {@link UserPool}. */
export interface UserPoolProps {
  /** Name of the user pool. */
  readonly name: string;
  /** Prefix of the hosted domain, `<prefix>.auth.<region>.amazoncognito.com`; unique within the region. Exactly one of domainPrefix and customDomain. */
  readonly domainPrefix?: string;
  /** A domain of your own for the hosted sign-in, with an ACM certificate in us-east-1. */
  readonly customDomain?: CustomDomainOptions;
  /** 1: classic hosted UI; 2: managed login (give each app client a branding style). @default 1 */
  readonly managedLoginVersion?: number;
  /** URLs the web client's hosted sign-in may redirect to after sign-in (https, or http://localhost for development). */
  readonly callbackUrls: string[];
  /** URLs the web client's hosted sign-out may redirect to. @default - the callback URLs */
  readonly logoutUrls?: string[];
  /** Let users also pick a username (sign-in by username or email) instead of signing in by email only. @default false */
  readonly signInWithUsername?: boolean;
  /** Let anyone sign up; when false only administrators create users. @default true */
  readonly selfSignUpEnabled?: boolean;
  /** Second factor: "off", "optional" or "required". @default "optional" */
  readonly mfa?: MfaMode;
  /** Second factors offered: "totp", "sms" (needs an SNS role), "email" (needs `email`). @default ["totp"] */
  readonly mfaFactors?: MfaFactor[];
  /** SMS settings, used when "sms" is a factor. @default - a role is created */
  readonly sms?: SmsOptions;
  /** Send email through SES. Required for email codes. @default - Cognito's own email (a small daily limit) */
  readonly email?: SesEmailOptions;
  /** Cognito feature plan. @default - unset: a new pool gets Essentials, an existing pool keeps its plan */
  readonly featurePlan?: FeaturePlan;
  /** Threat protection: "off", "audit" or "enforced" (Plus plan, billed per active user). @default "off" */
  readonly threatProtection?: ThreatProtection;
  /** Minimum password length (12–99). @default 12 */
  readonly passwordMinLength?: number;
  /** Refuse deletion of the pool (and its users) until this is turned off and applied. @default true */
  readonly deletionProtection?: boolean;
  /** Minutes the web client's id tokens stay valid (5–1440). @default 60 */
  readonly idTokenValidityMinutes?: number;
  /** Minutes the web client's access tokens stay valid (5–1440). @default 60 */
  readonly accessTokenValidityMinutes?: number;
  /** Days the web client's refresh tokens stay valid (1–3650). @default 30 */
  readonly refreshTokenValidityDays?: number;
  /** Federated identity providers; the web client offers them all. @default - none */
  readonly identityProviders?: IdentityProviderConfig[];
  /**
   * Link a first federated sign-in to the user with the same verified email (a pre sign-up
   * trigger), so every provider of one person signs in as one user. Only providers trusted for the
   * address's domain link: Google and Sign in with Apple, and others for their `linkEmailDomains`.
   * @default true when a provider may link (Google, Sign in with Apple, or one with linkEmailDomains)
   */
  readonly linkAccountsByEmail?: boolean;
  /** Settings of the linking function. @default - "<name>-link-identities", nodejs22.x, unreserved, 365-day logs, tracing */
  readonly linkingFunction?: Partial<
    Pick<
      LinkIdentitiesFunctionProps,
      "functionName" | "runtime" | "reservedConcurrency" | "logRetentionDays" | "tracing"
    >
  >;
  /** App clients besides the web client (presets web, mobile, server). @default - none */
  readonly clients?: AppClientOptions[];
  /** Resource servers whose scopes server clients may request. @default - none */
  readonly resourceServers?: ResourceServerOptions[];
  /** Tags for the pool and the resources it creates. @default - none */
  readonly tags?: Record<string, string>;
  /** ARN of the IAM policy that bounds the roles the pool creates: the SMS role and the linking function's (their permissions boundary). @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

const WEB_CLIENT_NAME = "web";

/**
 * A Cognito user pool for email/password and federated sign-in, with a hosted domain, one public
 * web client (authorization code with PKCE) and any number of further app clients.
 */
export class UserPool extends Construct implements UserPoolRef {
  public readonly pool: CognitoUserPool;
  public readonly webClient: CognitoUserPoolClient;
  public readonly domain: CognitoUserPoolDomain;
  public readonly userPoolId: string;
  public readonly userPoolArn: string;
  public readonly userPoolEndpoint: string;
  public readonly userPoolClientId: string;
  public readonly userPoolClientIds: string[];
  /** Issuer of the pool's tokens (`https://cognito-idp.<region>.amazonaws.com/<id>`). */
  public readonly issuerUrl: string;
  /** Prefix of the hosted domain; undefined with a custom domain. */
  public readonly domainPrefix?: string;
  /** Base URL of the hosted sign-in, with a prefix or a custom domain. */
  public readonly hostedUiBaseUrl: string;
  /** Every app client by name, the web client included. */
  public readonly clients: Readonly<Record<string, CognitoUserPoolClient>>;
  /** The federated identity providers; undefined when there are none. */
  public readonly identityProviders?: IdentityProviders;
  /** The account-linking trigger; undefined when linking is off. */
  public readonly linkingFunction?: LinkIdentitiesFunction;
  /** The role Cognito uses for SMS, when it was created here. */
  public readonly smsRole?: SmsRole;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    const mfa = props.mfa ?? "optional";
    const passwordMinLength = props.passwordMinLength ?? 12;
    requireLimit(this, "passwordMinLength", passwordMinLength, PASSWORD_MIN_LENGTH);
    requireLimit(this, "name", props.name, USER_POOL_NAME);
    const factors = mfaFactorsOf(this, mfa, props.mfaFactors);
    permissionsBoundary(this, props.permissionsBoundaryArn);
    // The domain, the web client and email are checked (and built, but for the pool's id) before anything is created.
    const domain = domainConfig(this, props);
    const webClientOptions = this.webClientOptions(props);
    if (props.email) this.validateEmail(props.email);

    const providers = props.identityProviders ?? [];
    const providerNames = identityProviderNames(providers, this, "identityProviders");
    const linkable = linkableProviders(providers, providerNames, this, "identityProviders");
    const linking = props.linkAccountsByEmail ?? linkable.length > 0;
    if (linking && providers.length === 0) {
      fail(this, "linkAccountsByEmail", "needs at least one entry in identityProviders");
    }
    if (linking && linkable.length === 0) {
      fail(
        this,
        "linkAccountsByEmail",
        "needs a provider that may link: Google, SignInWithApple, or one with linkEmailDomains " +
          `(${providerNames.join(", ")} can assert any address, so they link none without it)`,
      );
    }
    const clientContext = {
      providerNames,
      resourceServerScopes: (props.resourceServers ?? []).flatMap(scopeIdentifiersOf),
      mappedAttributes: Object.fromEntries(
        providers.map((provider, index) => [providerNames[index], mappedAttributesOf(provider)]),
      ),
      phoneNumberWritable: factors.includes("sms"),
    };
    const webClient = appClientConfig(this, "", webClientOptions, clientContext);
    if (linking) {
      this.linkingFunction = new LinkIdentitiesFunction(this, "link-identities", {
        ...props.linkingFunction,
        functionName:
          props.linkingFunction?.functionName ?? `${nameWithout(props.name, "[^A-Za-z0-9_-]+", 40)}-link-identities`,
        providers: linkable,
        usernameIsEmail: props.signInWithUsername !== true,
        // Every pool created here is case-insensitive, so Cognito lowercases federated usernames.
        caseInsensitiveUsernames: true,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
        tags: props.tags,
      });
      this.warnAboutLostIdCase(linkable);
      this.warnAboutTrustedSocialEmail(linkable);
    }
    if (factors.includes("sms") && !props.sms?.snsCallerArn) {
      this.smsRole = new SmsRole(this, "sms-role", {
        roleName: `${nameWithout(props.name, String.raw`[^\w+=,.@-]+`, 56)}-sms`,
        externalId: props.sms?.externalId,
        permissionsBoundaryArn: props.permissionsBoundaryArn,
        tags: props.tags,
      });
    }
    const smsCaller = this.smsCallerOf(props);

    this.pool = new CognitoUserPool(this, "pool", {
      name: props.name,
      ...(props.signInWithUsername ? { aliasAttributes: ["email"] } : { usernameAttributes: ["email"] }),
      // Immutable once the pool exists: Alice@x.com and alice@x.com must be one user (one sub, one folder).
      usernameConfiguration: { caseSensitive: false },
      autoVerifiedAttributes: ["email"],
      deletionProtection: props.deletionProtection === false ? "INACTIVE" : "ACTIVE",
      ...mfaSettings(this, {
        mfa,
        factors: props.mfaFactors,
        smsCaller,
        sendsEmailThroughSes: props.email !== undefined,
        featurePlan: props.featurePlan,
      }),
      ...featurePlanSettings(this, props.featurePlan, props.threatProtection ?? "off"),
      passwordPolicy: {
        minimumLength: passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      accountRecoverySetting: {
        recoveryMechanism: [
          { name: "verified_email", priority: 1 },
          // A verified phone helps users whose second factor is their email: Cognito does not recover by email then.
          ...(smsCaller ? [{ name: "verified_phone_number", priority: 2 }] : []),
        ],
      },
      adminCreateUserConfig: { allowAdminCreateUserOnly: props.selfSignUpEnabled === false },
      verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE" },
      // A changed email stays unverified (and unusable for sign-in) until the user confirms it.
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdate: ["email"] },
      emailConfiguration: props.email
        ? {
            emailSendingAccount: "DEVELOPER",
            sourceArn: props.email.sourceArn,
            fromEmailAddress: props.email.fromAddress,
            replyToEmailAddress: props.email.replyToAddress,
            configurationSet: props.email.configurationSet,
          }
        : { emailSendingAccount: "COGNITO_DEFAULT" },
      ...(this.linkingFunction ? { lambdaConfig: { preSignUp: this.linkingFunction.functionArn } } : {}),
      // The SMS role needs its policy before Cognito sends the first code.
      ...(this.smsRole ? { dependsOn: [this.smsRole.attachment] } : {}),
      tags: props.tags,
    });
    this.linkingFunction?.bindToUserPool(this.pool.arn);

    this.domain = new CognitoUserPoolDomain(this, "domain", { ...domain, userPoolId: this.pool.id });

    if (providers.length > 0) {
      this.identityProviders = new IdentityProviders(this, "identity-providers", {
        userPoolId: this.pool.id,
        providers,
      });
    }
    const resourceServers = this.createResourceServers(props.resourceServers ?? []);
    // A client can only name providers and scopes that exist.
    const dependsOn: ITerraformDependable[] = [...(this.identityProviders?.resources ?? []), ...resourceServers];
    const inPool = (config: Omit<CognitoUserPoolClientConfig, "userPoolId">): CognitoUserPoolClientConfig => ({
      ...config,
      userPoolId: this.pool.id,
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
    this.webClient = new CognitoUserPoolClient(this, "web-client", inPool(webClient));
    const extra = props.clients ?? [];
    requireUnique(this, "clients names", [WEB_CLIENT_NAME, ...extra.map((client) => client.name)]);
    const clients: Record<string, CognitoUserPoolClient> = { [WEB_CLIENT_NAME]: this.webClient };
    const userClientIds = [this.webClient.id];
    extra.forEach((options, index) => {
      const client = new CognitoUserPoolClient(
        this,
        `client-${slug(options.name)}`,
        inPool(appClientConfig(this, `clients[${index}]`, options, clientContext)),
      );
      clients[options.name] = client;
      if (isUserClient(options.preset)) userClientIds.push(client.id);
    });
    this.clients = clients;

    this.userPoolId = this.pool.id;
    this.userPoolArn = this.pool.arn;
    this.userPoolEndpoint = this.pool.endpoint;
    this.userPoolClientId = this.webClient.id;
    this.userPoolClientIds = userClientIds;
    this.issuerUrl = `https://${this.pool.endpoint}`;
    this.domainPrefix = props.domainPrefix;
    this.hostedUiBaseUrl = hostedUiBaseUrl(props, this.pool.endpoint);
  }

  private webClientOptions(props: UserPoolProps): AppClientOptions {
    if (!Token.isUnresolved(props.callbackUrls) && props.callbackUrls.length === 0) {
      fail(this, "callbackUrls", "must list at least one URL the hosted sign-in may return to");
    }
    return {
      name: WEB_CLIENT_NAME,
      preset: "web",
      callbackUrls: props.callbackUrls,
      logoutUrls: props.logoutUrls,
      idTokenValidityMinutes: props.idTokenValidityMinutes,
      accessTokenValidityMinutes: props.accessTokenValidityMinutes,
      refreshTokenValidityDays: props.refreshTokenValidityDays,
    };
  }

  private createResourceServers(servers: ResourceServerOptions[]): CognitoResourceServer[] {
    requireUnique(
      this,
      "resourceServers identifiers",
      servers.map((server) => server.identifier),
    );
    return servers.map(
      (server, index) =>
        new CognitoResourceServer(
          this,
          `resource-server-${slug(server.identifier)}`,
          resourceServerConfig(this, `resourceServers[${index}]`, server, this.pool.id),
        ),
    );
  }

  private smsCallerOf(props: UserPoolProps) {
    if (this.smsRole)
      return {
        roleArn: this.smsRole.role.roleArn,
        externalId: this.smsRole.externalId,
        snsRegion: props.sms?.snsRegion,
      };
    if (!props.sms?.snsCallerArn) return undefined;
    requireLimit(this, "sms.snsCallerArn", props.sms.snsCallerArn, SNS_CALLER_ROLE_ARN);
    if (!props.sms.externalId)
      fail(this, "sms.externalId", "must be set with sms.snsCallerArn: the role's trust policy must require it");
    return { roleArn: props.sms.snsCallerArn, externalId: props.sms.externalId, snsRegion: props.sms.snsRegion };
  }

  private validateEmail(email: SesEmailOptions): void {
    requireLimit(this, "email.sourceArn", email.sourceArn, SES_IDENTITY_ARN);
    if (email.replyToAddress !== undefined)
      requireLimit(this, "email.replyToAddress", email.replyToAddress, EMAIL_ADDRESS);
    if (email.fromAddress !== undefined) requireLimit(this, "email.fromAddress", email.fromAddress, EMAIL_FROM);
  }

  /**
   * A case-insensitive pool lowercases federated usernames, and with them the provider's user id
   * the trigger reads. Ids of Amazon, OIDC and SAML users can hold capitals: those sign-ins are not
   * linked (the trigger lets them through as users of their own).
   */
  private warnAboutLostIdCase(linkable: LinkableProviderSpec[]): void {
    const affected = linkable
      .filter(
        (provider) => ["LoginWithAmazon", "OIDC", "SAML"].includes(provider.type) && provider.lowercaseUserIds !== true,
      )
      .map((provider) => provider.name);
    if (affected.length === 0) return;
    Annotations.of(this).addWarning(
      "usernames are case-insensitive, so Cognito lowercases federated usernames and the user ids of " +
        `${affected.join(", ")} may lose their case; their first sign-ins are not linked by email (set lowercaseUserIds ` +
        `on a provider whose ids hold no capitals)`,
    );
  }

  /**
   * Facebook and Amazon accounts are not run by the owners of the domains they would be trusted
   * for: whoever shows an address there in their account signs in to its owner's account.
   */
  private warnAboutTrustedSocialEmail(linkable: LinkableProviderSpec[]): void {
    for (const provider of linkable.filter(
      (p) => p.trustEmail && (p.type === "Facebook" || p.type === "LoginWithAmazon"),
    )) {
      Annotations.of(this).addWarning(
        `trustEmail on ${provider.name} lets anyone whose ${provider.name} account shows an address at ` +
          `${(provider.emailDomains ?? []).join(", ")} sign in to the account of that address; ${provider.name} does not prove ` +
          `that the domain's owner issued it`,
      );
    }
  }
}

function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "x"
  );
}
