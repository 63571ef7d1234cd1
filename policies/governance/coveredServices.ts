import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * Services a BAA covers, as `<package>:<module>` of Pulumi type tokens. AWS: the services this project uses
 * plus a selection from the AWS HIPAA Eligible Services Reference; Google: Cloud Identity (Policy API) and the
 * Workspace provider. An organization extends or trims it with the pack config (`allowedServices`).
 */
export const DEFAULT_ALLOWED_SERVICES = [
  // used by hipaa-guard
  "aws:s3",
  "aws:kms",
  "aws:cloudtrail",
  "aws:cloudwatch",
  "aws:iam",
  "gcp:cloudidentity",
  "googleworkspace:index",
  // AWS HIPAA-eligible services (selection)
  "aws:acm",
  "aws:apigateway",
  "aws:apigatewayv2",
  "aws:athena",
  "aws:autoscaling",
  "aws:backup",
  "aws:cfg",
  "aws:cloudfront",
  "aws:cognito",
  "aws:dynamodb",
  "aws:ebs",
  "aws:ec2",
  "aws:ecr",
  "aws:ecs",
  "aws:efs",
  "aws:eks",
  "aws:elasticache",
  "aws:glacier",
  "aws:glue",
  "aws:guardduty",
  "aws:kinesis",
  "aws:lambda",
  "aws:lb",
  "aws:alb",
  "aws:macie2",
  "aws:opensearch",
  "aws:rds",
  "aws:redshift",
  "aws:route53",
  "aws:sagemaker",
  "aws:secretsmanager",
  "aws:securityhub",
  "aws:sfn",
  "aws:sns",
  "aws:sqs",
  "aws:ssm",
  "aws:transfer",
  "aws:wafv2",
];

/** Packages whose resources are cloud services (and so need BAA coverage); components and utilities are not. */
export const DEFAULT_PROVIDER_PACKAGES = ["aws", "aws-native", "gcp", "google-native", "googleworkspace", "azure", "azure-native"];

export const coveredServicesConfig = {
  allowedServices: {
    type: "array",
    items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9_.-]+$" },
    default: DEFAULT_ALLOWED_SERVICES,
    description: "BAA-covered services as <package>:<module> of Pulumi type tokens (aws:s3 for aws:s3/bucket:Bucket).",
  },
  providerPackages: {
    type: "array",
    items: { type: "string", pattern: "^[a-z0-9-]+$" },
    default: DEFAULT_PROVIDER_PACKAGES,
    description: "Resource packages that are cloud services; resources of other packages (components, random, tls) are not judged.",
  },
} satisfies Record<string, PolicyConfigJSONSchema>;
