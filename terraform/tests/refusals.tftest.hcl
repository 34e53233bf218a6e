# Inputs the module refuses: each run's plan must stop on the named input's validation or on the
# identity pool's preconditions (checks across inputs).

mock_provider "aws" {
  # The region names the Powertools layer's ARN, which the provider checks.
  mock_data "aws_region" {
    defaults = { name = "eu-west-1", region = "eu-west-1" }
  }
}

variables {
  domain_prefix   = "photos-test"
  callback_urls   = ["https://app.example.com/callback"]
  allowed_origins = ["https://app.example.com"]
}

run "a_wildcard_origin_is_refused" {
  command = plan
  variables {
    allowed_origins = ["*"]
  }
  expect_failures = [var.allowed_origins]
}

run "a_bad_domain_prefix_is_refused" {
  command = plan
  variables {
    domain_prefix = "My-AWS-Photos"
  }
  expect_failures = [var.domain_prefix]
}

run "a_non_https_callback_is_refused" {
  command = plan
  variables {
    callback_urls = ["http://app.example.com/callback"]
  }
  expect_failures = [var.callback_urls]
}

run "a_created_pool_needs_a_domain_prefix" {
  command = plan
  variables {
    domain_prefix = null
  }
  expect_failures = [aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2]
}

run "groups_need_a_created_pool" {
  command = plan
  variables {
    existing_user_pool = {
      user_pool_arn       = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"
      user_pool_client_id = "webclient1"
    }
    groups = { admins = { precedence = 1 } }
  }
  expect_failures = [aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2]
}

run "a_provider_needs_a_secret_source" {
  command = plan
  variables {
    identity_providers = { Google = { type = "Google", client_id = "1234-example.apps.googleusercontent.com" } }
  }
  expect_failures = [aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2]
}

run "email_codes_need_ses" {
  command = plan
  variables {
    mfa_factors = ["email"]
  }
  expect_failures = [aws_cognito_identity_pool.uploads_identity-pool_EA4D9AB2]
}

run "an_unknown_kms_key_form_is_refused" {
  command = plan
  variables {
    kms_key_arn = "alias/uploads"
  }
  expect_failures = [var.kms_key_arn]
}
