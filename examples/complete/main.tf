# Every option of the module on: KMS, versioning, guests, own-image reads, required MFA with
# authenticator apps, SMS and email codes, Google, Sign in with Apple and a corporate OIDC provider
# with account linking, two groups (one reads every image, role mapping by rules), the account
# logging role, a permissions boundary on every role, Image Stored events on the estate's own bus and
# GuardDuty malware scanning of every upload.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 7.0.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "identity_provider_secrets" {
  description = "Client secrets (Google, Corp) and Sign in with Apple's private key, by provider name: set them in a *.tfvars file kept out of version control."
  type        = map(string)
  sensitive   = true
  default = {
    Google          = "replace-me"
    SignInWithApple = "replace-me"
    Corp            = "replace-me"
  }
}

module "uploads" {
  source = "../../terraform"

  name_prefix     = "acme-photos"
  domain_prefix   = "acme-photos-complete"
  callback_urls   = ["https://app.example.com/callback"]
  logout_urls     = ["https://app.example.com/"]
  allowed_origins = ["https://app.example.com", "https://admin.example.com"]

  mfa         = "required"
  mfa_factors = ["totp", "sms", "email"]
  email = {
    source_arn   = "arn:aws:ses:eu-west-1:111122223333:identity/example.com"
    from_address = "Photos <no-reply@example.com>"
  }

  identity_providers = {
    Google = {
      type      = "Google"
      client_id = "1234-example.apps.googleusercontent.com"
    }
    SignInWithApple = {
      type      = "SignInWithApple"
      client_id = "com.example.photos.signin"
      team_id   = "ABCDE12345"
      key_id    = "KEY1234567"
    }
    Corp = {
      type               = "OIDC"
      client_id          = "photos"
      issuer_url         = "https://login.corp.example.com"
      link_email_domains = ["corp.example.com"]
      lowercase_user_ids = true
    }
  }
  identity_provider_secrets = var.identity_provider_secrets
  link_accounts_by_email    = true

  groups = {
    admins  = { precedence = 1, description = "Moderators", can_read_all_images = true }
    editors = { precedence = 2 }
  }
  role_mapping = "rules"

  allow_guests              = true
  users_can_read_own_images = true

  kms_key_arn            = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  versioning             = true
  upload_expiration_days = 3
  max_upload_bytes       = 10485760

  throttle_rate_limit         = 20
  throttle_burst_limit        = 40
  log_retention_days          = 90
  manage_account_logging_role = true
  permissions_boundary_arn    = "arn:aws:iam::111122223333:policy/uploads-boundary"

  # Image Stored events on a bus of the estate's; every upload scanned by GuardDuty.
  event_bus_arn    = "arn:aws:events:eu-west-1:111122223333:event-bus/photos"
  malware_scanning = true

  tags = { team = "photos" }
}

output "frontend_config" {
  description = "uploads-config.json for the web app."
  value       = jsonencode(module.uploads.frontend_config)
}

output "authenticated_role_name" {
  description = "Attach the estate's own policies to this role."
  value       = module.uploads.authenticated_role_name
}
