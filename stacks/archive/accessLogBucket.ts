import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyBucketBaseline, tlsOnlyBucketPolicy } from "./bucketBaseline";
import { accessLogDeliveryStatement, bucketArnOf } from "./policyDocuments";

export interface AccessLogBucketArgs {
  region: string;
  bucketName: string;
  accountId: pulumi.Input<string>;
  /** Logs are kept at least this long, then expire. */
  retentionDays: number;
  dataOptions: pulumi.CustomResourceOptions;
}

/**
 * The destination of S3 server access logs. S3 delivers access logs only to a bucket without Object Lock and
 * with SSE-S3 default encryption, so this bucket is held to its own baseline: versioned, private, TLS-only,
 * SSE-S3, and logs kept for the retention period.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  private readonly args: AccessLogBucketArgs;
  private readonly baseline: ReturnType<typeof applyBucketBaseline>;

  constructor(private readonly name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:AccessLogBucket", name, {}, opts);
    this.args = args;
    const { region } = args;
    const child = { parent: this };
    this.bucket = new aws.s3.Bucket(name, { region, bucket: args.bucketName, forceDestroy: false }, { ...child, ...args.dataOptions });
    this.baseline = applyBucketBaseline(name, this.bucket, region, this);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { region, bucket: this.bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        region,
        bucket: this.bucket.id,
        rules: [
          {
            id: "keep-logs-for-retention-period",
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { ...child, dependsOn: [this.baseline.versioning] },
    );
    this.registerOutputs({ bucket: this.bucket.bucket, arn: this.bucket.arn });
  }

  /**
   * The bucket policy: TLS-only, and log delivery from the named buckets only. Called once the buckets that
   * log here are declared, since their ARNs go into the policy.
   */
  acceptLogsFrom(sourceBucketNames: string[]): aws.s3.BucketPolicy {
    const arn = bucketArnOf(this.args.bucketName);
    return tlsOnlyBucketPolicy(
      this.name,
      this.bucket,
      arn,
      this.args.region,
      [accessLogDeliveryStatement(arn, sourceBucketNames.map(bucketArnOf), this.args.accountId)],
      { parent: this, dependsOn: [this.baseline.publicAccessBlock] },
    );
  }
}
