import { ACCOUNT, archiveStack, Stack, T } from "../support/fixtures";
import { check, UNKNOWN } from "../support/harness";

const DATA = "hipaa-aws-cloudtrail-s3-data-events";
const VALIDATION = "hipaa-aws-cloudtrail-log-file-validation";
const MULTI = "hipaa-aws-cloudtrail-multi-region";
const TRAIL_KMS = "hipaa-aws-cloudtrail-kms-encryption";
const GROUP_KMS = "hipaa-aws-cloudwatch-audit-log-group-kms";
const GROUP_RETENTION = "hipaa-aws-cloudwatch-audit-log-group-retention";

const setSelectors = (s: Stack, advanced: unknown, basic?: unknown) =>
  s.patch("audit", (p) => {
    p.advancedEventSelectors = advanced;
    if (basic !== undefined) p.eventSelectors = basic;
  }, T.trail);

const dataSelector = (arnFields: Record<string, unknown> | undefined, extra: object[] = []) => [
  {
    fieldSelectors: [
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      ...(arnFields ? [{ field: "resources.ARN", ...arnFields }] : []),
      ...extra,
    ],
  },
];

describe(DATA, () => {
  it("passes the compliant stack: the archive is covered, the trail and log buckets are exempt (known and preview, both forms)", async () => {
    for (const v2 of [false, true]) {
      expect(await check(DATA, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(DATA, archiveStack({ v2, preview: true }).resources)).toEqual([]);
    }
  });

  it("fails when no trail records the PHI bucket's objects", async () => {
    const vs = await check(DATA, setSelectors(archiveStack(), []).resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('aws:s3/bucket:Bucket "archive": S3 data events (object reads and writes) is not recorded by any of the stack\'s 1 trail(s)')]);
    // Without the trail, its former destination bucket is an ordinary PHI bucket too.
    const none = await check(DATA, archiveStack().remove("audit", T.trail).resources);
    expect(none.map((v) => v.message)).toEqual([
      expect.stringContaining('"archive": S3 data events (object reads and writes) is not recorded: the stack declares no trail'),
      expect.stringContaining('"trail-bucket": S3 data events (object reads and writes) is not recorded: the stack declares no trail'),
    ]);
  });

  it("accepts prefixes for all buckets and the bucket itself, in advanced and basic selectors", async () => {
    for (const value of ["arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::archive-abc1234/", "arn:aws-us-gov:s3:::archive-abc1234/"]) {
      expect(await check(DATA, setSelectors(archiveStack(), dataSelector({ startsWiths: [value] })).resources)).toEqual([]);
      const basic = [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: [value] }] }];
      expect(await check(DATA, setSelectors(archiveStack(), undefined, basic).resources)).toEqual([]);
    }
    expect(await check(DATA, setSelectors(archiveStack(), dataSelector(undefined)).resources)).toEqual([]);
  });

  it("fails partial coverage: another bucket, a sub-prefix, one object, reads only, narrowed by event name", async () => {
    const cases: unknown[] = [
      dataSelector({ startsWiths: ["arn:aws:s3:::other-bucket/"] }),
      dataSelector({ startsWiths: ["arn:aws:s3:::archive-abc1234/reports/"] }),
      dataSelector({ equals: ["arn:aws:s3:::archive-abc1234/one-object"] }),
      dataSelector({ startsWiths: ["arn:aws:s3:::archive-abc1234/"] }, [{ field: "readOnly", equals: ["true"] }]),
      dataSelector({ startsWiths: ["arn:aws:s3:::archive-abc1234/"] }, [{ field: "eventName", equals: ["GetObject"] }]),
      [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::DynamoDB::Table"] }] }],
    ];
    for (const selectors of cases) expect(await check(DATA, setSelectors(archiveStack(), selectors).resources)).toHaveLength(1);
    const readsOnly = await check(DATA, setSelectors(archiveStack(), [], [{ readWriteType: "ReadOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }]).resources);
    expect(readsOnly[0].message).toContain("S3 data events (object writes) is not recorded");
  });

  it("accepts reads and writes recorded by two selectors", async () => {
    const prefix = { startsWiths: ["arn:aws:s3:::archive-abc1234/"] };
    const selectors = [...dataSelector(prefix, [{ field: "readOnly", equals: ["true"] }]), ...dataSelector(prefix, [{ field: "readOnly", equals: ["false"] }])];
    expect(await check(DATA, setSelectors(archiveStack(), selectors).resources)).toEqual([]);
  });

  it("accepts a bucket-name prefix and ReadOnly + WriteOnly basic selectors together", async () => {
    expect(await check(DATA, setSelectors(archiveStack(), dataSelector({ startsWiths: ["arn:aws:s3:::archive-"] })).resources)).toEqual([]);
    const basic = ["ReadOnly", "WriteOnly"].map((readWriteType) => ({ readWriteType, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::archive-abc1234/"] }] }));
    expect(await check(DATA, setSelectors(archiveStack(), [], basic).resources)).toEqual([]);
  });

  it("treats resources.ARN exclusions as unverifiable rather than covering", async () => {
    const vs = await check(DATA, setSelectors(archiveStack(), dataSelector({ startsWiths: ["arn:aws:s3"], notStartsWiths: ["arn:aws:s3:::archive-abc1234/tmp/"] })).resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining("cannot be verified during preview: CloudTrail data-event coverage")]);
  });

  it("in preview, an unknown prefix counts only when it depends on the bucket", async () => {
    const s = archiveStack({ preview: true });
    s.named("audit", T.trail).propertyDependencies!.advancedEventSelectors = [];
    const vs = await check(DATA, s.resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('"archive": cannot be verified during preview: CloudTrail data-event coverage of object reads and writes (a selector value) is unknown')]);
  });

  it("ignores a stopped trail (enableLogging false)", async () => {
    expect(await check(DATA, archiveStack().patch("audit", (p) => (p.enableLogging = false), T.trail).resources)).toHaveLength(1);
  });

  it("reports, in preview, buckets that might be the destination of a trail whose bucket is unknown", async () => {
    const s = archiveStack({ preview: true });
    s.named("audit", T.trail).propertyDependencies!.s3BucketName = [];
    const vs = await check(DATA, s.resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('"trail-bucket": cannot be verified during preview: whether this bucket is a CloudTrail destination (the s3BucketName of 1 trail(s)) is unknown')]);
  });

  it("does not require the trail's own destination bucket to be covered", async () => {
    const s = archiveStack();
    expect((await check(DATA, s.resources)).filter((v) => v.message.includes("trail-bucket"))).toEqual([]);
  });
});

describe("trail settings", () => {
  it(`${VALIDATION} and ${MULTI}: pass the stack, fail false/absent, report unknown`, async () => {
    for (const [policy, prop] of [[VALIDATION, "enableLogFileValidation"], [MULTI, "isMultiRegionTrail"]] as const) {
      expect(await check(policy, archiveStack().resources)).toEqual([]);
      const off = archiveStack().patch("audit", (p) => (p[prop] = false), T.trail);
      expect((await check(policy, off.resources)).map((v) => v.message)).toEqual([expect.stringContaining(`aws:cloudtrail/trail:Trail "audit": ${prop} is false; required: true`)]);
      const absent = archiveStack().patch("audit", (p) => delete p[prop], T.trail);
      expect((await check(policy, absent.resources))[0].message).toContain(`${prop} is not set`);
      const unknown = archiveStack().patch("audit", (p) => (p[prop] = UNKNOWN), T.trail);
      expect((await check(policy, unknown.resources))[0].message).toContain(`cannot be verified during preview: ${prop} is unknown`);
    }
  });

  it(`${TRAIL_KMS}: key from the stack (known or preview), literal ARN; fails none and unknown-without-dependency`, async () => {
    expect(await check(TRAIL_KMS, archiveStack().resources)).toEqual([]);
    expect(await check(TRAIL_KMS, archiveStack({ preview: true }).resources)).toEqual([]);
    const literal = archiveStack().patch("audit", (p) => (p.kmsKeyId = `arn:aws:kms:us-east-2:${ACCOUNT}:key/abcd`), T.trail);
    literal.named("audit", T.trail).propertyDependencies!.kmsKeyId = [];
    expect(await check(TRAIL_KMS, literal.resources)).toEqual([]);
    const none = archiveStack().patch("audit", (p) => delete p.kmsKeyId, T.trail);
    none.named("audit", T.trail).propertyDependencies!.kmsKeyId = [];
    expect((await check(TRAIL_KMS, none.resources))[0].message).toContain('"audit": kmsKeyId is not set (log files get SSE-S3 only)');
    const unknown = archiveStack({ preview: true });
    // Declared from the output of something that is not a KMS key: cannot be decided during preview.
    unknown.named("audit", T.trail).propertyDependencies!.kmsKeyId = [unknown.named("audit", T.logGroup).urn];
    expect((await check(TRAIL_KMS, unknown.resources))[0].message).toContain("cannot be verified during preview: kmsKeyId is unknown");
    // Unknown with no dependency at all: not declared by the program, so not set.
    unknown.named("audit", T.trail).propertyDependencies!.kmsKeyId = [];
    expect((await check(TRAIL_KMS, unknown.resources))[0].message).toContain("kmsKeyId is not set");
  });
});

describe("the audit log group", () => {
  it(`${GROUP_KMS}: passes the stack; fails no key; reports an unresolvable log group`, async () => {
    expect(await check(GROUP_KMS, archiveStack().resources)).toEqual([]);
    expect(await check(GROUP_KMS, archiveStack({ preview: true }).resources)).toEqual([]);
    const none = archiveStack().patch("audit", (p) => delete p.kmsKeyId, T.logGroup);
    none.named("audit", T.logGroup).propertyDependencies = {};
    expect((await check(GROUP_KMS, none.resources))[0].message).toContain('aws:cloudwatch/logGroup:LogGroup "audit": kmsKeyId is not set');
    const computed = archiveStack({ preview: true }).patch("audit", (p) => (p.kmsKeyId = UNKNOWN), T.logGroup);
    computed.named("audit", T.logGroup).propertyDependencies = {};
    expect((await check(GROUP_KMS, computed.resources))[0].message).toContain('"audit": kmsKeyId is not set'); // undeclared, computed
    const orphan = archiveStack({ preview: true });
    orphan.named("audit", T.trail).propertyDependencies!.cloudWatchLogsGroupArn = [];
    expect((await check(GROUP_KMS, orphan.resources))[0].message).toContain('aws:cloudtrail/trail:Trail "audit": cannot be verified during preview: cloudWatchLogsGroupArn is unknown');
  });

  it(`${GROUP_KMS}: pairs a literal log group ARN by name; ignores log groups no trail uses`, async () => {
    const s = archiveStack().patch("audit", (p) => delete p.kmsKeyId, T.logGroup);
    s.named("audit", T.logGroup).propertyDependencies = {};
    s.named("audit", T.trail).propertyDependencies!.cloudWatchLogsGroupArn = [];
    expect(await check(GROUP_KMS, s.resources)).toHaveLength(1);
    s.add(T.logGroup, "app", { name: "/app" });
    expect(await check(GROUP_KMS, s.resources)).toHaveLength(1);
  });

  it(`${GROUP_RETENTION}: 2192 or 0 or absent pass; 365 fails; unknown reported; config honoured`, async () => {
    expect(await check(GROUP_RETENTION, archiveStack().resources)).toEqual([]);
    for (const days of [0, undefined, 3653]) {
      expect(await check(GROUP_RETENTION, archiveStack().patch("audit", (p) => (p.retentionInDays = days), T.logGroup).resources)).toEqual([]);
    }
    const short = archiveStack().patch("audit", (p) => (p.retentionInDays = 365), T.logGroup);
    expect((await check(GROUP_RETENTION, short.resources))[0].message).toContain("retentionInDays is 365 days; required: 0 (never expire) or at least 2192 days");
    expect(await check(GROUP_RETENTION, short.resources, { [GROUP_RETENTION]: { minRetentionDays: 365 } })).toEqual([]);
    const unknown = archiveStack().patch("audit", (p) => (p.retentionInDays = UNKNOWN), T.logGroup);
    expect((await check(GROUP_RETENTION, unknown.resources))[0].message).toContain("cannot be verified during preview: retentionInDays is unknown");
  });
});
