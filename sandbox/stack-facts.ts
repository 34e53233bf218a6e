import { TerraformJson } from "../modules/rules";
import { blockOf, blocksOf, referenceIn, resourcesOf } from "../modules/rules/lib/terraform";
import { AccessModel, accessModelOf } from "./iam/access-model";
import { AssignedIds } from "./iam/stand-in-values";

/** An app client of the synthesized user pool, with the id the sandbox gives it. */
export interface ClientFacts {
  readonly address: string;
  readonly name: string;
  readonly clientId: string;
  readonly idTokenValidityMinutes: number;
  readonly accessTokenValidityMinutes: number;
  readonly refreshTokenValidityDays: number;
}

/** A bucket CORS rule as S3 stores it. */
export interface CorsRule {
  readonly allowedOrigins: string[];
  readonly allowedMethods: string[];
  readonly allowedHeaders: string[];
  readonly exposeHeaders: string[];
  readonly maxAgeSeconds?: number;
}

/** Everything the sandbox takes from the synthesized Terraform, references resolved to the sandbox's ids. */
export interface StackFacts {
  readonly region: string;
  readonly access: AccessModel;
  readonly userPool: {
    readonly id: string;
    readonly name: string;
    readonly usernameAttributes: string[];
    readonly passwordPolicy: {
      minimumLength: number;
      requireLowercase: boolean;
      requireUppercase: boolean;
      requireNumbers: boolean;
      requireSymbols: boolean;
    };
    readonly clients: ClientFacts[];
  };
  readonly identityPool: {
    readonly id: string;
    readonly allowUnauthenticated: boolean;
    /** Provider name (`cognito-idp.<region>.amazonaws.com/<pool id>`) → the app client ids it accepts. */
    readonly providers: ReadonlyMap<string, ReadonlySet<string>>;
    /** Principal tag name → the token claim it carries, per provider name. */
    readonly principalTags: ReadonlyMap<string, Readonly<Record<string, string>>>;
  };
  readonly bucket: { readonly name: string; readonly cors: CorsRule[]; readonly ownershipEnforced: boolean };
  readonly mover: { readonly environment: Readonly<Record<string, string>>; readonly timeoutSeconds: number };
  readonly api: {
    readonly stageName: string;
    /** Headers of the `OPTIONS /images` mock integration's response. */
    readonly preflightHeaders: Readonly<Record<string, string>>;
    readonly preflightStatus: number;
    /** Headers API Gateway adds to its own 4XX and 5XX answers. */
    readonly gatewayResponseHeaders: Readonly<Record<"DEFAULT_4XX" | "DEFAULT_5XX", Readonly<Record<string, string>>>>;
  };
}

/** Reads the facts of `tf`, giving its user pool, identity pool and bucket the sandbox's `assigned` ids. */
export function stackFactsOf(tf: TerraformJson, assigned: AssignedIds): StackFacts {
  const access = accessModelOf(tf, assigned);
  const { resolve } = access.values;
  const only = (type: string) => {
    const found = resourcesOf(tf, type);
    if (found.length !== 1) {
      throw new Error(
        `The sandbox runs stacks with exactly one ${type}; this one has ${found.length} (bring-your-own resources are not emulated)`,
      );
    }
    return found[0];
  };

  const [poolAddress, pool] = only("aws_cognito_user_pool");
  const policy = blockOf(pool.password_policy) ?? {};
  const clients = resourcesOf(tf, "aws_cognito_user_pool_client")
    .filter(([, client]) => referenceIn(client.user_pool_id)?.address === poolAddress)
    .map(([address, client]): ClientFacts => {
      const units = blockOf(client.token_validity_units) ?? {};
      const minutes = (value: unknown, unit: unknown, fallback: number) =>
        toMinutes(Number(value ?? fallback), String(unit ?? "hours"));
      return {
        address,
        name: String(client.name),
        clientId: resolve(`\${${address}.id}`),
        idTokenValidityMinutes:
          client.id_token_validity === undefined ? 60 : minutes(client.id_token_validity, units.id_token, 1),
        accessTokenValidityMinutes:
          client.access_token_validity === undefined
            ? 60
            : minutes(client.access_token_validity, units.access_token, 1),
        refreshTokenValidityDays: Math.max(
          1,
          Math.round(minutes(client.refresh_token_validity ?? 30, units.refresh_token ?? "days", 30) / 1440),
        ),
      };
    });

  const [identityAddress, identityPool] = only("aws_cognito_identity_pool");
  const providers = new Map<string, Set<string>>();
  for (const provider of blocksOf(identityPool.cognito_identity_providers)) {
    const name = resolve(String(provider.provider_name));
    providers.set(name, new Set([...(providers.get(name) ?? []), resolve(String(provider.client_id))]));
  }
  const principalTags = new Map<string, Record<string, string>>();
  for (const [, tags] of resourcesOf(tf, "aws_cognito_identity_pool_provider_principal_tag")) {
    if (referenceIn(tags.identity_pool_id)?.address !== identityAddress) continue;
    principalTags.set(resolve(String(tags.identity_provider_name)), {
      ...(tags.principal_tags as Record<string, string>),
    });
  }

  const bucketArn = access.bucketArn;
  const bucketAddress = resourcesOf(tf, "aws_s3_bucket")[0][0];
  const forBucket = (type: string) =>
    resourcesOf(tf, type).filter(([, body]) => referenceIn(body.bucket)?.address === bucketAddress);
  const cors = forBucket("aws_s3_bucket_cors_configuration")
    .flatMap(([, body]) => blocksOf(body.cors_rule))
    .map(
      (rule): CorsRule => ({
        allowedOrigins: strings(rule.allowed_origins),
        allowedMethods: strings(rule.allowed_methods),
        allowedHeaders: strings(rule.allowed_headers),
        exposeHeaders: strings(rule.expose_headers),
        maxAgeSeconds: typeof rule.max_age_seconds === "number" ? rule.max_age_seconds : undefined,
      }),
    );
  const ownershipEnforced = forBucket("aws_s3_bucket_ownership_controls").some(
    ([, body]) => blockOf(body.rule)?.object_ownership === "BucketOwnerEnforced",
  );

  const integration = resourcesOf(tf, "aws_api_gateway_integration").find(
    ([, body]) => referenceIn(body.uri)?.attribute === "invoke_arn",
  );
  const functionAddress = integration && referenceIn(integration[1].uri)?.address;
  const moverFunction = functionAddress
    ? resourcesOf(tf, "aws_lambda_function").find(([address]) => address === functionAddress)?.[1]
    : undefined;
  if (!moverFunction) throw new Error("The synthesized stack has no function behind its API");
  const variables = (blockOf(moverFunction.environment)?.variables ?? {}) as Record<string, string>;
  const environment = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, resolve(String(value))]),
  );

  const [, stage] = only("aws_api_gateway_stage");
  const preflight = resourcesOf(tf, "aws_api_gateway_integration_response").find(([, body]) =>
    Object.keys((body.response_parameters ?? {}) as object).some((name) =>
      name.endsWith("Access-Control-Allow-Methods"),
    ),
  );
  const preflightStatus = preflight ? statusOf(tf, preflight[1].status_code) : 204;
  const gatewayResponses = resourcesOf(tf, "aws_api_gateway_gateway_response");
  const gatewayHeaders = (type: string) =>
    headersOf(
      gatewayResponses.find(([, body]) => body.response_type === type)?.[1].response_parameters,
      "gatewayresponse.header.",
    );

  return {
    region: access.values.region,
    access,
    userPool: {
      id: access.values.userPoolId,
      name: String(pool.name),
      usernameAttributes: strings(pool.username_attributes),
      passwordPolicy: {
        minimumLength: Number(policy.minimum_length ?? 8),
        requireLowercase: policy.require_lowercase !== false,
        requireUppercase: policy.require_uppercase !== false,
        requireNumbers: policy.require_numbers !== false,
        requireSymbols: policy.require_symbols !== false,
      },
      clients,
    },
    identityPool: {
      id: access.values.identityPoolId,
      allowUnauthenticated: identityPool.allow_unauthenticated_identities === true,
      providers,
      principalTags,
    },
    bucket: { name: bucketArn.replace(/^arn:aws:s3:::/, ""), cors, ownershipEnforced },
    mover: { environment, timeoutSeconds: Number(moverFunction.timeout ?? 3) },
    api: {
      stageName: String(stage.stage_name),
      preflightHeaders: headersOf(preflight?.[1].response_parameters, "method.response.header."),
      preflightStatus,
      gatewayResponseHeaders: {
        DEFAULT_4XX: gatewayHeaders("DEFAULT_4XX"),
        DEFAULT_5XX: gatewayHeaders("DEFAULT_5XX"),
      },
    },
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function toMinutes(value: number, unit: string): number {
  return unit === "seconds"
    ? Math.ceil(value / 60)
    : unit === "minutes"
      ? value
      : unit === "days"
        ? value * 1440
        : value * 60;
}

/** API Gateway header mappings (`'literal'` values) as plain headers. */
function headersOf(parameters: unknown, prefix: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((parameters ?? {}) as Record<string, unknown>)) {
    if (!name.startsWith(prefix) || typeof value !== "string") continue;
    const literal = /^'(.*)'$/.exec(value);
    if (literal) headers[name.slice(prefix.length)] = literal[1];
  }
  return headers;
}

function statusOf(tf: TerraformJson, value: unknown): number {
  const reference = referenceIn(value);
  if (!reference) return Number(value);
  const [type, name] = reference.address.split(".");
  return Number(tf.resource?.[type]?.[name]?.status_code ?? 200);
}
