import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyBucketBaseline, tlsOnlyBucketPolicy } from "./bucketBaseline";
import { Statement, bucketArnOf, kmsDefaultUploadStatements } from "./policyDocuments";

export interface LockedBucketArgs {
  region: string;
  /** The bucket's (globally unique) name. */
  bucketName: string;
  /** ARN of the customer-managed key every object is encrypted with. */
  keyArn: pulumi.Input<string>;
  retentionYears: number;
  objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Objects and noncurrent versions move to Deep Archive after this many days. */
  deepArchiveAfterDays: number;
  /** Where S3 server access logs of this bucket go, and under which prefix. */
  accessLogs: { bucket: pulumi.Input<string>; prefix: string };
  /**
   * Refuse uploads that name a key: every object gets the default key. Off for a bucket whose writer
   * encrypts with a key it names (CloudTrail names the trail's key).
   */
  defaultKeyOnly: boolean;
  /** Statements beyond TLS-only and default-encryption-only, such as CloudTrail delivery, given this bucket's ARN. */
  extraStatements?: (bucketArn: string) => Statement[];
  dataOptions: pulumi.CustomResourceOptions;
}

/**
 * A bucket that holds PHI or audit records: Object Lock from creation with a default retention, SSE-KMS
 * with a customer-managed key and bucket key, versioned, private, TLS-only, access-logged, and a lifecycle
 * that moves data to Deep Archive but never expires it.
 */
export class LockedBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly versioning: aws.s3.BucketVersioning;
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: LockedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:LockedBucket", name, {}, opts);
    const { region } = args;
    const child = { parent: this };
    this.bucket = new aws.s3.Bucket(
      name,
      { region, bucket: args.bucketName, objectLockEnabled: true, forceDestroy: false },
      { ...child, ...args.dataOptions },
    );
    const baseline = applyBucketBaseline(name, this.bucket, region, this);
    this.versioning = baseline.versioning;
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        region,
        bucket: this.bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.keyArn }, bucketKeyEnabled: true }],
      },
      child,
    );
    new aws.s3.BucketObjectLockConfiguration(
      `${name}-object-lock`,
      {
        region,
        bucket: this.bucket.id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: args.objectLockMode, years: args.retentionYears } },
      },
      { ...child, dependsOn: [baseline.versioning] },
    );
    new aws.s3.BucketLogging(
      `${name}-access-logging`,
      { region, bucket: this.bucket.id, targetBucket: args.accessLogs.bucket, targetPrefix: args.accessLogs.prefix },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        region,
        bucket: this.bucket.id,
        rules: [
          {
            id: "deep-archive",
            status: "Enabled",
            filter: {},
            transitions: [{ days: args.deepArchiveAfterDays, storageClass: "DEEP_ARCHIVE" }],
            noncurrentVersionTransitions: [{ noncurrentDays: args.deepArchiveAfterDays, storageClass: "DEEP_ARCHIVE" }],
          },
          { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        ],
      },
      { ...child, dependsOn: [baseline.versioning] },
    );
    const arn = bucketArnOf(args.bucketName);
    this.policy = tlsOnlyBucketPolicy(
      name,
      this.bucket,
      arn,
      region,
      [...kmsDefaultUploadStatements(arn, args.defaultKeyOnly), ...(args.extraStatements?.(arn) ?? [])],
      { ...child, dependsOn: [baseline.publicAccessBlock] },
    );
    this.registerOutputs({ bucket: this.bucket.bucket, arn: this.bucket.arn });
  }
}
