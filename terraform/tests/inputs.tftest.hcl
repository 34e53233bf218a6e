# Plan-only runs of the module against a mocked AWS provider: no account, no credentials, no
# network. Each run checks what one input adds or removes.

mock_provider "aws" {
  # The region names the Powertools layer's ARN, which the provider checks.
  mock_data "aws_region" {
    defaults = { name = "eu-west-1", region = "eu-west-1" }
  }
  # A bucket's ARN known at plan time, so that the grants' policies can be read.
  mock_resource "aws_s3_bucket" {
    override_during = plan
    defaults        = { arn = "arn:aws:s3:::photos-uploads", bucket = "photos-uploads" }
  }
}

variables {
  name_prefix     = "photos"
  domain_prefix   = "photos-test"
  callback_urls   = ["https://app.example.com/callback"]
  allowed_origins = ["https://app.example.com"]
}

run "defaults_create_the_pool_bucket_api_and_nothing_optional" {
  command = plan

  assert {
    condition     = length(aws_cognito_user_pool.uploads_user-pool_F5F9996C) == 1 && length(aws_cognito_user_pool_client.uploads_user-pool_web-client_C87030B1) == 1 && length(aws_cognito_user_pool_domain.uploads_user-pool_domain_8F38E56A) == 1
    error_message = "the defaults must create a user pool, its web client and its domain"
  }
  assert {
    condition     = length(aws_s3_bucket.uploads_bucket_C6008970) == 1 && length(aws_s3_bucket_public_access_block.uploads_bucket_public-access-block_F135BC73) == 1 && length(aws_s3_bucket_policy.uploads_bucket_policy_FF23C435) == 1
    error_message = "the defaults must create a private, TLS-only bucket"
  }
  assert {
    condition     = length(aws_api_gateway_rest_api.uploads_api_88422920) == 1 && length(aws_api_gateway_gateway_response.uploads_api_cors-4xx_5FA5B14F) == 1
    error_message = "the defaults must create a REST API with CORS on its gateway errors"
  }
  assert {
    condition     = length(aws_iam_role.uploads_identity-pool_guest-role_FBFFE31D) == 0 && aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2.allow_unauthenticated_identities == false
    error_message = "guests must be off by default: no guest role"
  }
  assert {
    condition     = length(aws_iam_role.uploads_user-pool_sms-role_FB5D697F) == 0 && length(aws_lambda_function.uploads_user-pool_link-identities_function_326507A8) == 0
    error_message = "no SMS role and no linking trigger by default"
  }
  assert {
    condition     = length(aws_cognito_identity_provider.uploads_user-pool_identity-providers_provider_C4548333) == 0 && length(aws_cognito_user_group.uploads_identity-pool_group_F47F60CC) == 0
    error_message = "no identity provider and no group by default"
  }
  assert {
    condition     = length(aws_s3_bucket_versioning.uploads_bucket_versioning_6F28149E) == 0 && length(aws_iam_role_policy.uploads_bucket_user-reads-policy_9E9D39F7) == 0 && length(aws_api_gateway_account.uploads_api_account_15939601) == 0
    error_message = "no versioning, no own-image reads and no account logging role by default"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.uploads_bucket_encryption_9207DB44[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "the bucket must be encrypted with SSE-S3 without a KMS key"
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.uploads_bucket_user-uploads-policy_A0BB0391.policy, "kms:")
    error_message = "without a KMS key the upload grant names no key"
  }
  assert {
    condition     = aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].mfa_configuration == "OPTIONAL" && length(aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].software_token_mfa_configuration) == 1
    error_message = "MFA must be optional with authenticator apps by default"
  }
  assert {
    condition     = aws_iam_role.uploads_mover_role_1D3F053A.permissions_boundary == null
    error_message = "no permissions boundary by default"
  }
}

run "an_existing_user_pool_creates_no_pool_client_or_domain" {
  command = plan

  variables {
    domain_prefix = null
    callback_urls = []
    existing_user_pool = {
      user_pool_arn        = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"
      user_pool_client_id  = "webclient1"
      user_pool_client_ids = ["webclient1", "mobileclient2"]
    }
  }

  assert {
    condition     = length(aws_cognito_user_pool.uploads_user-pool_F5F9996C) == 0 && length(aws_cognito_user_pool_client.uploads_user-pool_web-client_C87030B1) == 0 && length(aws_cognito_user_pool_domain.uploads_user-pool_domain_8F38E56A) == 0
    error_message = "an existing pool must replace the created pool, client and domain"
  }
  assert {
    condition     = toset([for provider in aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2.cognito_identity_providers : provider.client_id]) == toset(["mobileclient2", "webclient1"])
    error_message = "the identity pool must accept every listed client of the existing pool"
  }
  assert {
    condition     = toset([for provider in aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2.cognito_identity_providers : provider.provider_name]) == toset(["cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"])
    error_message = "the identity pool must name the existing pool's endpoint"
  }
  assert {
    condition     = aws_api_gateway_authorizer.uploads_api_authorizer_8A33B3AA.provider_arns == toset(["arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"])
    error_message = "the authorizer must accept the existing pool's tokens"
  }
  assert {
    condition     = aws_lambda_function.uploads_mover_function_2B1FFDB4.environment[0].variables.ALLOWED_CLIENT_IDS == "webclient1,mobileclient2"
    error_message = "the mover must answer the id tokens of every listed client"
  }
  assert {
    condition     = output.user_pool_id == "eu-west-1_AbCdEf123" && output.hosted_ui_domain == null
    error_message = "the outputs must describe the existing pool"
  }
}

run "an_existing_bucket_creates_no_bucket_and_grants_on_it" {
  command = plan

  variables {
    existing_bucket_name = "estate-media-bucket"
  }

  assert {
    condition     = length(aws_s3_bucket.uploads_bucket_C6008970) == 0 && length(aws_s3_bucket_policy.uploads_bucket_policy_FF23C435) == 0 && length(aws_s3_bucket_cors_configuration.uploads_bucket_cors_66BFF4E1) == 0 && length(aws_s3_bucket_lifecycle_configuration.uploads_bucket_lifecycle_E0A1C4AC) == 0
    error_message = "an existing bucket must replace the created bucket and its settings"
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.uploads_bucket_user-uploads-policy_A0BB0391.policy, "arn:aws:s3:::estate-media-bucket/tmp/")
    error_message = "the upload grant must be on the existing bucket"
  }
  assert {
    condition     = aws_lambda_function.uploads_mover_function_2B1FFDB4.environment[0].variables.BUCKET_NAME == "estate-media-bucket" && output.bucket_name == "estate-media-bucket"
    error_message = "the mover and the outputs must use the existing bucket"
  }
}

run "an_existing_rest_api_creates_no_api_and_adds_the_route_to_it" {
  command = plan

  variables {
    existing_rest_api = {
      rest_api_id      = "a1b2c3d4e5"
      root_resource_id = "r00tres0ur"
      execution_arn    = "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5"
    }
  }

  assert {
    condition     = length(aws_api_gateway_rest_api.uploads_api_88422920) == 0 && length(aws_api_gateway_gateway_response.uploads_api_cors-4xx_5FA5B14F) == 0 && length(aws_api_gateway_gateway_response.uploads_api_cors-5xx_014E380C) == 0
    error_message = "an existing REST API must replace the created API and its gateway responses"
  }
  assert {
    condition     = aws_api_gateway_resource.uploads_api_images_99BCBB0F.rest_api_id == "a1b2c3d4e5" && aws_api_gateway_resource.uploads_api_images_99BCBB0F.parent_id == "r00tres0ur"
    error_message = "POST /images must be added under the existing API's root"
  }
  assert {
    condition     = startswith(aws_lambda_permission.uploads_api_invoke-permission_CD6DC6FB.source_arn, "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/")
    error_message = "the invoke permission must be scoped to the existing API"
  }
}

run "guests_get_a_guest_role_only_when_allowed" {
  command = plan

  variables {
    allow_guests = true
  }

  assert {
    condition     = length(aws_iam_role.uploads_identity-pool_guest-role_FBFFE31D) == 1 && aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2.allow_unauthenticated_identities == true
    error_message = "allow_guests must create the guest role and allow unauthenticated identities"
  }
  assert {
    condition     = toset(keys(aws_cognito_identity_pool_roles_attachment.uploads_identity-pool_roles_B682F708.roles)) == toset(["authenticated", "unauthenticated"])
    error_message = "the identity pool must hand out the guest role"
  }
}

run "reads_kms_versioning_and_the_logging_role_follow_their_inputs" {
  command = plan

  variables {
    users_can_read_own_images   = true
    kms_key_arn                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    versioning                  = true
    manage_account_logging_role = true
    permissions_boundary_arn    = "arn:aws:iam::111122223333:policy/boundary"
  }

  assert {
    condition     = length(aws_iam_role_policy.uploads_bucket_user-reads-policy_9E9D39F7) == 1
    error_message = "users_can_read_own_images must add the read grant"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.uploads_bucket_encryption_9207DB44[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "kms_key_arn must turn on SSE-KMS"
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.uploads_bucket_user-uploads-policy_A0BB0391.policy, "\"Resource\": \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"")
    error_message = "with a KMS key the upload grant may use it"
  }
  assert {
    condition     = length(aws_s3_bucket_versioning.uploads_bucket_versioning_6F28149E) == 1
    error_message = "versioning must turn on bucket versioning"
  }
  assert {
    condition     = length(aws_api_gateway_account.uploads_api_account_15939601) == 1 && length(aws_iam_role.uploads_api_account-logging-role_670C12CA) == 1
    error_message = "manage_account_logging_role must create the account's logging role"
  }
  assert {
    condition     = aws_iam_role.uploads_mover_role_1D3F053A.permissions_boundary == "arn:aws:iam::111122223333:policy/boundary" && aws_iam_role.uploads_api_account-logging-role_670C12CA[0].permissions_boundary == "arn:aws:iam::111122223333:policy/boundary"
    error_message = "permissions_boundary_arn must bound the roles"
  }
}

run "mfa_off_and_sms_codes" {
  command = plan

  variables {
    mfa         = "required"
    mfa_factors = ["sms"]
  }

  assert {
    condition     = aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].mfa_configuration == "ON" && length(aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].software_token_mfa_configuration) == 0
    error_message = "mfa required with SMS only must not offer authenticator apps"
  }
  assert {
    condition     = length(aws_iam_role.uploads_user-pool_sms-role_FB5D697F) == 1 && length(aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].sms_configuration) == 1
    error_message = "SMS codes must create the SNS role and configure the pool with it"
  }
}

run "mfa_can_be_turned_off" {
  command = plan

  variables {
    mfa = "off"
  }

  assert {
    condition     = aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].mfa_configuration == "OFF" && length(aws_iam_role.uploads_user-pool_sms-role_FB5D697F) == 0
    error_message = "mfa off must turn MFA off"
  }
}

run "identity_providers_are_created_per_entry_and_linked_when_they_may" {
  command = plan

  variables {
    identity_providers = {
      Google = { type = "Google", client_id = "1234-example.apps.googleusercontent.com" }
      Corp   = { type = "OIDC", client_id = "photos", issuer_url = "https://login.corp.example.com", client_secret_ssm_parameter = "/auth/corp/client-secret" }
    }
    identity_provider_secrets = { Google = "google-secret" }
  }

  assert {
    condition     = toset(keys(aws_cognito_identity_provider.uploads_user-pool_identity-providers_provider_C4548333)) == toset(["Corp", "Google"])
    error_message = "each entry must be one identity provider"
  }
  assert {
    condition     = aws_cognito_identity_provider.uploads_user-pool_identity-providers_provider_C4548333["Corp"].provider_details["oidc_issuer"] == "https://login.corp.example.com" && aws_cognito_identity_provider.uploads_user-pool_identity-providers_provider_C4548333["Google"].provider_details["authorize_scopes"] == "openid email profile"
    error_message = "the providers' details must follow their type"
  }
  assert {
    condition     = length(data.aws_ssm_parameter.uploads_user-pool_identity-providers_client-secret-ssm_AF20577B) == 1
    error_message = "a secret from SSM must be read from its parameter"
  }
  assert {
    condition     = length(aws_lambda_function.uploads_user-pool_link-identities_function_326507A8) == 1 && jsondecode(aws_lambda_function.uploads_user-pool_link-identities_function_326507A8[0].environment[0].variables.LINKABLE_PROVIDERS)[*].name == ["Google"]
    error_message = "Google may link by email, the OIDC provider without link_email_domains may not"
  }
  assert {
    condition     = toset(aws_cognito_user_pool_client.uploads_user-pool_web-client_C87030B1[0].supported_identity_providers) == toset(["COGNITO", "Corp", "Google"])
    error_message = "the web client must offer every provider"
  }
}

run "linking_can_be_turned_off" {
  command = plan

  variables {
    identity_providers        = { Google = { type = "Google", client_id = "1234-example.apps.googleusercontent.com" } }
    identity_provider_secrets = { Google = "google-secret" }
    link_accounts_by_email    = false
  }

  assert {
    condition     = length(aws_lambda_function.uploads_user-pool_link-identities_function_326507A8) == 0 && length(aws_cognito_user_pool.uploads_user-pool_F5F9996C[0].lambda_config) == 0
    error_message = "link_accounts_by_email false must create no trigger"
  }
}

run "groups_get_a_role_each_and_the_readers_a_grant" {
  command = plan

  variables {
    groups = {
      admins  = { precedence = 1, can_read_all_images = true }
      editors = { precedence = 2, role_name = "photo-editors" }
    }
    role_mapping = "rules"
  }

  assert {
    condition     = length(aws_cognito_user_group.uploads_identity-pool_group_F47F60CC) == 2 && length(aws_iam_role.uploads_identity-pool_group_role_F12B27CD) == 2
    error_message = "each group must get a group and a role"
  }
  assert {
    condition     = aws_iam_role.uploads_identity-pool_group_role_F12B27CD["admins"].name == "photos-admins" && aws_iam_role.uploads_identity-pool_group_role_F12B27CD["editors"].name == "photo-editors"
    error_message = "a group's role is named <name_prefix>-<group> unless role_name says otherwise"
  }
  assert {
    condition     = keys(aws_iam_role_policy.uploads_bucket_group-read-all-images_3851AE65) == ["admins"]
    error_message = "only the groups with can_read_all_images may read every image"
  }
  assert {
    condition     = length(one(aws_cognito_identity_pool_roles_attachment.uploads_identity-pool_roles_B682F708.role_mapping[*].mapping_rule)) == 2
    error_message = "role mapping by rules must have one rule per group"
  }
}
