import { CognitoIdentityProvider } from "@cdktf/provider-aws/lib/cognito-identity-provider";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ref, Token } from "cdktf";
import { Construct } from "constructs";
import { addressOf } from "./conditional-parts";
import {
  IDENTITY_PROVIDER_DEFAULTS,
  IDENTITY_PROVIDER_TYPES,
  PLATFORM_VERIFIED_PROVIDER_TYPES,
} from "../../cognito/identity-providers";
import { MFA_MODES, mfaSettings } from "../../cognito/private/mfa-settings";
import { SmsRole } from "../../cognito/sms-role";
import { UserPoolGroupRole } from "../../cognito/user-pool-group-role";
import { LinkIdentitiesFunction } from "../../lambda/link-identities-function";
import { hclString } from "../../private/hcl-validation";
import { MAX_ROLE_MAPPING_RULES } from "../../private/limits";
import { nameWithout } from "../../private/names";
import { ImageUploads } from "../image-uploads";

/** What the module adds to the created pool so that every sign-in choice is an input. */
export interface ModuleSignIn {
  readonly smsRole: SmsRole;
  readonly linking: LinkIdentitiesFunction;
  /** One identity provider per entry of `identity_providers`. */
  readonly provider: CognitoIdentityProvider;
  readonly ssmSecret: DataAwsSsmParameter;
  readonly secretsManagerSecret: DataAwsSecretsmanagerSecretVersion;
  /** One group and role per entry of `groups`. */
  readonly group: UserPoolGroupRole;
  /** The read-every-image grant of each group with `can_read_all_images`. */
  readonly readAllImages: IamRolePolicy;
  /** `each` group's role name and ARN, for `for` expressions over `local.groups` (bound as `name`). */
  readonly groupRoleName: string;
  readonly groupRoleArn: string;
  /** The identity pool's role mappings, a dynamic block. */
  readonly roleMapping: Record<string, unknown>;
  /** Checks across inputs, as the identity pool's preconditions. */
  readonly preconditions: Array<{ condition: string; error_message: string }>;
  /** The module's locals. */
  readonly locals: Record<string, string>;
}

interface Settings {
  readonly namePrefix: string;
  readonly boundary: string;
  readonly tags: unknown;
  readonly retentionDays: number;
}

/** An HCL object of string values. */
const hclObject = (entries: Record<string, string>) =>
  `{ ${Object.entries(entries)
    .map(([key, value]) => `${key} = ${hclString(value)}`)
    .join(", ")} }`;
const hclList = (values: readonly string[]) => `[${values.map(hclString).join(", ")}]`;
/** `entries` without its null values, and without any when `condition` is false: an object whose attributes vary. */
const when = (condition: string, entries: Record<string, string>, dropNulls = false) =>
  `{ for key, value in { ${Object.entries(entries)
    .map(([key, value]) => `${key} = ${value}`)
    .join(", ")} } : key => value if ${condition}${dropNulls ? " && value != null" : ""} }`;

/**
 * Adds to the superset `uploads` (a created pool with TOTP only) the parts the module's inputs turn
 * on: the SMS role, the account-linking trigger, the identity providers (one per map entry, secrets
 * from a sensitive input, SSM or Secrets Manager), the groups with their roles, and the pool
 * settings that follow (MFA, email, recovery by phone, the trigger, the web client's providers and
 * attributes). The resources come from the constructs; only their repetition is written here.
 */
export function moduleSignIn(uploads: ImageUploads, settings: Settings): ModuleSignIn {
  const userPool = uploads.userPool!;
  const { namePrefix, boundary, tags, retentionDays } = settings;
  const pool = userPool.pool;

  const smsRole = new SmsRole(userPool, "sms-role", {
    roleName: `${nameWithout(namePrefix, String.raw`[^\w+=,.@-]+`, 56)}-sms`,
    permissionsBoundaryArn: boundary,
    tags: tags as Record<string, string>,
  });
  const linking = new LinkIdentitiesFunction(userPool, "link-identities", {
    functionName: `${nameWithout(namePrefix, "[^A-Za-z0-9_-]+", 40)}-link-identities`,
    // Replaced below by the linkable entries of identity_providers.
    providers: [{ name: "Google", type: "Google", trustEmail: false }],
    usernameIsEmail: true,
    caseInsensitiveUsernames: true,
    logRetentionDays: retentionDays,
    permissionsBoundaryArn: boundary,
    tags: tags as Record<string, string>,
  });
  linking.function.addOverride("environment.variables.LINKABLE_PROVIDERS", "${jsonencode(local.linkable_providers)}");
  linking.bindToUserPool(pool.arn);

  const providerScope = new Construct(userPool, "identity-providers");
  const ssmSecret = new DataAwsSsmParameter(providerScope, "client-secret-ssm", {
    name: "${each.value}",
    withDecryption: true,
  });
  const secretsManagerSecret = new DataAwsSecretsmanagerSecretVersion(providerScope, "client-secret", {
    secretId: "${each.value}",
  });
  const provider = new CognitoIdentityProvider(providerScope, "provider", {
    userPoolId: pool.id,
    providerName: "${each.key}",
    providerType: "${each.value.type}",
    providerDetails: Token.asStringMap(`\${${providerDetails()}}`),
    attributeMapping: Token.asStringMap(
      `\${merge(local.provider_default_mappings[each.value.type], each.value.attribute_mapping)}`,
    ),
    idpIdentifiers: Token.asList("${length(each.value.identifiers) > 0 ? each.value.identifiers : null}"),
  });

  const identityPool = uploads.identityPool;
  const group = new UserPoolGroupRole(identityPool, "group", {
    // References, not text: the construct's checks skip what only Terraform knows.
    name: Token.asString(ref("each.key")),
    precedence: Token.asNumber(ref("each.value.precedence")),
    description: Token.asString(ref("each.value.description")),
    roleName: `\${each.value.role_name != null ? each.value.role_name : format("%s-%s", ${namePrefix}, each.key)}`,
    defaultRoleName: "unused",
    userPoolId: userPool.userPoolId,
    identityPoolId: identityPool.identityPoolId,
    tags: tags as Record<string, string>,
    permissionsBoundaryArn: boundary,
  });
  const readAllImages = uploads.bucket.grantReadAllImages(group.role, "group-read-all-images");
  const groupRole = addressOf(group.node.findChild("role") as IamRolePolicy);

  wirePool(userPool, smsRole, linking, provider);
  const ssm = addressOf(ssmSecret);
  const secretsManager = addressOf(secretsManagerSecret);
  return {
    smsRole,
    linking,
    provider,
    ssmSecret,
    secretsManagerSecret,
    group,
    readAllImages,
    groupRoleName: `${groupRole}[name].name`,
    groupRoleArn: `${groupRole}[name].arn`,
    roleMapping: {
      for_each: "${length(local.groups) > 0 ? local.user_pool_client_ids : []}",
      iterator: "client",
      content: {
        identity_provider: "${local.user_pool_endpoint}:${client.value}",
        type: '${var.role_mapping == "token" ? "Token" : "Rules"}',
        // Least privilege when no group decides: the plain authenticated role, not a refusal.
        ambiguous_role_resolution: "AuthenticatedRole",
        dynamic: {
          mapping_rule: {
            for_each: '${var.role_mapping == "rules" ? local.groups_by_precedence : []}',
            iterator: "group",
            content: {
              claim: "cognito:groups",
              match_type: "Contains",
              value: "${group.value}",
              role_arn: `\${${groupRole}[group.value].arn}`,
            },
          },
        },
      },
    },
    preconditions: [
      {
        condition: "${!local.create_user_pool || var.domain_prefix != null}",
        error_message: "domain_prefix is required unless existing_user_pool is set.",
      },
      {
        condition: "${!local.create_user_pool || length(var.callback_urls) > 0}",
        error_message:
          "callback_urls must list at least one URL the hosted sign-in may return to, unless existing_user_pool is set.",
      },
      {
        condition: "${local.create_user_pool || (length(var.identity_providers) == 0 && length(var.groups) == 0)}",
        error_message:
          "identity_providers and groups need a user pool created here; with existing_user_pool, manage them in that pool.",
      },
      {
        condition: '${var.mfa != "off" ? true : var.mfa_factors == null ? true : length(var.mfa_factors) == 0}',
        error_message: 'mfa_factors must be empty when mfa is "off".',
      },
      {
        condition: '${var.mfa_factors == null ? true : var.mfa == "off" || length(var.mfa_factors) > 0}',
        error_message: 'mfa_factors must list at least one of "totp", "sms", "email" when mfa is not "off".',
      },
      {
        condition: '${!contains(local.mfa_factors, "email") || var.email != null}',
        error_message:
          'mfa_factors "email" needs the pool to send email through SES: set email.source_arn to a verified SES identity.',
      },
      {
        condition: "${var.link_accounts_by_email != true || length(local.linkable_providers) > 0}",
        error_message:
          "link_accounts_by_email needs a provider that may link: Google, SignInWithApple, or one with link_email_domains.",
      },
      {
        condition:
          '${alltrue([for name, entry in local.identity_providers : entry.type == "SAML" || entry.client_secret_ssm_parameter != null || entry.client_secret_secret_id != null || contains(keys(var.identity_provider_secrets), name)])}',
        error_message:
          "identity_providers entries other than SAML need a secret: an entry of identity_provider_secrets under the provider's name, client_secret_ssm_parameter or client_secret_secret_id.",
      },
      {
        condition: `\${var.role_mapping != "rules" || (length(var.groups) <= ${MAX_ROLE_MAPPING_RULES} && alltrue([for inner in keys(var.groups) : alltrue([for outer in keys(var.groups) : inner == outer || !strcontains(outer, inner)])]))}`,
        error_message: `role_mapping "rules" allows at most ${MAX_ROLE_MAPPING_RULES} groups, and no group name that contains another (a Contains rule on cognito:groups may match part of a name); use "token".`,
      },
    ],
    locals: {
      create_user_pool: "${var.existing_user_pool == null}",
      user_pool_arn: `\${local.create_user_pool ? ${pool.arn} : var.existing_user_pool.user_pool_arn}`,
      user_pool_id: `\${local.create_user_pool ? ${pool.id} : element(split("/", var.existing_user_pool.user_pool_arn), 1)}`,
      user_pool_endpoint: `\${local.create_user_pool ? ${pool.endpoint} : "cognito-idp.\${element(split(":", var.existing_user_pool.user_pool_arn), 3)}.amazonaws.com/\${element(split("/", var.existing_user_pool.user_pool_arn), 1)}"}`,
      user_pool_client_id: `\${local.create_user_pool ? ${userPool.webClient.id} : var.existing_user_pool.user_pool_client_id}`,
      user_pool_client_ids: `\${local.create_user_pool ? [${userPool.webClient.id}] : var.existing_user_pool.user_pool_client_ids != null ? var.existing_user_pool.user_pool_client_ids : [var.existing_user_pool.user_pool_client_id]}`,
      hosted_ui_domain: `\${local.create_user_pool && var.domain_prefix != null ? "https://\${var.domain_prefix}.auth.\${data.aws_region.current-region.name}.amazoncognito.com" : try(var.existing_user_pool.domain_url, null)}`,
      mfa_factors: '${var.mfa == "off" ? [] : var.mfa_factors != null ? var.mfa_factors : ["totp"]}',
      sms: '${local.create_user_pool && contains(local.mfa_factors, "sms")}',
      identity_providers: "${local.create_user_pool ? var.identity_providers : {}}",
      provider_default_mappings: `\${{ ${IDENTITY_PROVIDER_TYPES.map((type) => `${type} = ${hclObject(IDENTITY_PROVIDER_DEFAULTS[type].mapping)}`).join(", ")} }}`,
      provider_default_scopes: `\${${hclObject(Object.fromEntries(IDENTITY_PROVIDER_TYPES.flatMap((type) => (IDENTITY_PROVIDER_DEFAULTS[type].scopes ? [[type, IDENTITY_PROVIDER_DEFAULTS[type].scopes!]] : []))))}}`,
      ssm_secrets:
        "${{ for name, entry in local.identity_providers : name => entry.client_secret_ssm_parameter if entry.client_secret_ssm_parameter != null }}",
      secrets_manager_secrets:
        "${{ for name, entry in local.identity_providers : name => entry.client_secret_secret_id if entry.client_secret_ssm_parameter == null && entry.client_secret_secret_id != null }}",
      identity_provider_secrets:
        `\${{ for name, entry in local.identity_providers : name => (entry.client_secret_ssm_parameter != null ? ${ssm}[name].value : ` +
        `entry.client_secret_secret_id != null ? (entry.client_secret_json_key != null ? jsondecode(${secretsManager}[name].secret_string)[entry.client_secret_json_key] : ${secretsManager}[name].secret_string) : ` +
        "lookup(var.identity_provider_secrets, name, null)) }}",
      linkable_providers:
        `\${[for name, entry in local.identity_providers : merge({ name = name, type = entry.type, trustEmail = entry.trust_email, ` +
        "emailDomains = [for domain in (entry.link_email_domains == null ? [] : entry.link_email_domains) : lower(domain)] }, " +
        `{ for key, value in { lowercaseUserIds = true } : key => value if entry.lowercase_user_ids }) if entry.link_email_domains != null || contains(${hclList(PLATFORM_VERIFIED_PROVIDER_TYPES)}, entry.type)]}`,
      link_accounts:
        "${local.create_user_pool && (var.link_accounts_by_email != null ? var.link_accounts_by_email : length(local.linkable_providers) > 0)}",
      provider_mapped_attributes:
        '${distinct(flatten([for name, entry in local.identity_providers : [for attribute in keys(merge(local.provider_default_mappings[entry.type], entry.attribute_mapping)) : attribute if attribute != "username"]]))}',
      groups: "${local.create_user_pool ? var.groups : {}}",
      read_all_groups: "${{ for name, group in local.groups : name => group if group.can_read_all_images }}",
      // Precedence is a whole number below 2^31: ten digits sort as numbers do.
      groups_by_precedence:
        '${[for key in sort([for name, group in local.groups : format("%010d/%s", group.precedence, name)]) : split("/", key)[1]]}',
    },
  };
}

/** Provider details by type, as the IdentityProviders construct writes them, from one map entry (`each`). */
function providerDetails(): string {
  const secret = "local.identity_provider_secrets[each.key]";
  const type = "each.value.type";
  return `merge(${[
    when(`contains(["Google", "LoginWithAmazon", "Facebook", "OIDC"], ${type})`, {
      client_id: "each.value.client_id",
      client_secret: secret,
    }),
    when(`${type} == "Facebook"`, { api_version: "each.value.api_version" }, true),
    when(`${type} == "SignInWithApple"`, {
      client_id: "each.value.client_id",
      team_id: "each.value.team_id",
      key_id: "each.value.key_id",
      private_key: secret,
    }),
    when(`${type} == "OIDC"`, {
      oidc_issuer: "each.value.issuer_url",
      attributes_request_method: "each.value.attributes_request_method",
    }),
    when(
      `${type} == "SAML"`,
      {
        MetadataURL: "each.value.metadata_url",
        MetadataFile: "each.value.metadata_file",
        IDPSignout: "tostring(each.value.sign_out)",
        RequestSigningAlgorithm: 'each.value.sign_requests ? "rsa-sha256" : null',
        EncryptedResponses: 'each.value.encrypted_responses ? "true" : null',
      },
      true,
    ),
    when(`${type} != "SAML"`, {
      authorize_scopes: `each.value.scopes != null ? join(${type} == "Facebook" ? "," : " ", each.value.scopes) : local.provider_default_scopes[${type}]`,
    }),
  ].join(", ")})`;
}

/** The pool's MFA, email, recovery and trigger settings, and the web client's providers and attributes, from the inputs. */
function wirePool(
  userPool: NonNullable<ImageUploads["userPool"]>,
  smsRole: SmsRole,
  linking: LinkIdentitiesFunction,
  provider: CognitoIdentityProvider,
): void {
  const pool = userPool.pool;
  // The construct's own settings with every factor on: the messages and the mode names come from there.
  const every = mfaSettings(pool, {
    mfa: "optional",
    factors: ["totp", "sms", "email"],
    smsCaller: { roleArn: smsRole.role.roleArn, externalId: smsRole.externalId },
    sendsEmailThroughSes: true,
  });
  const modes = Object.fromEntries(
    MFA_MODES.map((mode) => [
      mode,
      mfaSettings(pool, { mfa: mode, factors: mode === "off" ? [] : ["totp"], sendsEmailThroughSes: false })
        .mfaConfiguration as string,
    ]),
  );
  pool.addOverride("mfa_configuration", `\${${hclObject(modes)}[var.mfa]}`);
  pool.addOverride("software_token_mfa_configuration", undefined);
  pool.addOverride("dynamic.software_token_mfa_configuration", {
    for_each: '${contains(local.mfa_factors, "totp") ? [1] : []}',
    content: { enabled: true },
  });
  pool.addOverride("dynamic.email_mfa_configuration", {
    for_each: '${contains(local.mfa_factors, "email") ? [1] : []}',
    content: { subject: every.emailMfaConfiguration!.subject, message: every.emailMfaConfiguration!.message },
  });
  pool.addOverride("dynamic.sms_configuration", {
    for_each: "${local.sms ? [1] : []}",
    content: { sns_caller_arn: every.smsConfiguration!.snsCallerArn, external_id: every.smsConfiguration!.externalId },
  });
  pool.addOverride(
    "sms_authentication_message",
    `\${local.sms ? ${hclString(every.smsAuthenticationMessage!)} : null}`,
  );
  pool.addOverride("account_recovery_setting.dynamic.recovery_mechanism", {
    for_each: "${local.sms ? [1] : []}",
    content: { name: "verified_phone_number", priority: 2 },
  });
  pool.addOverride("email_configuration", {
    email_sending_account: '${var.email != null ? "DEVELOPER" : "COGNITO_DEFAULT"}',
    source_arn: "${try(var.email.source_arn, null)}",
    from_email_address: "${try(var.email.from_address, null)}",
    reply_to_email_address: "${try(var.email.reply_to_address, null)}",
    configuration_set: "${try(var.email.configuration_set, null)}",
  });
  pool.addOverride("dynamic.lambda_config", {
    for_each: "${local.link_accounts ? [1] : []}",
    content: { pre_sign_up: linking.functionArn },
  });
  // The SMS role needs its policy before Cognito sends the first code.
  pool.addOverride("depends_on", [addressOf(smsRole.attachment)]);

  const client = userPool.webClient;
  const sms = 'local.sms ? ["phone_number"] : []';
  const writable = `concat(${hclList(client.writeAttributesInput ?? [])}, ${sms}, local.provider_mapped_attributes)`;
  client.addOverride("write_attributes", `\${sort(distinct(${writable}))}`);
  client.addOverride(
    "read_attributes",
    `\${sort(distinct(concat(${hclList(client.readAttributesInput ?? [])}, ${writable})))}`,
  );
  client.addOverride("supported_identity_providers", '${concat(["COGNITO"], keys(local.identity_providers))}');
  // A client can only name providers that exist.
  client.addOverride("depends_on", [addressOf(provider)]);
}
