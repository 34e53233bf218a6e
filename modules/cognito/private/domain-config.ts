import { CognitoUserPoolDomainConfig } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Fn, Token } from "cdktf";
import { CERTIFICATE_ARN, DOMAIN_PREFIX, HOSTNAME, MANAGED_LOGIN_VERSION } from "../../private/limits";
import { fail, requireLimit, Where } from "../../private/validation";

/** A domain of your own for the hosted sign-in, served by CloudFront with an ACM certificate. */
export interface CustomDomainOptions {
  /** The domain, e.g. `auth.example.com`; its parent domain must resolve (an A record), as Cognito checks. */
  readonly domainName: string;
  /** ARN of an ACM certificate for the domain, in us-east-1 (CloudFront's region). */
  readonly certificateArn: string;
}

/** Where the hosted sign-in lives: exactly one of a prefix and a custom domain. */
export interface DomainOptions {
  /** Prefix of `<prefix>.auth.<region>.amazoncognito.com`; unique within the region. */
  readonly domainPrefix?: string;
  readonly customDomain?: CustomDomainOptions;
  /** 1: the classic hosted UI; 2: managed login (assign each app client a branding style, or its pages do not render). @default 1 */
  readonly managedLoginVersion?: number;
}

/** Validates the domain options and returns the `aws_cognito_user_pool_domain` configuration, but for the pool's id. */
export function domainConfig(where: Where, options: DomainOptions): Omit<CognitoUserPoolDomainConfig, "userPoolId"> {
  if ((options.domainPrefix === undefined) === (options.customDomain === undefined)) {
    fail(
      where,
      "domainPrefix",
      "and customDomain are exclusive: set exactly one of domainPrefix " +
        "(a <prefix>.auth.<region>.amazoncognito.com domain) and customDomain (a domain of your own with an ACM certificate)",
    );
  }
  const version = options.managedLoginVersion ?? 1;
  requireLimit(where, "managedLoginVersion", version, MANAGED_LOGIN_VERSION);
  const common = options.managedLoginVersion !== undefined ? { managedLoginVersion: version } : {};
  if (options.domainPrefix !== undefined) {
    requireLimit(where, "domainPrefix", options.domainPrefix, DOMAIN_PREFIX);
    return { ...common, domain: options.domainPrefix };
  }
  const custom = options.customDomain as CustomDomainOptions;
  requireLimit(where, "customDomain.domainName", custom.domainName, HOSTNAME);
  requireLimit(where, "customDomain.certificateArn", custom.certificateArn, CERTIFICATE_ARN);
  return { ...common, domain: custom.domainName, certificateArn: custom.certificateArn };
}

/** Base URL of the hosted sign-in (`/oauth2/authorize`, `/logout`); the region is read from the pool's endpoint. */
export function hostedUiBaseUrl(options: DomainOptions, poolEndpoint: string): string {
  if (options.customDomain) return `https://${options.customDomain.domainName}`;
  // The endpoint is cognito-idp.<region>.amazonaws.com/<id>.
  const region = Token.asString(Fn.element(Fn.split(".", poolEndpoint), 1));
  return `https://${options.domainPrefix}.auth.${region}.amazoncognito.com`;
}
