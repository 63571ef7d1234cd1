import { ConfigOf, Fields, StackConfigError, readConfigObject } from "../config/schema";

const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export const archiveConfigSchema = {
  region: {
    kind: "string",
    required: true,
    pattern: AWS_REGION,
    patternHint: "an AWS region such as us-east-2",
    description: "AWS region of the archive, its key, audit trail and log buckets.",
  },
  bucketNamePrefix: {
    kind: "string",
    required: true,
    pattern: /^[a-z0-9](?:[a-z0-9-]{1,29}[a-z0-9])$/,
    patternHint: "3 to 31 lowercase letters, digits and hyphens, such as riverbend-prod (S3 bucket names are global)",
    description:
      "Start of every bucket name (<prefix>-phi-archive, ...). Explicit names keep bucket ARNs, and so bucket policies, known during preview, where the policy pack can read them.",
  },
  retentionYears: {
    kind: "integer",
    default: 6,
    min: 1,
    max: 100,
    description:
      "Object Lock default retention in years; also how long access logs and audit logs are kept. HIPAA documentation retention is 6 years (164.316(b)(2)(i)).",
  },
  objectLockMode: {
    kind: "enum",
    values: ["COMPLIANCE", "GOVERNANCE"] as const,
    default: "COMPLIANCE",
    description:
      "COMPLIANCE: nobody, root included, can shorten or remove retention. GOVERNANCE: holders of s3:BypassGovernanceRetention can (non-production only).",
  },
  deepArchiveAfterDays: {
    kind: "integer",
    default: 90,
    min: 0,
    max: 36500,
    description: "Days after which objects (and noncurrent versions) move to S3 Glacier Deep Archive.",
  },
  kmsRotationDays: {
    kind: "integer",
    default: 365,
    min: 90,
    max: 2560,
    description: "Automatic rotation period of the customer-managed KMS keys.",
  },
  protectData: {
    kind: "boolean",
    default: true,
    description:
      "Mark buckets, keys, the trail and the log group `protect` and `retainOnDelete`, so no destroy or refactor deletes PHI.",
  },
  replicaRegion: {
    kind: "string",
    pattern: AWS_REGION,
    patternHint: "an AWS region such as us-west-2, different from region",
    description: "When set, a replica archive with its own key in this region, and cross-region replication.",
  },
  adminRoleArns: {
    kind: "list",
    items: { kind: "string", pattern: IAM_ROLE_ARN, patternHint: "an IAM role ARN", description: "role" },
    default: [],
    description: "IAM roles that administer the KMS keys (not use them). The account root is always named.",
  },
} satisfies Fields;

export type ArchiveConfig = ConfigOf<typeof archiveConfigSchema>;

export const ARCHIVE_CONFIG_KEY = "archive";

/** Reads and validates `hipaa-guard:archive`; throws one StackConfigError listing every problem. */
export function loadArchiveConfig(namespace: string): ArchiveConfig {
  const config = readConfigObject(namespace, ARCHIVE_CONFIG_KEY, archiveConfigSchema);
  if (config.replicaRegion !== undefined && config.replicaRegion === config.region) {
    throw new StackConfigError([
      `${namespace}:${ARCHIVE_CONFIG_KEY}.replicaRegion is "${config.replicaRegion}", the same as region; allowed: another AWS region, or leave it unset`,
    ]);
  }
  return config;
}

/** Whole days in a number of years, counting leap days, rounded up: 6 years is 2192 days. */
export function daysIn(years: number): number {
  return Math.ceil(years * 365.25);
}
