# The estate already runs its user pool and web client (here declared beside the module, as an
# estate's own configuration would); the module adds the identity pool, the bucket, the API and the
# mover, and creates no pool, client or domain of its own.

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

# The estate's pool: in a real estate these live in its own configuration or come from a data source.
resource "aws_cognito_user_pool" "estate" {
  name                = "estate-users"
  deletion_protection = "ACTIVE"
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.estate.id
}

module "uploads" {
  source = "../../terraform"

  name_prefix = "estate-photos"
  existing_user_pool = {
    user_pool_arn       = aws_cognito_user_pool.estate.arn
    user_pool_client_id = aws_cognito_user_pool_client.web.id
    domain_url          = "https://login.example.com"
  }
  allowed_origins = ["https://app.example.com"]
}

output "frontend_config" {
  description = "uploads-config.json for the web app."
  value       = jsonencode(module.uploads.frontend_config)
}
