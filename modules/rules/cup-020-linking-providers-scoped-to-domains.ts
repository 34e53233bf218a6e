import { blockOf, resourcesOf } from "./lib/terraform";
import { Finding, Rule } from "./types";

/** Provider types whose email claims the platform verifies: the only ones that may link without named domains. */
const PLATFORM_VERIFIED = ["Google", "SignInWithApple"];
/** A lowercase domain name of two or more labels: what the trigger compares an address's domain with. */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * No tool checks this. The account-linking trigger (a Lambda with `LINKABLE_PROVIDERS`) links a
 * federated sign-in into the account that owns its email address, and creates that account when
 * there is none. Whoever controls an OIDC or SAML IdP, or a Facebook or Amazon account, decides
 * the address it asserts, so such a provider may be listed only with the `emailDomains` it is the
 * authority for; otherwise it can take over, or pre-create, the account of any address. `trustEmail`
 * (an address counts as verified without `email_verified`) needs `emailDomains` on every type.
 */
export const linkingProvidersScopedToDomains: Rule = {
  id: "CUP_020",
  aliases: [],
  severity: "H",
  title: "Account linking trusts OIDC, SAML, Facebook and Amazon providers only for named email domains",
  check: (tf) =>
    resourcesOf(tf, "aws_lambda_function").flatMap(([address, fn]): Finding[] => {
      const value = (blockOf(fn.environment)?.variables as Record<string, unknown> | undefined)?.LINKABLE_PROVIDERS;
      if (value === undefined) return [];
      let providers: unknown;
      try {
        providers = JSON.parse(String(value));
      } catch {
        return [
          { address, message: "LINKABLE_PROVIDERS is not a JSON list, so which providers may link cannot be checked" },
        ];
      }
      if (!Array.isArray(providers))
        return [
          { address, message: "LINKABLE_PROVIDERS is not a JSON list, so which providers may link cannot be checked" },
        ];
      return providers.flatMap((entry): Finding[] =>
        problemsOf(entry).map((problem) => ({ address, message: problem })),
      );
    }),
};

function problemsOf(entry: unknown): string[] {
  const { name, type, trustEmail, emailDomains } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<
    string,
    unknown
  >;
  const label = `${String(name)} (${String(type)})`;
  if (emailDomains !== undefined && !Array.isArray(emailDomains))
    return [`${label} has emailDomains that are not a list of domain names`];
  const domains: unknown[] = emailDomains ?? [];
  const malformed = domains.filter((domain) => typeof domain !== "string" || !DOMAIN.test(domain));
  if (malformed.length > 0)
    return [
      `${label} has emailDomains that are not lowercase domain names: ${malformed.map((d) => JSON.stringify(d)).join(", ")}`,
    ];
  if (domains.length > 0) return [];
  if (!PLATFORM_VERIFIED.includes(String(type)))
    return [
      `${label} may link accounts without emailDomains, so it can take over the account of any address it asserts`,
    ];
  if (trustEmail === true)
    return [`${label} has trustEmail without emailDomains, so an address it has not verified still links`];
  return [];
}
