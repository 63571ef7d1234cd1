import { archiveStack, T } from "../support/fixtures";
import { check, secret, UNKNOWN } from "../support/harness";

const VERSIONING = "hipaa-aws-s3-bucket-versioning";
const LOCK = "hipaa-aws-s3-object-lock-retention";
const LIFECYCLE = "hipaa-aws-s3-lifecycle-retention";

describe(VERSIONING, () => {
  for (const v2 of [false, true]) {
    it(`passes the compliant stack and fails Suspended (${v2 ? "V2" : "v7"} tokens)`, async () => {
      expect(await check(VERSIONING, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(VERSIONING, archiveStack({ v2, preview: true }).resources)).toEqual([]);
      const vs = await check(VERSIONING, archiveStack({ v2 }).patch("access-logs-versioning", (p) => (p.versioningConfiguration.status = "Suspended")).resources);
      expect(vs.map((v) => v.message)).toEqual([
        expect.stringContaining(`"access-logs-versioning" (for ${v2 ? T.bucketV2 : T.bucket} "access-logs"): versioningConfiguration.status is "Suspended"; required: versioning status "Enabled"`),
      ]);
    });
  }

  it("fails a bucket with no versioning at all", async () => {
    const vs = await check(VERSIONING, archiveStack().remove("archive-versioning").resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('"archive": versioning is not configured')]);
  });

  it("counts inline versioning (Bucket versioning.enabled, BucketV2 versionings[0].enabled)", async () => {
    const s = archiveStack().remove("archive-versioning").patch("archive", (p) => (p.versioning = { enabled: true }));
    expect(await check(VERSIONING, s.resources)).toEqual([]);
    const bad = archiveStack().remove("archive-versioning").patch("archive", (p) => (p.versioning = { enabled: false }));
    expect((await check(VERSIONING, bad.resources))[0].message).toContain("versioning.enabled is false");
    const v2 = archiveStack({ v2: true }).remove("archive-versioning").patch("archive", (p) => (p.versionings = [{ enabled: true }]));
    expect(await check(VERSIONING, v2.resources)).toEqual([]);
    const v2bad = archiveStack({ v2: true }).remove("archive-versioning").patch("archive", (p) => (p.versionings = [{ enabled: false }]));
    expect((await check(VERSIONING, v2bad.resources))[0].message).toContain("versionings[0].enabled is false");
  });

  it("reports an unknown status and an unresolvable companion in preview", async () => {
    const s = archiveStack({ preview: true }).patch("archive-versioning", (p) => (p.versioningConfiguration.status = UNKNOWN));
    expect((await check(VERSIONING, s.resources))[0].message).toContain("cannot be verified during preview: versioningConfiguration.status is unknown");
    const t = archiveStack({ preview: true });
    t.named("archive-versioning").propertyDependencies = {};
    expect((await check(VERSIONING, t.resources))[0].message).toContain('"archive": cannot be verified during preview: the bucket of 1 versioning configuration(s)');
  });

  it("does not print a secret status", async () => {
    const s = archiveStack().patch("archive-versioning", (p) => (p.versioningConfiguration.status = secret("hunter2-status")));
    const vs = await check(VERSIONING, s.resources);
    expect(vs).toHaveLength(1);
    expect(JSON.stringify(vs)).not.toContain("hunter2");
  });
});

describe(LOCK, () => {
  for (const v2 of [false, true]) {
    it(`passes the compliant stack, known and in preview (${v2 ? "V2" : "v7"} tokens)`, async () => {
      expect(await check(LOCK, archiveStack({ v2 }).resources, "production.json")).toEqual([]);
      expect(await check(LOCK, archiveStack({ v2, preview: true }).resources, "production.json")).toEqual([]);
    });
  }

  it("fails a BucketObjectLockConfigurationV2 in GOVERNANCE mode or too short", async () => {
    const s = archiveStack({ v2: true }).patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: "GOVERNANCE", years: 1 }));
    const vs = await check(LOCK, s.resources, "production.json");
    expect(vs.map((v) => v.message)).toEqual([
      expect.stringContaining(`aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2 "archive-object-lock" (for aws:s3/bucketV2:BucketV2 "archive"): rule.defaultRetention.mode is "GOVERNANCE"`),
      expect.stringContaining("rule.defaultRetention.years is 1 year(s) (366 days)"),
    ]);
  });

  it("fails GOVERNANCE under production.json and accepts it under non-production.json", async () => {
    const s = archiveStack().patch("archive-object-lock", (p) => (p.rule.defaultRetention.mode = "GOVERNANCE"));
    const vs = await check(LOCK, s.resources, "production.json");
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('rule.defaultRetention.mode is "GOVERNANCE"; required: mode "COMPLIANCE"')]);
    expect(await check(LOCK, s.resources, "non-production.json")).toEqual([]);
  });

  it("fails a retention shorter than minRetentionDays, in days or years", async () => {
    const days = archiveStack().patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: "COMPLIANCE", days: 365 }));
    expect((await check(LOCK, days.resources))[0].message).toContain("rule.defaultRetention.days is 365 days; required: mode \"COMPLIANCE\" and a default retention of at least 2192 days");
    const years = archiveStack().patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: "COMPLIANCE", years: 5 }));
    expect((await check(LOCK, years.resources))[0].message).toContain("rule.defaultRetention.years is 5 year(s) (1827 days)");
    const exact = archiveStack().patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: "COMPLIANCE", days: 2192 }));
    expect(await check(LOCK, exact.resources)).toEqual([]);
  });

  it("honours minRetentionDays from config", async () => {
    const s = archiveStack().patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: "COMPLIANCE", days: 400 }));
    expect(await check(LOCK, s.resources, { [LOCK]: { minRetentionDays: 365 } })).toEqual([]);
  });

  it("fails a bucket created without objectLockEnabled, and a missing configuration", async () => {
    const s = archiveStack().patch("archive", (p) => delete p.objectLockEnabled).remove("archive-object-lock");
    const vs = await check(LOCK, s.resources);
    expect(vs.map((v) => v.message)).toEqual([
      expect.stringContaining('"archive": objectLockEnabled is not set; required: true. Fix: create the bucket with objectLockEnabled: true'),
      expect.stringContaining('"archive": Object Lock default retention is not configured'),
    ]);
  });

  it("fails a configuration with no default retention", async () => {
    const s = archiveStack().patch("archive-object-lock", (p) => delete p.rule);
    expect((await check(LOCK, s.resources))[0].message).toContain("rule.defaultRetention is not set");
  });

  it("does not apply to server-access-log destinations (S3 forbids Object Lock there)", async () => {
    const vs = await check(LOCK, archiveStack().resources);
    expect(vs.filter((v) => v.message.includes("access-logs"))).toEqual([]);
  });

  it("counts the inline forms (Bucket objectLockConfiguration.rule, BucketV2 rules[0].defaultRetentions[0])", async () => {
    const v7 = archiveStack().remove("archive-object-lock").patch("archive", (p) => (p.objectLockConfiguration = { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } } }));
    expect(await check(LOCK, v7.resources)).toEqual([]);
    const v2 = archiveStack({ v2: true })
      .remove("archive-object-lock")
      .patch("archive", (p) => (p.objectLockConfiguration = { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [{ mode: "GOVERNANCE", days: 10 }] }] }));
    const vs = await check(LOCK, v2.resources);
    expect(vs.map((v) => v.message)).toEqual([
      expect.stringContaining('objectLockConfiguration.rules[0].defaultRetentions[0].mode is "GOVERNANCE"'),
      expect.stringContaining("objectLockConfiguration.rules[0].defaultRetentions[0].days is 10 days"),
    ]);
  });

  it("reports unknown mode/retention and an unknown objectLockEnabled", async () => {
    const s = archiveStack({ preview: true }).patch("archive-object-lock", (p) => (p.rule.defaultRetention = { mode: UNKNOWN, years: UNKNOWN })).patch("archive", (p) => (p.objectLockEnabled = UNKNOWN));
    s.named("archive").propertyDependencies!.objectLockEnabled = [s.named("archive-key").urn]; // declared from an output
    const msgs = (await check(LOCK, s.resources)).map((v) => v.message);
    expect(msgs).toEqual([
      expect.stringContaining('"archive": cannot be verified during preview: objectLockEnabled is unknown'),
      expect.stringContaining("cannot be verified during preview: rule.defaultRetention.mode is unknown"),
      expect.stringContaining("cannot be verified during preview: rule.defaultRetention.days/years is unknown"),
    ]);
  });

  it("reads an unknown objectLockEnabled with no dependency as undeclared (the provider computes it for a new bucket)", async () => {
    const s = archiveStack({ preview: true }).patch("archive", (p) => (p.objectLockEnabled = UNKNOWN));
    expect((await check(LOCK, s.resources)).map((v) => v.message)).toEqual([expect.stringContaining('"archive": objectLockEnabled is not set; required: true')]);
  });

  it("rejects bad config values (the engine would too)", async () => {
    await expect(check(LOCK, archiveStack().resources, { [LOCK]: { minRetentionDays: 0 } })).rejects.toThrow(/hipaa-aws-s3-object-lock-retention: minRetentionDays: Must be greater than or equal to 1/);
    await expect(check(LOCK, archiveStack().resources, { [LOCK]: { allowGovernanceMode: "yes" } })).rejects.toThrow(/allowGovernanceMode: Invalid type. Expected: boolean, given: string/);
    await expect(check(LOCK, archiveStack().resources, { [LOCK]: { minRetentionDays: 10.5 } })).rejects.toThrow(/minRetentionDays: Invalid type. Expected: integer, given: number/);
  });
});

describe(LIFECYCLE, () => {
  for (const v2 of [false, true]) {
    it(`passes the compliant stack (${v2 ? "V2" : "v7"} tokens)`, async () => {
      expect(await check(LIFECYCLE, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(LIFECYCLE, archiveStack({ v2, preview: true }).resources)).toEqual([]);
    });
  }

  it("fails early expiration of current and noncurrent versions, on PHI and log buckets", async () => {
    const s = archiveStack()
      .patch("access-logs-lifecycle", (p) => (p.rules[0].expiration.days = 90))
      .patch("archive-lifecycle", (p) => (p.rules[0].noncurrentVersionExpiration = { noncurrentDays: 30 }));
    const msgs = (await check(LIFECYCLE, s.resources)).map((v) => v.message);
    expect(msgs).toEqual([
      expect.stringContaining('"access-logs-lifecycle" (for aws:s3/bucket:Bucket "access-logs"): rules[0].expiration.days is 90 days; required: no expiration of current or noncurrent versions before 2192 days'),
      expect.stringContaining('"archive-lifecycle" (for aws:s3/bucket:Bucket "archive"): rules[0].noncurrentVersionExpiration.noncurrentDays is 30 days'),
    ]);
  });

  it("fails a fixed expiration date, ignores disabled rules", async () => {
    const s = archiveStack().patch("archive-lifecycle", (p) => (p.rules[0].expiration = { date: "2030-01-01T00:00:00Z" }));
    expect((await check(LIFECYCLE, s.resources))[0].message).toContain("rules[0].expiration.date is a fixed date");
    const off = archiveStack().patch("archive-lifecycle", (p) => ((p.rules[0].expiration = { days: 1 }), (p.rules[0].status = "Disabled")));
    expect(await check(LIFECYCLE, off.resources)).toEqual([]);
  });

  it("checks lifecycle configurations whatever bucket they configure (V2 token, unpaired)", async () => {
    const s = archiveStack();
    s.add(T.lifecycleV2, "stray", { bucket: "elsewhere", rules: [{ id: "x", status: "Enabled", expiration: { days: 7 } }] });
    expect((await check(LIFECYCLE, s.resources)).map((v) => v.message)).toEqual([expect.stringContaining('"stray": rules[0].expiration.days is 7 days')]);
  });

  it("checks inline lifecycleRules of Bucket and BucketV2", async () => {
    const v7 = archiveStack().remove("archive-lifecycle").patch("archive", (p) => (p.lifecycleRules = [{ enabled: true, expiration: { days: 30 }, noncurrentVersionExpiration: { days: 30 } }]));
    expect((await check(LIFECYCLE, v7.resources)).map((v) => v.message)).toEqual([
      expect.stringContaining("lifecycleRules[0].expiration.days is 30 days"),
      expect.stringContaining("lifecycleRules[0].noncurrentVersionExpiration.days is 30 days"),
    ]);
    const v2 = archiveStack({ v2: true }).remove("archive-lifecycle").patch("archive", (p) => (p.lifecycleRules = [{ enabled: true, expirations: [{ days: 30 }], noncurrentVersionExpirations: [{ days: 3000 }] }]));
    expect((await check(LIFECYCLE, v2.resources)).map((v) => v.message)).toEqual([expect.stringContaining("lifecycleRules[0].expirations[0].days is 30 days")]);
  });

  it("reports unknown expiration values", async () => {
    const s = archiveStack({ preview: true }).patch("archive-lifecycle", (p) => (p.rules[0].expiration = { days: UNKNOWN }));
    expect((await check(LIFECYCLE, s.resources))[0].message).toContain("cannot be verified during preview: rules[0].expiration.days is unknown");
  });
});
