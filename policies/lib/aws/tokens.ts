/** Exact type tokens of @pulumi/aws 7.x. CrossGuard matches tokens exactly: every check covers the deprecated V2 ones too. */
export const T = {
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  sseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  objectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
  logging: "aws:s3/bucketLogging:BucketLogging",
  loggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  kmsKey: "aws:kms/key:Key",
  kmsReplicaKey: "aws:kms/replicaKey:ReplicaKey",
  kmsExternalKey: "aws:kms/externalKey:ExternalKey",
  kmsReplicaExternalKey: "aws:kms/replicaExternalKey:ReplicaExternalKey",
  kmsAlias: "aws:kms/alias:Alias",
  kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  trail: "aws:cloudtrail/trail:Trail",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

export const BUCKET_TYPES: readonly string[] = [T.bucket, T.bucketV2];

/** Companion resources configure one aspect of a bucket named by their `bucket` property. */
export type Aspect = "versioning" | "encryption" | "objectLock" | "logging" | "lifecycle" | "publicAccessBlock" | "policy" | "ownership";

export const COMPANION_ASPECT: Readonly<Record<string, Aspect>> = {
  [T.versioning]: "versioning",
  [T.versioningV2]: "versioning",
  [T.sse]: "encryption",
  [T.sseV2]: "encryption",
  [T.objectLock]: "objectLock",
  [T.objectLockV2]: "objectLock",
  [T.logging]: "logging",
  [T.loggingV2]: "logging",
  [T.lifecycle]: "lifecycle",
  [T.lifecycleV2]: "lifecycle",
  [T.publicAccessBlock]: "publicAccessBlock",
  [T.policy]: "policy",
  [T.ownership]: "ownership",
};

export const COMPANION_TYPES: Readonly<Record<Aspect, readonly string[]>> = {
  versioning: [T.versioning, T.versioningV2],
  encryption: [T.sse, T.sseV2],
  objectLock: [T.objectLock, T.objectLockV2],
  logging: [T.logging, T.loggingV2],
  lifecycle: [T.lifecycle, T.lifecycleV2],
  publicAccessBlock: [T.publicAccessBlock],
  policy: [T.policy],
  ownership: [T.ownership],
};

/** Customer-managed KMS key resources (and aliases of them) a property may depend on. */
export const CUSTOMER_KEY_TYPES: readonly string[] = [T.kmsKey, T.kmsReplicaKey, T.kmsExternalKey, T.kmsReplicaExternalKey, T.kmsAlias];

/** Data-bearing resources that must be `protect`ed. */
export const DATA_RESOURCE_TYPES: readonly string[] = [T.bucket, T.bucketV2, T.kmsKey, T.kmsReplicaKey, T.kmsExternalKey, T.kmsReplicaExternalKey, T.logGroup, T.trail];
