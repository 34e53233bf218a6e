import { CognitoUserPoolDomainConfig } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Fn, Token } from "cdktf";
import { requireArn, requireHostname } from "./sign-in-validation";
import { requireMatch, requireOneOf } from "../../private/validation";

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

/** Cognito reserves these words in prefix domains. */
const RESERVED_DOMAIN_WORDS = ["aws", "amazon", "cognito"];

/** Validates the domain options and returns the `aws_cognito_user_pool_domain` configuration, but for the pool's id. */
export function domainConfig(owner: string, options: DomainOptions): Omit<CognitoUserPoolDomainConfig, "userPoolId"> {
  if ((options.domainPrefix === undefined) === (options.customDomain === undefined)) {
    throw new Error(`${owner}: set exactly one of domainPrefix (a <prefix>.auth.<region>.amazoncognito.com domain) and customDomain (a domain of your own with an ACM certificate)`);
  }
  const version = options.managedLoginVersion ?? 1;
  requireOneOf(owner, "managedLoginVersion", String(version), ["1", "2"]);
  const common = options.managedLoginVersion !== undefined ? { managedLoginVersion: version } : {};
  if (options.domainPrefix !== undefined) {
    validateDomainPrefix(owner, options.domainPrefix);
    return { ...common, domain: options.domainPrefix };
  }
  const custom = options.customDomain as CustomDomainOptions;
  requireHostname(owner, "customDomain.domainName", custom.domainName);
  requireArn(owner, "customDomain.certificateArn", custom.certificateArn, "acm", /^certificate\/[\w-]{1,128}$/,
    "arn:aws:acm:us-east-1:111122223333:certificate/<id> (CloudFront takes certificates from us-east-1 only)", "us-east-1");
  return { ...common, domain: custom.domainName, certificateArn: custom.certificateArn };
}

/** Base URL of the hosted sign-in (`/oauth2/authorize`, `/logout`); the region is read from the pool's endpoint. */
export function hostedUiBaseUrl(options: DomainOptions, poolEndpoint: string): string {
  if (options.customDomain) return `https://${options.customDomain.domainName}`;
  // The endpoint is cognito-idp.<region>.amazonaws.com/<id>.
  const region = Token.asString(Fn.element(Fn.split(".", poolEndpoint), 1));
  return `https://${options.domainPrefix}.auth.${region}.amazoncognito.com`;
}

function validateDomainPrefix(owner: string, prefix: string): void {
  requireMatch(owner, "domainPrefix", prefix, /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen");
  if (Token.isUnresolved(prefix)) return;
  const reserved = RESERVED_DOMAIN_WORDS.find((word) => prefix.includes(word));
  if (reserved) throw new Error(`${owner}: domainPrefix must not contain the reserved word "${reserved}", got "${prefix}"`);
}
