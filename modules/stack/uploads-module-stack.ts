import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { DataAwsArn } from "@cdktf/provider-aws/lib/data-aws-arn";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ref,
  TerraformDataSource,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
} from "cdktf";
import { Construct } from "constructs";
import { ImageUploads } from "./image-uploads";
import { AWS_PROVIDER_VERSION_RANGE } from "./uploads-stack";
import {
  addressOf,
  applyConditionalParts,
  ConditionalPart,
  conditionalStatements,
  elementsUnder,
} from "./private/conditional-parts";
import { MODULE_INPUTS, validationsOf } from "./private/module-inputs";
import { ModuleSignIn, moduleSignIn } from "./private/module-sign-in";
import { UploadBucket } from "../storage/upload-bucket";

/** Names of the module's inputs. */
export const MODULE_INPUT_NAMES = Object.keys(MODULE_INPUTS);

/** Terraform versions the module works with: `optional()` object attributes with defaults and `moved` blocks. */
export const MODULE_TERRAFORM_VERSION = ">= 1.5.0";

/**
 * The upload flow as a reusable Terraform module, every choice an input. It is synthesized with
 * every optional part present (created pool, bucket and API, guests, SMS, account linking, identity
 * providers, groups, the account logging role...), and each part then gets `count` or `for_each`
 * from its input, with the references to it read through locals that pick the existing or the
 * created resource (see private/conditional-parts.ts). The region is the caller's provider's; the
 * writer removes the provider block so that callers may use count, for_each and depends_on.
 */
export class UploadsModuleStack extends TerraformStack {
  public readonly uploads: ImageUploads;
  private readonly parts: ConditionalPart[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Only for synthesis: the writer drops the provider block; callers pass their own.
    new AwsProvider(this, "aws", {});
    this.addOverride("terraform.required_providers.aws", {
      source: "hashicorp/aws",
      version: AWS_PROVIDER_VERSION_RANGE,
    });
    this.addOverride("terraform.required_version", MODULE_TERRAFORM_VERSION);

    const inputs = Object.fromEntries(
      Object.entries(MODULE_INPUTS).map(([name, input]) => {
        const variable = new TerraformVariable(this, name, {
          type: input.type,
          description: input.description,
          default: input.default ?? undefined,
          // An input without a default, or with a value as default, is never null; a null default means "none".
          nullable: input.default === null,
          sensitive: input.sensitive,
          validation: validationsOf(name, input),
        });
        if (input.default === null) variable.addOverride("default", null);
        return [name, variable];
      }),
    );
    const region = new DataAwsRegion(this, "current-region");
    const boundary = inputs.permissions_boundary_arn.stringValue;
    const tags = inputs.tags.value;
    const retentionDays = inputs.log_retention_days.numberValue;

    this.uploads = new ImageUploads(this, "uploads", {
      region: region.name,
      namePrefix: inputs.name_prefix.stringValue,
      allowedOrigins: inputs.allowed_origins.listValue,
      tags,
      userPool: {
        domainPrefix: inputs.domain_prefix.stringValue,
        callbackUrls: inputs.callback_urls.listValue,
        // An empty list means "same as the callback URLs".
        logoutUrls: Token.asList("${length(var.logout_urls) > 0 ? var.logout_urls : var.callback_urls}"),
        // The second factor is set from the inputs below; TOTP is the superset's only literal one.
        mfa: "optional",
        mfaFactors: ["totp"],
      },
      allowGuests: true,
      usersCanReadOwnImages: true,
      bucket: {
        uploadExpirationDays: inputs.upload_expiration_days.numberValue,
        kmsKeyArn: inputs.kms_key_arn.stringValue,
        versioned: true,
      },
      api: {
        throttleRateLimit: inputs.throttle_rate_limit.numberValue,
        throttleBurstLimit: inputs.throttle_burst_limit.numberValue,
        accessLogRetentionDays: retentionDays,
        manageAccountLoggingRole: true,
      },
      mover: { maxUploadBytes: inputs.max_upload_bytes.numberValue, logRetentionDays: retentionDays },
      permissionsBoundaryArn: boundary,
      // The bus in use: the input's, or the default bus of the mover's account and region (see wireEvents).
      eventBusArn: Token.asString(ref("local.event_bus_arn", this)),
      // Present in the superset; it exists on malware_scanning (see wireMalwareScanning).
      malwareScanning: true,
      outputs: false,
    });
    const signIn = moduleSignIn(this.uploads, {
      namePrefix: inputs.name_prefix.stringValue,
      boundary,
      tags,
      retentionDays,
    });
    this.wireUserPool(signIn);
    this.wireIdentityPool(signIn);
    this.wireMalwareScanning();
    this.addOverride("locals", {
      ...signIn.locals,
      ...this.wireBucket(),
      ...this.wireApi(),
      ...this.wireEvents(),
    });
    this.addOutputs(region.name, signIn);
  }

  /** The synthesized module, with the optional parts' count and for_each and the moves from unconditional addresses. */
  // biome-ignore lint/suspicious/noExplicitAny: TerraformStack.toTerraform's own return type
  public toTerraform(): any {
    const tf = super.toTerraform();
    applyConditionalParts(tf, this.parts);
    // Without a key, the grants name no key.
    conditionalStatements(tf, "${var.kms_key_arn}", "var.kms_key_arn != null");
    const moved = this.parts
      .filter((part) => part.when !== undefined)
      .flatMap((part) => part.members())
      .filter((member) => member instanceof TerraformResource)
      .map((member) => addressOf(member))
      .sort()
      .map((address) => ({ from: address, to: `${address}[0]` }));
    tf.moved = moved;
    const tokens = /TfToken\[[^\]]*\]/.exec(JSON.stringify(tf));
    if (tokens)
      throw new Error(`the module holds an unresolved token (${tokens[0]}): a name was built from a token's text`);
    return tf;
  }

  private part(part: ConditionalPart): ConditionalPart {
    this.parts.push(part);
    return part;
  }

  /** The created pool and what comes with it exist only without existing_user_pool; SMS, linking, providers and groups on their inputs. */
  private wireUserPool(signIn: ModuleSignIn): void {
    const userPool = this.uploads.userPool!;
    const pool = this.part({
      name: "user pool",
      when: "local.create_user_pool",
      members: () => elementsUnder(userPool),
      substitutes: [
        { member: userPool.pool, attribute: "arn", expression: "local.user_pool_arn" },
        { member: userPool.pool, attribute: "id", expression: "local.user_pool_id" },
        { member: userPool.pool, attribute: "endpoint", expression: "local.user_pool_endpoint" },
        { member: userPool.webClient, attribute: "id", expression: "local.user_pool_client_id" },
      ],
    });
    // Without a prefix the plan stops on the identity pool's precondition, not on a domain without a name.
    this.part({
      name: "domain",
      when: "local.create_user_pool && var.domain_prefix != null",
      parent: pool,
      members: () => [userPool.domain],
    });
    this.part({ name: "SMS role", when: "local.sms", parent: pool, members: () => elementsUnder(signIn.smsRole) });
    this.part({
      name: "account linking",
      when: "local.link_accounts",
      parent: pool,
      members: () => elementsUnder(signIn.linking),
    });
    const providers = this.part({
      name: "identity providers",
      forEach: "local.identity_providers",
      parent: pool,
      members: () => [signIn.provider],
    });
    this.part({
      name: "SSM secrets",
      forEach: "local.ssm_secrets",
      parent: providers,
      members: () => [signIn.ssmSecret],
    });
    this.part({
      name: "Secrets Manager secrets",
      forEach: "local.secrets_manager_secrets",
      parent: providers,
      members: () => [signIn.secretsManagerSecret],
    });
    const groups = this.part({
      name: "groups",
      forEach: "local.groups",
      parent: pool,
      members: () => elementsUnder(signIn.group),
    });
    this.part({
      name: "group reads",
      forEach: "local.read_all_groups",
      parent: groups,
      members: () => [signIn.readAllImages],
    });
  }

  /** Guests on allow_guests; the pool's clients and groups from the pool in use. */
  private wireIdentityPool(signIn: ModuleSignIn): void {
    const identityPool = this.uploads.identityPool;
    const guestRole = identityPool.node.findChild("guest-role") as TerraformResource;
    this.part({ name: "guest role", when: "var.allow_guests", members: () => [guestRole] });
    identityPool.identityPool.addOverride("allow_unauthenticated_identities", "${var.allow_guests}");
    identityPool.identityPool.addOverride("cognito_identity_providers", undefined);
    identityPool.identityPool.addOverride("dynamic.cognito_identity_providers", {
      for_each: "${local.user_pool_client_ids}",
      iterator: "client",
      content: {
        client_id: "${client.value}",
        provider_name: "${local.user_pool_endpoint}",
        server_side_token_check: true,
      },
    });
    identityPool.identityPool.addOverride("lifecycle.precondition", signIn.preconditions);

    const attachment = identityPool.node.findChild("roles") as CognitoIdentityPoolRolesAttachment;
    attachment.addOverride(
      "roles",
      `\${{ for kind, arn in { authenticated = ${identityPool.authenticatedRole.roleArn}, ` +
        `unauthenticated = ${identityPool.guestRole!.roleArn} } : kind => arn if kind == "authenticated" || var.allow_guests }}`,
    );
    attachment.addOverride("dynamic.role_mapping", signIn.roleMapping);
    this.uploads.mover.function.addOverride(
      "environment.variables.ALLOWED_CLIENT_IDS",
      '${join(",", local.user_pool_client_ids)}',
    );
  }

  /** The created bucket and its settings exist only without existing_bucket_name; reads, versioning and KMS on their inputs. */
  private wireBucket(): Record<string, string> {
    const bucket = this.uploads.bucket as UploadBucket;
    // The grants are the roles' policies: they stay, on the bucket in use.
    const sweepPolicy = bucket.node.findChild("sweep-policy") as TerraformResource;
    const isGrant = (element: TerraformResource | TerraformDataSource) =>
      element.terraformResourceType === "aws_iam_role_policy";
    const created = this.part({
      name: "bucket",
      when: "local.create_bucket",
      members: () => elementsUnder(bucket, (element) => !isGrant(element)),
      substitutes: [
        { member: bucket.bucket, attribute: "bucket", expression: "local.bucket_name" },
        { member: bucket.bucket, attribute: "id", expression: "local.bucket_name" },
        { member: bucket.bucket, attribute: "arn", expression: "local.bucket_arn" },
        { member: bucket.bucket, attribute: "region", expression: "data.aws_region.current-region.name" },
      ],
    });
    const child = (id: string) => bucket.node.findChild(id) as TerraformResource;
    // The sweeper lives on the created bucket's EventBridge events: with an estate's bucket, the estate wires its own.
    this.part({
      name: "oversize sweeper",
      when: "local.create_bucket",
      members: () => [...elementsUnder(this.uploads.sweeper!), sweepPolicy],
    });
    this.part({
      name: "versioning",
      when: "local.create_bucket && var.versioning",
      parent: created,
      members: () => [child("versioning")],
    });
    this.part({
      name: "own-image reads",
      when: "var.users_can_read_own_images",
      members: () => [child("user-reads-policy")],
    });
    const encryption = child("encryption");
    encryption.addOverride(
      "rule.0.apply_server_side_encryption_by_default.sse_algorithm",
      '${var.kms_key_arn != null ? "aws:kms" : "AES256"}',
    );
    encryption.addOverride("rule.0.bucket_key_enabled", "${var.kms_key_arn != null ? true : null}");
    const lifecycle = child("lifecycle");
    lifecycle.addOverride("rule.0.noncurrent_version_expiration", undefined);
    lifecycle.addOverride("rule.0.dynamic.noncurrent_version_expiration", {
      for_each: "${var.versioning ? [1] : []}",
      content: { noncurrent_days: 1 },
    });
    return {
      create_bucket: "${var.existing_bucket_name == null}",
      bucket_name: `\${local.create_bucket ? ${bucket.bucket.bucket} : var.existing_bucket_name}`,
      bucket_arn: `\${local.create_bucket ? ${bucket.bucket.arn} : "arn:aws:s3:::\${var.existing_bucket_name}"}`,
    };
  }

  /** The created REST API and its gateway responses exist only without existing_rest_api; the account logging role on its input. */
  private wireApi(): Record<string, string> {
    const api = this.uploads.api;
    const restApi = api.restApi!;
    const child = (id: string) => api.node.findChild(id) as TerraformResource;
    this.part({
      name: "REST API",
      when: "local.create_rest_api",
      members: () => [restApi, child("cors-4xx"), child("cors-5xx")],
      substitutes: [
        { member: restApi, attribute: "id", expression: "local.rest_api_id" },
        { member: restApi, attribute: "root_resource_id", expression: "local.rest_api_root_resource_id" },
        { member: restApi, attribute: "execution_arn", expression: "local.rest_api_execution_arn" },
      ],
    });
    this.part({
      name: "account logging role",
      when: "var.manage_account_logging_role",
      members: () => ["account-logging-role", "account-logging-policy", "account"].map(child),
    });
    return {
      create_rest_api: "${var.existing_rest_api == null}",
      rest_api_id: `\${local.create_rest_api ? ${restApi.id} : var.existing_rest_api.rest_api_id}`,
      rest_api_root_resource_id: `\${local.create_rest_api ? ${restApi.rootResourceId} : var.existing_rest_api.root_resource_id}`,
      rest_api_execution_arn: `\${local.create_rest_api ? ${restApi.executionArn} : var.existing_rest_api.execution_arn}`,
    };
  }

  /** GuardDuty's plan and role, and the mover's tag reads, exist on malware_scanning; the mover checks results then only. */
  private wireMalwareScanning(): void {
    const bucket = this.uploads.bucket as UploadBucket;
    const tagReads = bucket.node.findChild("scan-result-reads-policy") as TerraformResource;
    this.part({
      name: "malware scanning",
      when: "var.malware_scanning",
      members: () => [...elementsUnder(this.uploads.malwareProtection!), tagReads],
    });
    this.uploads.mover.function.addOverride(
      "environment.variables.MALWARE_SCANNING",
      '${var.malware_scanning ? "true" : "false"}',
    );
  }

  /** The bus named by event_bus_arn, else the default bus, whose account and region are parsed from the mover's ARN. */
  private wireEvents(): Record<string, string> {
    const mover = new DataAwsArn(this, "mover-arn", { arn: this.uploads.mover.functionArn });
    // Written out rather than from the data source's tokens: inside an expression, cdktf would drop their "${}".
    const part = (attribute: string) => `\${data.aws_arn.${mover.friendlyUniqueId}.${attribute}}`;
    const defaultBus = `arn:${part("partition")}:events:${part("region")}:${part("account")}:event-bus/default`;
    // The function takes the bus by name: "default" needs no ARN, and its ARN would depend on the function itself.
    this.uploads.mover.function.addOverride(
      "environment.variables.EVENT_BUS_NAME",
      '${var.event_bus_arn != null ? var.event_bus_arn : "default"}',
    );
    return { event_bus_arn: `\${var.event_bus_arn != null ? var.event_bus_arn : "${defaultBus}"}` };
  }

  private addOutputs(region: string, signIn: ModuleSignIn): void {
    const { identityPool, mover, api, bucket } = this.uploads;
    const groupRoles = `\${{ for name, group in local.groups : name => { name = ${signIn.groupRoleName}, arn = ${signIn.groupRoleArn} } }}`;
    const outputs: Record<string, [unknown, string, boolean?]> = {
      region: [region, "AWS region of every resource."],
      user_pool_id: ["${local.user_pool_id}", "Cognito user pool id, for the sign-in library."],
      user_pool_arn: ["${local.user_pool_arn}", "ARN of the user pool."],
      user_pool_client_id: [
        "${local.user_pool_client_id}",
        "Public web app client id (authorization code flow with PKCE).",
      ],
      user_pool_client_ids: [
        "${local.user_pool_client_ids}",
        "Ids of every app client whose users get credentials and whose id tokens the API answers.",
      ],
      hosted_ui_domain: [
        "${local.hosted_ui_domain}",
        "Base URL of the hosted sign-in, for the OAuth code flow (null when unknown).",
      ],
      identity_pool_id: [identityPool.identityPoolId, "Identity pool id, to trade the id token for AWS credentials."],
      bucket_name: ["${local.bucket_name}", "Bucket the browser uploads into."],
      bucket_arn: ["${local.bucket_arn}", "ARN of the bucket."],
      upload_prefix: [bucket.uploadPrefix, "Upload key prefix: the browser writes <upload_prefix><sub>/<file>."],
      image_prefix: [bucket.imagePrefix, "Prefix of the verified images: images/<sub>/."],
      api_url: [api.url, "Base URL of the REST API stage."],
      images_url: [api.imagesUrl, "URL of POST /images (the id token in Authorization)."],
      rest_api_id: ["${local.rest_api_id}", "Id of the REST API that serves POST /images."],
      authenticated_role_name: [
        identityPool.authenticatedRole.roleName,
        "Name of the role signed-in users assume: attach the estate's own policies to it.",
      ],
      authenticated_role_arn: [identityPool.authenticatedRole.roleArn, "ARN of the role signed-in users assume."],
      guest_role_name: [identityPool.guestRole!.roleName, "Name of the guest role (null unless allow_guests)."],
      guest_role_arn: [identityPool.guestRole!.roleArn, "ARN of the guest role (null unless allow_guests)."],
      group_roles: [groupRoles, "Name and ARN of each group's role, by group name."],
      mover_role_name: [mover.role.roleName, "Name of the mover function's execution role."],
      mover_role_arn: [mover.role.roleArn, "ARN of the mover function's execution role."],
      mover_function_name: [mover.functionName, "Name of the mover function."],
      event_bus_arn: [
        "${local.event_bus_arn}",
        'EventBridge bus that hears of every stored image: an "Image Stored" event from source "cognito-uploads" (docs/events.md).',
      ],
      image_stored_event_pattern: [
        this.uploads.events.eventPattern,
        "Event pattern (JSON) matching this module's Image Stored events: aws_cloudwatch_event_rule { event_bus_name = event_bus_arn, event_pattern = this }.",
      ],
      frontend_config: [
        {
          version: 1,
          region,
          auth:
            `\${merge({ userPoolId = local.user_pool_id, userPoolClientId = local.user_pool_client_id, identityPoolId = ${identityPool.identityPoolId} }, ` +
            "{ for key, url in { domain = local.hosted_ui_domain } : key => url if url != null })}",
          storage: { bucketName: "${local.bucket_name}", uploadPrefix: bucket.uploadPrefix },
          api: { url: api.url, imagesUrl: api.imagesUrl },
        },
        "What the web app needs, in the shape of uploads-config.json: jsonencode(module.<name>.frontend_config).",
      ],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      // An output may share its name with an input (event_bus_arn): Terraform keeps them apart, constructs do not.
      new TerraformOutput(this, `output-${name}`, { value, description }).overrideLogicalId(name);
    }
  }
}
