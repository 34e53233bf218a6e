import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Construct } from "constructs";

/**
 * Version of AWS's public "Powertools for AWS Lambda (TypeScript)" v2 layer the functions use.
 * The functions' bundles leave Powertools out and take it from this layer.
 */
export const POWERTOOLS_LAYER_VERSION = 44;

/**
 * ARN of AWS's Powertools layer in `region` (published in every commercial region), or in the
 * provider's region, read without an AWS call, when `region` is not given.
 */
export function powertoolsLayerArn(scope: Construct, region?: string): string {
  const regionName = region ?? new DataAwsRegion(scope, "region").name;
  return `arn:aws:lambda:${regionName}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:${POWERTOOLS_LAYER_VERSION}`;
}
