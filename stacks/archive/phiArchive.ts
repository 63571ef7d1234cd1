import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "./accessLogBucket";
import { ArchiveKey } from "./archiveKey";
import { AuditTrail } from "./auditTrail";
import { ArchiveConfig, daysIn } from "./config";
import { LockedBucket } from "./lockedBucket";
import { KeyPolicyArgs, cloudTrailDeliveryStatements, keyPolicyStatements, policyDocument } from "./policyDocuments";
import { Replication } from "./replication";

export interface PhiArchiveOutputs {
  archiveBucketName: pulumi.Output<string>;
  archiveBucketArn: pulumi.Output<string>;
  accessLogBucketName: pulumi.Output<string>;
  auditTrailBucketName: pulumi.Output<string>;
  keyArn: pulumi.Output<string>;
  trailArn: pulumi.Output<string>;
  auditLogGroupName: pulumi.Output<string>;
  replicaBucketName?: pulumi.Output<string>;
  replicaBucketArn?: pulumi.Output<string>;
  replicaKeyArn?: pulumi.Output<string>;
}

/** One region's share of the archive: its key, its access-log bucket and its locked archive bucket. */
interface ArchiveSite {
  key: ArchiveKey;
  accessLogs: AccessLogBucket;
  archive: LockedBucket;
}

/**
 * The encrypted, immutable PHI archive: a customer-managed key, an Object Lock archive bucket with access
 * logging, a CloudTrail trail recording every object read and write into its own locked bucket and an
 * encrypted log group, and optionally a replica in a second region.
 */
export class PhiArchive extends pulumi.ComponentResource {
  readonly outputs: PhiArchiveOutputs;

  constructor(name: string, config: ArchiveConfig, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:PhiArchive", name, {}, opts);
    const { region } = config;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const dataOptions: pulumi.CustomResourceOptions = config.protectData ? { protect: true, retainOnDelete: true } : {};
    const retentionDays = daysIn(config.retentionYears);
    const stack = pulumi.getStack();
    const trailName = `${name}-${stack}-audit`;
    const logGroupName = `/hipaa-guard/${stack}/${name}/cloudtrail`;
    const trailArn = pulumi.interpolate`arn:aws:cloudtrail:${region}:${accountId}:trail/${trailName}`;
    const logGroupArn = pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
    const bucketName = (suffix: string) => `${config.bucketNamePrefix}-${suffix}`;

    const site = (siteName: string, siteRegion: string, keyUse: Pick<KeyPolicyArgs, "trailArn" | "logGroupArn">): ArchiveSite => {
      const key = new ArchiveKey(
        `${siteName}-key`,
        {
          region: siteRegion,
          description: `hipaa-guard ${stack}: encrypts the PHI archive in ${siteRegion}`,
          rotationDays: config.kmsRotationDays,
          policy: policyDocument(
            keyPolicyStatements({ accountId, region: siteRegion, adminRoleArns: config.adminRoleArns, ...keyUse }),
          ),
          dataOptions,
        },
        { parent: this },
      );
      const accessLogs = new AccessLogBucket(
        `${siteName}-access-logs`,
        { region: siteRegion, bucketName: bucketName(`${siteName}-access-logs`), accountId, retentionDays, dataOptions },
        { parent: this },
      );
      const archive = new LockedBucket(
        siteName,
        {
          region: siteRegion,
          bucketName: bucketName(siteName),
          defaultKeyOnly: true,
          keyArn: key.arn,
          retentionYears: config.retentionYears,
          objectLockMode: config.objectLockMode,
          deepArchiveAfterDays: config.deepArchiveAfterDays,
          accessLogs: { bucket: accessLogs.bucket.bucket, prefix: `${siteName}/` },
          dataOptions,
        },
        { parent: this },
      );
      return { key, accessLogs, archive };
    };

    const primary = site(name, region, { trailArn, logGroupArn });
    const trailBucket = new LockedBucket(
      `${name}-audit-trail`,
      {
        region,
        bucketName: bucketName(`${name}-audit-trail`),
        defaultKeyOnly: false,
        keyArn: primary.key.arn,
        retentionYears: config.retentionYears,
        objectLockMode: config.objectLockMode,
        deepArchiveAfterDays: config.deepArchiveAfterDays,
        accessLogs: { bucket: primary.accessLogs.bucket.bucket, prefix: `${name}-audit-trail/` },
        extraStatements: (bucketArn) => cloudTrailDeliveryStatements(bucketArn, trailArn, accountId),
        dataOptions,
      },
      { parent: this },
    );
    primary.accessLogs.acceptLogsFrom([bucketName(name), bucketName(`${name}-audit-trail`)]);

    const replica = config.replicaRegion === undefined ? undefined : site(`${name}-replica`, config.replicaRegion, {});
    if (replica) {
      replica.accessLogs.acceptLogsFrom([bucketName(`${name}-replica`)]);
      new Replication(
        `${name}-replication`,
        {
          region,
          source: { bucket: primary.archive.bucket, versioning: primary.archive.versioning, keyArn: primary.key.arn },
          destination: { bucket: replica.archive.bucket, versioning: replica.archive.versioning, keyArn: replica.key.arn },
        },
        { parent: this },
      );
    }

    const audit = new AuditTrail(
      `${name}-audit`,
      {
        region,
        trailName,
        logGroupName,
        keyArn: primary.key.arn,
        trailBucket: { name: trailBucket.bucket.bucket, policy: trailBucket.policy },
        dataEventBucketArns: [primary.archive.bucket.arn, ...(replica ? [replica.archive.bucket.arn] : [])],
        retentionDays,
        dataOptions,
      },
      { parent: this },
    );

    this.outputs = {
      archiveBucketName: primary.archive.bucket.bucket,
      archiveBucketArn: primary.archive.bucket.arn,
      accessLogBucketName: primary.accessLogs.bucket.bucket,
      auditTrailBucketName: trailBucket.bucket.bucket,
      keyArn: primary.key.arn,
      trailArn: audit.trail.arn,
      auditLogGroupName: audit.logGroup.name,
      ...(replica && {
        replicaBucketName: replica.archive.bucket.bucket,
        replicaBucketArn: replica.archive.bucket.arn,
        replicaKeyArn: replica.key.arn,
      }),
    };
    this.registerOutputs({ ...this.outputs });
  }
}
