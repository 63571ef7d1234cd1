import { ProgramRun, RecordedResource } from "../../tools/offline/recordProgram";
import { dependentsOf, named, ofType, runExampleStack } from "../support/runStack";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";

/** The one companion of `type` whose `bucket` property was set from this bucket. */
function companion(run: ProgramRun, bucket: RecordedResource, type: string): RecordedResource {
  const found = dependentsOf(run, bucket, "bucket").filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
}

type Statement = { Sid: string; Effect: string; Principal: unknown; Action: unknown; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
const statements = (policy: unknown): Statement[] => JSON.parse(String(policy)).Statement;
const bySid = (policy: unknown, sid: string) => {
  const found = statements(policy).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};

const LOCKED_BUCKETS = { dev: ["phi-archive", "phi-archive-audit-trail"], prod: ["phi-archive", "phi-archive-audit-trail", "phi-archive-replica"] };
const LOG_BUCKETS = { dev: ["phi-archive-access-logs"], prod: ["phi-archive-access-logs", "phi-archive-replica-access-logs"] };
const EXPECTED = {
  dev: { mode: "GOVERNANCE", deepArchive: 30, protect: undefined },
  prod: { mode: "COMPLIANCE", deepArchive: 90, protect: true },
} as const;

describe.each(["dev", "prod"] as const)("the %s archive", (stack) => {
  let run: ProgramRun;
  const expected = EXPECTED[stack];
  beforeAll(async () => {
    run = await runExampleStack(stack);
  });

  test("has a customer-managed key per region: rotated yearly, 30-day deletion window, aliased", () => {
    const keys = ofType(run, KEY);
    expect(keys.map((k) => k.name).sort()).toEqual(stack === "prod" ? ["phi-archive-key", "phi-archive-replica-key"] : ["phi-archive-key"]);
    for (const key of keys) {
      expect(key.inputs).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30 });
      const alias = named(run, "aws:kms/alias:Alias", key.name);
      expect(alias.inputs.name).toBe(`alias/${key.name}`);
      expect(alias.propertyDependencies.targetKeyId).toContain(key.urn);
    }
  });

  test("key policies name every principal: no wildcard", () => {
    for (const key of ofType(run, KEY)) {
      for (const statement of statements(key.inputs.policy)) {
        expect(statement.Principal).not.toBe("*");
        expect(JSON.stringify(statement.Principal)).not.toContain('"*"');
      }
      expect(bySid(key.inputs.policy, "AccountDelegatesToIam").Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
      expect(bySid(key.inputs.policy, "KeyAdministrators").Principal).toEqual({
        AWS: expect.arrayContaining(["arn:aws:iam::111122223333:role/riverbend-platform-admins"]),
      });
    }
  });

  test("the primary key lets only this trail and this log group use it", () => {
    const policy = named(run, KEY, "phi-archive-key").inputs.policy;
    const trailArn = `arn:aws:cloudtrail:us-east-2:111122223333:trail/phi-archive-${stack}-audit`;
    expect(bySid(policy, "CloudTrailEncryptLogs")).toMatchObject({
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*" },
      },
    });
    expect(bySid(policy, "CloudTrailDescribeKey").Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn } });
    expect(bySid(policy, "CloudWatchLogsEncryptAuditLogs")).toMatchObject({
      Principal: { Service: "logs.us-east-2.amazonaws.com" },
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-2:111122223333:log-group:/hipaa-guard/${stack}/phi-archive/cloudtrail` } },
    });
  });

  test("locked buckets: Object Lock from creation, never force-destroyed", () => {
    for (const name of LOCKED_BUCKETS[stack]) {
      expect(named(run, BUCKET, name).inputs).toMatchObject({ objectLockEnabled: true, forceDestroy: false });
    }
  });

  test("locked buckets: versioned, SSE-KMS with their region's key and bucket key, default retention from config", () => {
    for (const name of LOCKED_BUCKETS[stack]) {
      const bucket = named(run, BUCKET, name);
      const keyName = name === "phi-archive-replica" ? "phi-archive-replica-key" : "phi-archive-key";
      const key = named(run, KEY, keyName);
      expect(companion(run, bucket, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
      const sse = companion(run, bucket, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
      expect(sse.inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true },
      ]);
      expect(sse.propertyDependencies.rules).toContain(key.urn);
      const lock = companion(run, bucket, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
      expect(lock.inputs).toMatchObject({ objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: expected.mode, years: 6 } } });
    }
  });

  test("every bucket: all four public access blocks, ACLs off, TLS 1.2+ only", () => {
    for (const name of [...LOCKED_BUCKETS[stack], ...LOG_BUCKETS[stack]]) {
      const bucket = named(run, BUCKET, name);
      expect(companion(run, bucket, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(companion(run, bucket, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
      const policy = companion(run, bucket, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy;
      const arn = bucket.outputs.arn;
      expect(bySid(policy, "DenyInsecureTransport")).toEqual({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      expect(bySid(policy, "DenyTlsOlderThan12")).toMatchObject({ Effect: "Deny", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } });
    }
  });

  test("locked buckets refuse uploads that ask for anything but default SSE-KMS with their key", () => {
    for (const name of LOCKED_BUCKETS[stack]) {
      const bucket = named(run, BUCKET, name);
      const policy = companion(run, bucket, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy;
      const objects = `${bucket.outputs.arn}/*`;
      expect(bySid(policy, "DenyUploadsNotEncryptedWithKms")).toMatchObject({
        Effect: "Deny",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } },
      });
      expect(bySid(policy, "DenyCustomerProvidedKeys").Condition).toEqual({ Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } });
      // CloudTrail names the trail's key when it writes; every other writer gets the default key.
      const choosing = statements(policy).find((s) => s.Sid === "DenyUploadsChoosingAKey");
      if (name === "phi-archive-audit-trail") expect(choosing).toBeUndefined();
      else expect(choosing!.Condition).toEqual({ Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" } });
    }
  });

  test("buckets have explicit names from bucketNamePrefix, so their policies are known during preview", async () => {
    const prefix = `riverbend-${stack}`;
    for (const name of [...LOCKED_BUCKETS[stack], ...LOG_BUCKETS[stack]]) {
      expect(named(run, BUCKET, name).inputs.bucket).toBe(`${prefix}-${name}`);
    }
    const preview = await runExampleStack(stack, { preview: true });
    for (const policy of ofType(preview, "aws:s3/bucketPolicy:BucketPolicy")) {
      expect(() => JSON.parse(String(policy.inputs.policy))).not.toThrow();
    }
    for (const key of ofType(preview, KEY)) expect(() => JSON.parse(String(key.inputs.policy))).not.toThrow();
  });

  test("locked buckets move to Deep Archive and never expire; incomplete uploads are aborted", () => {
    for (const name of LOCKED_BUCKETS[stack]) {
      const lifecycle = companion(run, named(run, BUCKET, name), "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
      const rules = lifecycle.inputs.rules as Record<string, unknown>[];
      expect(rules).toEqual([
        {
          id: "deep-archive",
          status: "Enabled",
          filter: {},
          transitions: [{ days: expected.deepArchive, storageClass: "DEEP_ARCHIVE" }],
          noncurrentVersionTransitions: [{ noncurrentDays: expected.deepArchive, storageClass: "DEEP_ARCHIVE" }],
        },
        { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      ]);
    }
  });

  test("locked buckets log access into their region's log bucket; log buckets are SSE-S3, unlocked, kept 6 years", () => {
    for (const name of LOCKED_BUCKETS[stack]) {
      const bucket = named(run, BUCKET, name);
      const logBucket = named(run, BUCKET, name === "phi-archive-replica" ? "phi-archive-replica-access-logs" : "phi-archive-access-logs");
      const logging = companion(run, bucket, "aws:s3/bucketLogging:BucketLogging");
      expect(logging.inputs).toMatchObject({ targetBucket: logBucket.outputs.bucket, targetPrefix: `${name}/` });
      expect(logging.propertyDependencies.targetBucket).toEqual([logBucket.urn]);
    }
    for (const name of LOG_BUCKETS[stack]) {
      const bucket = named(run, BUCKET, name);
      expect(bucket.inputs.objectLockEnabled).toBeUndefined();
      expect(companion(run, bucket, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
      expect(companion(run, bucket, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
      const [rule] = companion(run, bucket, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any[];
      expect(rule.expiration).toEqual({ days: 2192 });
      expect(rule.noncurrentVersionExpiration).toEqual({ noncurrentDays: 2192 });
      const delivery = bySid(companion(run, bucket, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy, "S3ServerAccessLogsDelivery");
      expect(delivery.Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
      expect(delivery.Condition!.StringEquals).toEqual({ "aws:SourceAccount": "111122223333" });
    }
  });

  test("a multi-region, validated, encrypted trail records object reads and writes on every archive bucket", () => {
    const trail = named(run, "aws:cloudtrail/trail:Trail", "phi-archive-audit");
    const key = named(run, KEY, "phi-archive-key");
    expect(trail.inputs).toMatchObject({
      name: `phi-archive-${stack}-audit`,
      enableLogFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      kmsKeyId: key.outputs.arn,
      s3BucketName: named(run, BUCKET, "phi-archive-audit-trail").outputs.bucket,
    });
    const [, dataEvents] = trail.inputs.advancedEventSelectors as any[];
    const archives = stack === "prod" ? ["phi-archive", "phi-archive-replica"] : ["phi-archive"];
    expect(dataEvents.fieldSelectors).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "resources.ARN", startsWiths: archives.map((n) => `${named(run, BUCKET, n).outputs.arn}/`) },
    ]);
    const trailBucketPolicy = companion(run, named(run, BUCKET, "phi-archive-audit-trail"), "aws:s3/bucketPolicy:BucketPolicy");
    expect(bySid(trailBucketPolicy.inputs.policy, "CloudTrailWrite").Condition!.StringEquals["aws:SourceArn"]).toBe(
      `arn:aws:cloudtrail:us-east-2:111122223333:trail/phi-archive-${stack}-audit`,
    );
    expect(trail.dependencies).toContain(trailBucketPolicy.urn);
  });

  test("the trail delivers to a log group encrypted with the key and kept at least 6 years", () => {
    const logGroup = named(run, "aws:cloudwatch/logGroup:LogGroup", "phi-archive-audit");
    expect(logGroup.inputs).toMatchObject({
      name: `/hipaa-guard/${stack}/phi-archive/cloudtrail`,
      kmsKeyId: named(run, KEY, "phi-archive-key").outputs.arn,
      retentionInDays: 2192,
    });
    const trail = named(run, "aws:cloudtrail/trail:Trail", "phi-archive-audit");
    expect(trail.inputs.cloudWatchLogsGroupArn).toBe(`${logGroup.outputs.arn}:*`);
    expect(trail.propertyDependencies.cloudWatchLogsRoleArn).toEqual([named(run, "aws:iam/role:Role", "phi-archive-audit-cloudwatch-delivery").urn]);
  });

  test("resources holding PHI, keys or audit logs are protected and retained exactly when protectData is on", () => {
    const dataTypes = [BUCKET, KEY, "aws:cloudwatch/logGroup:LogGroup", "aws:cloudtrail/trail:Trail"];
    for (const resource of run.resources) {
      const holdsData = dataTypes.includes(resource.type);
      expect([resource.name, resource.options.protect]).toEqual([resource.name, holdsData ? expected.protect : undefined]);
      expect([resource.name, resource.options.retainOnDelete]).toEqual([resource.name, holdsData ? expected.protect : undefined]);
    }
  });

  test("the stack exports bucket names and ARNs, the key, the trail and the log group", () => {
    const archive = run.stackOutputs.archive as Record<string, string>;
    expect(archive).toMatchObject({
      archiveBucketName: named(run, BUCKET, "phi-archive").outputs.bucket,
      archiveBucketArn: named(run, BUCKET, "phi-archive").outputs.arn,
      keyArn: named(run, KEY, "phi-archive-key").outputs.arn,
      trailArn: `arn:aws:cloudtrail:us-east-2:111122223333:trail/phi-archive-${stack}-audit`,
      auditLogGroupName: `/hipaa-guard/${stack}/phi-archive/cloudtrail`,
    });
    expect("replicaBucketArn" in archive).toBe(stack === "prod");
  });
});

describe("the prod replica", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runExampleStack("prod");
  });

  test("lives in the replica region with its own key", () => {
    const replica = named(run, BUCKET, "phi-archive-replica");
    expect(replica.inputs.region).toBe("us-west-2");
    expect(named(run, KEY, "phi-archive-replica-key").inputs.region).toBe("us-west-2");
    expect(named(run, BUCKET, "phi-archive").inputs.region).toBe("us-east-2");
  });

  test("receives every object, KMS-encrypted ones and delete markers included, re-encrypted with its key", () => {
    const source = named(run, BUCKET, "phi-archive");
    const config = companion(run, source, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    expect(config.inputs.rules).toEqual([
      {
        id: "replicate-everything",
        status: "Enabled",
        priority: 1,
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: named(run, BUCKET, "phi-archive-replica").outputs.arn,
          encryptionConfiguration: { replicaKmsKeyId: named(run, KEY, "phi-archive-replica-key").outputs.arn },
        },
      },
    ]);
    const versionings = ofType(run, "aws:s3/bucketVersioning:BucketVersioning").filter((v) =>
      ["phi-archive-versioning", "phi-archive-replica-versioning"].includes(v.name),
    );
    for (const v of versionings) expect(config.dependencies).toContain(v.urn);
  });

  test("dev has no replica", async () => {
    const dev = await runExampleStack("dev");
    expect(ofType(dev, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toEqual([]);
    expect(ofType(dev, BUCKET).map((b) => b.name)).not.toContain("phi-archive-replica");
  });
});
