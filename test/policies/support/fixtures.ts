/**
 * Small stacks in wire form (as the engine sends them) for policy tests: a compliant PHI archive (key, PHI
 * bucket, access-log bucket, trail bucket, trail, audit log group), in v7 or V2 token form, with known values
 * (after an update) or as a first preview sees it (computed values unknown). Tests break one thing at a time.
 */
import { UNKNOWN, WireResource } from "./harness";

export const ACCOUNT = "111122223333";

/** The stack tag the governance policy requires of any stack with AWS resources. */
export const AWS_BAA_TAGS = { "hipaa:baa-aws": "AWS BAA accepted in AWS Artifact on 2025-03-01" };
const STACK_URN = "urn:pulumi:test::hipaa-guard::";

/** Type tokens written out again on purpose, not imported from the pack: a typo in the pack must fail these tests. */
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
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  trail: "aws:cloudtrail/trail:Trail",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

export function urnOf(type: string, name: string): string {
  return `${STACK_URN}${type}::${name}`;
}

export interface AddOptions {
  /** Property dependencies: property → resources it was computed from. */
  deps?: Record<string, WireResource[]>;
  /** Computed outputs added to the inputs (unknown in preview). */
  computed?: Record<string, unknown>;
  protect?: boolean;
}

export class Stack {
  readonly resources: WireResource[] = [];
  constructor(readonly preview = false) {}

  add(type: string, name: string, inputs: Record<string, unknown>, opts: AddOptions = {}): WireResource {
    const propertyDependencies: Record<string, string[]> = {};
    const dependencies: string[] = [];
    for (const [k, rs] of Object.entries(opts.deps ?? {})) {
      propertyDependencies[k] = rs.map((r) => r.urn);
      for (const r of rs) if (!dependencies.includes(r.urn)) dependencies.push(r.urn);
    }
    const computed = Object.fromEntries(Object.entries(opts.computed ?? {}).map(([k, v]) => [k, this.preview ? UNKNOWN : v]));
    const r: WireResource = {
      urn: urnOf(type, name),
      type,
      name,
      dependencies,
      propertyDependencies,
      inputs,
      outputs: { ...inputs, ...computed },
      options: { protect: opts.protect ?? true },
    };
    this.resources.push(r);
    return r;
  }

  /** A value computed from another resource: its known value after an update, unknown in preview. */
  out(value: unknown): unknown {
    return this.preview ? UNKNOWN : value;
  }

  named(name: string, type?: string): WireResource {
    const r = this.resources.find((x) => x.name === name && (type === undefined || x.type === type));
    if (!r) throw new Error(`no resource ${name}`);
    return r;
  }

  /** Changes a resource's inputs and outputs alike. */
  patch(name: string, change: (props: Record<string, any>) => void, type?: string): this {
    const r = this.named(name, type);
    change(r.inputs!);
    change(r.outputs!);
    return this;
  }

  remove(name: string, type?: string): this {
    const r = this.named(name, type);
    this.resources.splice(this.resources.indexOf(r), 1);
    return this;
  }
}

export function tlsPolicy(bucketArn: string, extra: object[] = []): string {
  const resources = [bucketArn, `${bucketArn}/*`];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Sid: "DenyTlsOlderThan12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
      ...extra,
    ],
  });
}

export function keyPolicy(extra: object[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, ...extra],
  });
}

export interface ArchiveOptions {
  preview?: boolean;
  /** Use BucketV2 and the deprecated V2 companion tokens where they exist. */
  v2?: boolean;
}

/** A compliant archive: every AWS policy of the pack passes on it (protect included). */
export function archiveStack(options: ArchiveOptions = {}): Stack {
  const s = new Stack(options.preview ?? false);
  const v2 = options.v2 ?? false;
  const bucketType = v2 ? T.bucketV2 : T.bucket;
  const key = s.add(
    T.key,
    "archive-key",
    { enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, policy: keyPolicy() },
    { computed: { arn: `arn:aws:kms:us-east-2:${ACCOUNT}:key/mrk-1234`, keyId: "mrk-1234" } },
  );
  const keyArn = s.out(`arn:aws:kms:us-east-2:${ACCOUNT}:key/mrk-1234`);

  const bucket = (name: string, inputs: Record<string, unknown>) =>
    s.add(bucketType, name, inputs, { computed: { bucket: `${name}-abc1234`, arn: `arn:aws:s3:::${name}-abc1234`, id: `${name}-abc1234` } });
  const id = (name: string) => s.out(`${name}-abc1234`);
  const arn = (name: string) => `arn:aws:s3:::${name}-abc1234`;

  const baseline = (b: WireResource, sse: Record<string, unknown>, sseDeps: WireResource[] = []) => {
    const on = { bucket: [b] };
    s.add(v2 ? T.versioningV2 : T.versioning, `${b.name}-versioning`, { bucket: id(b.name), versioningConfiguration: { status: "Enabled" } }, { deps: on });
    s.add(T.pab, `${b.name}-pab`, { bucket: id(b.name), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, { deps: on });
    s.add(T.ownership, `${b.name}-ownership`, { bucket: id(b.name), rule: { objectOwnership: "BucketOwnerEnforced" } }, { deps: on });
    s.add(v2 ? T.sseV2 : T.sse, `${b.name}-encryption`, { bucket: id(b.name), rules: [sse] }, { deps: { ...on, ...(sseDeps.length ? { rules: sseDeps } : {}) } });
    s.add(T.policy, `${b.name}-policy`, { bucket: id(b.name), policy: s.out(tlsPolicy(arn(b.name))) }, { deps: { ...on, policy: [b] } });
  };

  const logs = bucket("access-logs", {});
  baseline(logs, { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
  s.add(
    v2 ? T.lifecycleV2 : T.lifecycle,
    "access-logs-lifecycle",
    { bucket: id("access-logs"), rules: [{ id: "keep", status: "Enabled", filter: {}, expiration: { days: 2192 }, noncurrentVersionExpiration: { noncurrentDays: 2192 } }] },
    { deps: { bucket: [logs] } },
  );

  const locked = (name: string) => {
    const b = bucket(name, { objectLockEnabled: true });
    baseline(b, { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }, [key]);
    s.add(
      v2 ? T.objectLockV2 : T.objectLock,
      `${name}-object-lock`,
      { bucket: id(name), objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } } },
      { deps: { bucket: [b] } },
    );
    s.add(v2 ? T.loggingV2 : T.logging, `${name}-logging`, { bucket: id(name), targetBucket: id("access-logs"), targetPrefix: `${name}/` }, { deps: { bucket: [b], targetBucket: [logs] } });
    s.add(
      v2 ? T.lifecycleV2 : T.lifecycle,
      `${name}-lifecycle`,
      { bucket: id(name), rules: [{ id: "deep-archive", status: "Enabled", filter: {}, transitions: [{ days: 90, storageClass: "DEEP_ARCHIVE" }] }] },
      { deps: { bucket: [b] } },
    );
    return b;
  };
  const archive = locked("archive");
  const trailBucket = locked("trail-bucket");

  const logGroup = s.add(
    T.logGroup,
    "audit",
    { name: "/hipaa-guard/test/audit", kmsKeyId: keyArn, retentionInDays: 2192 },
    { deps: { kmsKeyId: [key] }, computed: { arn: `arn:aws:logs:us-east-2:${ACCOUNT}:log-group:/hipaa-guard/test/audit` } },
  );
  s.add(
    T.trail,
    "audit",
    {
      name: "audit",
      s3BucketName: id("trail-bucket"),
      kmsKeyId: keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      cloudWatchLogsGroupArn: s.out(`arn:aws:logs:us-east-2:${ACCOUNT}:log-group:/hipaa-guard/test/audit:*`),
      advancedEventSelectors: [
        { name: "Management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          name: "PHI objects",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "resources.ARN", startsWiths: [s.out(`${arn("archive")}/`)] },
          ],
        },
      ],
    },
    {
      deps: { s3BucketName: [trailBucket], kmsKeyId: [key], cloudWatchLogsGroupArn: [logGroup], advancedEventSelectors: [archive] },
      computed: { arn: `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/audit` },
    },
  );
  return s;
}

/** Computed-but-undeclared outputs a real first preview shows as unknown (new buckets and trails). */
const COMPUTED: Record<string, string[]> = {
  [T.bucket]: ["lifecycleRules", "policy", "versioning", "logging", "serverSideEncryptionConfiguration", "objectLockConfiguration", "objectLockEnabled", "acl", "grants"],
  [T.bucketV2]: ["lifecycleRules", "policy", "versionings", "loggings", "serverSideEncryptionConfigurations", "objectLockConfiguration", "objectLockEnabled"],
  [T.trail]: ["eventSelectors", "insightSelectors"],
  [T.logGroup]: ["kmsKeyId"],
};
/** Adds those unknowns, as the engine shows a first preview (outputs only; inputs are what the program declared). */
export function withComputedUnknowns(resources: WireResource[]): WireResource[] {
  return resources.map((r) => {
    const extra = Object.fromEntries((COMPUTED[r.type] ?? []).filter((k) => r.outputs?.[k] === undefined).map((k) => [k, UNKNOWN]));
    return { ...r, outputs: { ...r.outputs, ...extra } };
  });
}
