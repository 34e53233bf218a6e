# Calls the generated module from an ordinary Terraform configuration.
# The module is committed in terraform/: no build step is needed.

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

variable "enable_uploads" {
  description = "Create the upload flow (shows that the module works with count)."
  type        = bool
  default     = true
}

module "uploads" {
  source = "../../terraform"
  count  = var.enable_uploads ? 1 : 0

  name_prefix     = "acme-photos"
  domain_prefix   = "acme-photos-dev"
  callback_urls   = ["https://app.example.com/callback", "http://localhost:5173/"]
  allowed_origins = ["https://app.example.com", "http://localhost:5173"]
  tags            = { team = "photos" }
}

output "uploads" {
  description = "Everything the web app needs (region, pool and client ids, bucket, API URL...)."
  value       = one(module.uploads[*])
}
