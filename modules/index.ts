// The public API. A name is exported when a user needs it to write props or to replace a
// construct with an existing resource; builders and helpers stay in their files (and `private/`
// folders). Terraform tooling is the `cdktf-cognito-uploads/tooling` entry, the security rules
// `cdktf-cognito-uploads/rules`. __tests__/package/public-api.test.ts pins this list.

// Constructs
export { UserPool } from "./cognito/user-pool";
export { IdentityProviders } from "./cognito/identity-providers";
export { SmsRole } from "./cognito/sms-role";
export { UserPoolGroupRole } from "./cognito/user-pool-group-role";
export { IdentityPoolWithRoles } from "./identity-pool/identity-pool-with-roles";
export { UploadBucket } from "./storage/upload-bucket";
export { ExistingUploadBucket } from "./storage/existing-upload-bucket";
export { MalwareProtection } from "./storage/malware-protection";
export { SecuredApi } from "./api/secured-api";
export { MoveUploadFunction } from "./lambda/move-upload-function";
export { SweepOversizeFunction } from "./lambda/sweep-oversize-function";
export { LinkIdentitiesFunction } from "./lambda/link-identities-function";
export { ImageUploads } from "./stack/image-uploads";
export { ImageStoredEvents, IMAGE_STORED_SOURCE, IMAGE_STORED_DETAIL_TYPE } from "./events/image-stored-events";
export { UploadsStack } from "./stack/uploads-stack";
export { UploadsModuleStack } from "./stack/uploads-module-stack";

// Their props
export type { UserPoolProps } from "./cognito/user-pool";
export type { IdentityProvidersProps } from "./cognito/identity-providers";
export type { SmsRoleProps } from "./cognito/sms-role";
export type { UserPoolGroupRoleProps } from "./cognito/user-pool-group-role";
export type { IdentityPoolWithRolesProps } from "./identity-pool/identity-pool-with-roles";
export type { UploadBucketProps } from "./storage/upload-bucket";
export type { ExistingUploadBucketProps } from "./storage/existing-upload-bucket";
export type { MalwareProtectionProps } from "./storage/malware-protection";
export type { SecuredApiProps } from "./api/secured-api";
export type { MoveUploadFunctionProps } from "./lambda/move-upload-function";
export type { SweepOversizeFunctionProps } from "./lambda/sweep-oversize-function";
export type { LinkIdentitiesFunctionProps } from "./lambda/link-identities-function";
export type { ImageUploadsProps, ExistingResources } from "./stack/image-uploads";
export type { ImageStoredEventsProps, ImageStoredTarget } from "./events/image-stored-events";

// What a construct needs of another, so that an existing resource can stand in for it
export { existingUserPool } from "./cognito/existing-user-pool";
export type { ExistingUserPoolProps } from "./cognito/existing-user-pool";
export type { UserPoolRef } from "./cognito/user-pool";
export type { UploadBucketRef, IUploadBucket } from "./storage/upload-bucket-base";
export type { ExistingRestApiRef, ApiHandlerRef } from "./api/secured-api";
export type { RoleRef, PolicyDocument, PolicyStatement } from "./private/iam";

// Sign-in options used in props, with the values they allow
export type { SmsOptions, SesEmailOptions } from "./cognito/user-pool";
export type { CustomDomainOptions } from "./cognito/private/domain-config";
export { APP_CLIENT_PRESETS, STANDARD_USER_ATTRIBUTES } from "./cognito/private/app-client-config";
export type { AppClientOptions, AppClientPreset } from "./cognito/private/app-client-config";
export type { ResourceServerOptions } from "./cognito/private/resource-server-config";
export { MFA_MODES, MFA_FACTORS } from "./cognito/private/mfa-settings";
export type { MfaMode, MfaFactor } from "./cognito/private/mfa-settings";
export { FEATURE_PLANS, THREAT_PROTECTION_MODES } from "./cognito/private/feature-plan-settings";
export type { FeaturePlan, ThreatProtection } from "./cognito/private/feature-plan-settings";
export { IDENTITY_PROVIDER_TYPES } from "./cognito/identity-providers";
export type {
  IdentityProviderConfig,
  IdentityProviderType,
  GoogleProvider,
  FacebookProvider,
  AppleProvider,
  AmazonProvider,
  OidcProvider,
  SamlProvider,
  LinkableProviderSpec,
} from "./cognito/identity-providers";
export type { SecretSource } from "./cognito/private/secret-value";
export type { GroupRoleOptions } from "./cognito/user-pool-group-role";
export { ROLE_MAPPING_TYPES } from "./identity-pool/identity-pool-with-roles";
export type { RoleMappingType } from "./identity-pool/identity-pool-with-roles";

// Function options used in props, with the values they allow
export { FUNCTION_RUNTIMES, LOG_RETENTION_DAYS } from "./lambda/private/bundled-function";
export type { FunctionRuntime, BundledFunctionSettings } from "./lambda/private/bundled-function";

// Errors of invalid props and configurations
export { ValidationError, ConfigError } from "./errors";

// The ready-made stack's configuration
export { uploadsConfigSchema, DEFAULT_CONFIG, loadConfig, validateConfig, configSourcesFromEnv } from "./stack/config";
export type { UploadsConfig, ConfigSources } from "./stack/config";

// What the frontend reads (uploads-config.json)
export { frontendConfigSchema } from "./stack/frontend-config";
export type { FrontendConfig } from "./stack/frontend-config";
