import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./policyDocuments";

/** CloudWatch Logs accepts only these retention periods (0 = never expire). */
const LOG_RETENTION_STEPS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The shortest retention CloudWatch Logs offers that keeps logs at least `days`; 0 (forever) past ten years. */
export function logRetentionAtLeast(days: number): number {
  return LOG_RETENTION_STEPS.find((step) => step >= days) ?? 0;
}

export interface AuditTrailArgs {
  region: string;
  trailName: string;
  logGroupName: string;
  keyArn: pulumi.Input<string>;
  /** The bucket the trail delivers its log files to; its policy must be in place first. */
  trailBucket: { name: pulumi.Input<string>; policy: pulumi.Resource };
  /** Buckets whose object-level reads and writes are recorded. */
  dataEventBucketArns: pulumi.Input<string>[];
  retentionDays: number;
  dataOptions: pulumi.CustomResourceOptions;
}

/**
 * A multi-region CloudTrail trail with log-file validation, encrypted with the archive key, recording
 * management events and S3 data events on the archive buckets, and delivering to an encrypted CloudWatch log
 * group kept for the retention period (164.312(b), 164.308(a)(1)(ii)(D)).
 */
export class AuditTrail extends pulumi.ComponentResource {
  readonly trail: aws.cloudtrail.Trail;
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:AuditTrail", name, {}, opts);
    const { region } = args;
    const child = { parent: this };
    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      { region, name: args.logGroupName, kmsKeyId: args.keyArn, retentionInDays: logRetentionAtLeast(args.retentionDays) },
      { ...child, ...args.dataOptions },
    );
    const role = new aws.iam.Role(
      `${name}-cloudwatch-delivery`,
      {
        assumeRolePolicy: policyDocument([
          {
            Sid: "CloudTrailAssumesRole",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ]),
      },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-cloudwatch-delivery`,
      {
        role: role.name,
        policy: policyDocument([
          {
            Sid: "WriteTrailEvents",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:*`,
          },
        ]),
      },
      child,
    );
    this.trail = new aws.cloudtrail.Trail(
      name,
      {
        region,
        name: args.trailName,
        s3BucketName: args.trailBucket.name,
        kmsKeyId: args.keyArn,
        enableLogFileValidation: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
        cloudWatchLogsRoleArn: role.arn,
        advancedEventSelectors: [
          { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
          {
            name: "PHI archive object reads and writes",
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
              { field: "resources.ARN", startsWiths: args.dataEventBucketArns.map((arn) => pulumi.interpolate`${arn}/`) },
            ],
          },
        ],
      },
      { ...child, ...args.dataOptions, dependsOn: [args.trailBucket.policy, rolePolicy] },
    );
    this.registerOutputs({ trailArn: this.trail.arn, logGroupName: this.logGroup.name });
  }
}
