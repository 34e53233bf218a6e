import { blockOf, isExpression, resourcesOf } from "./lib/terraform";
import { Finding, Rule, TerraformResource } from "./types";
import {
  ACCESS_TOKEN_VALIDITY_MINUTES,
  AUTH_SESSION_VALIDITY_MINUTES,
  ID_TOKEN_VALIDITY_MINUTES,
  REFRESH_TOKEN_VALIDITY_MINUTES,
} from "../private/limits";

const MINUTES = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof MINUTES;

/** Cognito's bounds, in minutes, and the provider's default unit of each token. */
const TOKENS: ReadonlyArray<{
  name: string;
  attribute: string;
  unit: string;
  defaultUnit: Unit;
  min: number;
  max: number;
}> = [
  {
    name: "id token",
    attribute: "id_token_validity",
    unit: "id_token",
    defaultUnit: "hours",
    min: ID_TOKEN_VALIDITY_MINUTES.min,
    max: ID_TOKEN_VALIDITY_MINUTES.max,
  },
  {
    name: "access token",
    attribute: "access_token_validity",
    unit: "access_token",
    defaultUnit: "hours",
    min: ACCESS_TOKEN_VALIDITY_MINUTES.min,
    max: ACCESS_TOKEN_VALIDITY_MINUTES.max,
  },
  {
    name: "refresh token",
    attribute: "refresh_token_validity",
    unit: "refresh_token",
    defaultUnit: "days",
    min: REFRESH_TOKEN_VALIDITY_MINUTES.min,
    max: REFRESH_TOKEN_VALIDITY_MINUTES.max,
  },
];
const AUTH_SESSION = AUTH_SESSION_VALIDITY_MINUTES;

/**
 * No tool checks this. Token lifetimes are read with their units (a 60 meant as minutes but
 * counted in the default hours is 60 hours) and must lie within Cognito's bounds: id and access
 * tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years. Revocation must stay on, so a
 * signed-out refresh token stops working.
 */
export const tokenValidityBounds: Rule = {
  id: "CUP_003",
  aliases: [],
  severity: "H",
  title: "User pool client tokens live within Cognito's bounds and can be revoked",
  check: (tf) =>
    resourcesOf(tf, "aws_cognito_user_pool_client").flatMap(([address, client]) =>
      problemsOf(client).map((message): Finding => ({ address, message })),
    ),
};

function problemsOf(client: TerraformResource): string[] {
  const units = blockOf(client.token_validity_units) ?? {};
  const problems: string[] = [];
  for (const token of TOKENS) {
    const value = client[token.attribute];
    if (value === undefined || isExpression(value)) continue;
    const unit = String(units[token.unit] ?? token.defaultUnit) as Unit;
    const minutes = Number(value) * (MINUTES[unit] ?? NaN);
    if (!(minutes >= token.min && minutes <= token.max)) {
      problems.push(
        `the ${token.name} lives ${String(value)} ${unit}, outside ${describe(token.min)}–${describe(token.max)}`,
      );
    }
  }
  const session = client.auth_session_validity;
  if (session !== undefined && !isExpression(session)) {
    const minutes = Number(session);
    if (!(minutes >= AUTH_SESSION.min && minutes <= AUTH_SESSION.max))
      problems.push(
        `auth_session_validity is ${String(session)} minutes, outside ${AUTH_SESSION.min}–${AUTH_SESSION.max}`,
      );
  }
  if (client.enable_token_revocation === false)
    problems.push("enable_token_revocation is false: a signed-out refresh token keeps working");
  return problems;
}

const describe = (minutes: number) =>
  minutes >= 1440 * 365
    ? `${minutes / 1440 / 365} years`
    : minutes >= 1440
      ? `${minutes / 1440} day(s)`
      : `${minutes} minutes`;
