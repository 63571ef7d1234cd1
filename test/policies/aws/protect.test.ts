import { archiveStack, Stack, T } from "../support/fixtures";
import { check, policyNamed } from "../support/harness";

const PROTECT = "hipaa-aws-data-resource-protect";

describe(PROTECT, () => {
  it("passes protected data resources and ignores companions", async () => {
    const s = archiveStack();
    for (const r of s.resources) if (!["aws:s3/bucket:Bucket", "aws:kms/key:Key", T.trail, T.logGroup].includes(r.type)) r.options = { protect: false };
    expect(await check(PROTECT, s.resources)).toEqual([]);
  });

  it("flags each unprotected bucket, BucketV2, key, log group and trail: advisory by default, mandatory in production.json", async () => {
    const s = new Stack();
    const types = [T.bucket, T.bucketV2, T.key, "aws:kms/replicaKey:ReplicaKey", T.logGroup, T.trail];
    const rs = types.map((t, i) => s.add(t, `r${i}`, {}, { protect: false }));
    const advisory = await check(PROTECT, rs);
    expect(advisory.map((v) => v.enforcementLevel)).toEqual(Array(types.length).fill("advisory"));
    expect(advisory[0].message).toContain('aws:s3/bucket:Bucket "r0": the protect option is false; required: true. Fix: pass { protect: true, retainOnDelete: true }');
    expect((await check(PROTECT, rs, "production.json")).map((v) => v.enforcementLevel)).toEqual(Array(types.length).fill("mandatory"));
    expect((await check(PROTECT, rs, "non-production.json")).map((v) => v.enforcementLevel)).toEqual(Array(types.length).fill("advisory"));
    expect(policyNamed(PROTECT).enforcementLevel).toBe("advisory");
  });
});
