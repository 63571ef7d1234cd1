import { archiveStack, Stack, T, tlsPolicy } from "../support/fixtures";
import { check, policyNamed, remediate, secret, UNKNOWN } from "../support/harness";

const PAB = "hipaa-aws-s3-bucket-public-access-block";
const FLAGS = "hipaa-aws-s3-public-access-block-flags";
const ACLS = "hipaa-aws-s3-bucket-acls-disabled";
const TLS = "hipaa-aws-s3-bucket-tls-only";
const LOGGING = "hipaa-aws-s3-bucket-access-logging";

describe(PAB, () => {
  it("passes the compliant stack in both token forms, known and in preview", async () => {
    for (const v2 of [false, true]) {
      expect(await check(PAB, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(PAB, archiveStack({ v2, preview: true }).resources)).toEqual([]);
    }
  });

  it("fails a bucket (v7 or V2) with no public access block", async () => {
    for (const v2 of [false, true]) {
      const vs = await check(PAB, archiveStack({ v2 }).remove("trail-bucket-pab").resources);
      expect(vs.map((v) => v.message)).toEqual([expect.stringContaining(`${v2 ? T.bucketV2 : T.bucket} "trail-bucket": public access block is missing`)]);
    }
  });

  it("reports a block whose bucket is unknown and depends on no bucket (preview)", async () => {
    const s = archiveStack({ preview: true });
    s.named("archive-pab").propertyDependencies = {};
    expect((await check(PAB, s.resources))[0].message).toContain("cannot be verified during preview: the bucket of 1 public access block(s) is unknown");
  });
});

describe(FLAGS, () => {
  const pab = (flags: Record<string, unknown>) => new Stack().add(T.pab, "pab", { bucket: "b", ...flags });
  const all: Record<string, boolean> = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

  it("passes all four flags", async () => {
    expect(await check(FLAGS, [pab(all)])).toEqual([]);
  });

  for (const flag of Object.keys(all)) {
    it(`fails ${flag} false or absent, and remediates it`, async () => {
      const off = pab({ ...all, [flag]: false });
      expect((await check(FLAGS, [off])).map((v) => v.message)).toEqual([
        expect.stringContaining(`aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock "pab": ${flag} is false; required: true. Fix: set ${flag}: true`),
      ]);
      const rest = Object.fromEntries(Object.entries(all).filter(([k]) => k !== flag));
      expect((await check(FLAGS, [pab(rest)]))[0].message).toContain(`${flag} is not set`);
      expect(await remediate(off, policyNamed(FLAGS))).toEqual({ bucket: "b", ...all });
    });
  }

  it("reports an unknown flag; remediation leaves a compliant block alone and keeps secrets", async () => {
    expect((await check(FLAGS, [pab({ ...all, blockPublicPolicy: UNKNOWN })]))[0].message).toContain("cannot be verified during preview: blockPublicPolicy is unknown");
    expect(await remediate(pab(all), policyNamed(FLAGS))).toBeUndefined();
    const withSecret = new Stack().add(T.pab, "pab", { bucket: secret("hidden-bucket"), blockPublicAcls: false });
    expect(await remediate(withSecret, policyNamed(FLAGS))).toEqual({ bucket: secret("hidden-bucket"), ...all });
  });
});

describe(ACLS, () => {
  it("passes BucketOwnerEnforced, fails other ownership and missing controls", async () => {
    expect(await check(ACLS, archiveStack().resources)).toEqual([]);
    expect(await check(ACLS, archiveStack({ v2: true, preview: true }).resources)).toEqual([]);
    const preferred = archiveStack().patch("archive-ownership", (p) => (p.rule.objectOwnership = "BucketOwnerPreferred"));
    expect((await check(ACLS, preferred.resources)).map((v) => v.message)).toEqual([
      expect.stringContaining('"archive-ownership" (for aws:s3/bucket:Bucket "archive"): rule.objectOwnership is "BucketOwnerPreferred"; required: rule.objectOwnership "BucketOwnerEnforced"'),
    ]);
    const missing = archiveStack({ v2: true }).remove("archive-ownership");
    expect((await check(ACLS, missing.resources))[0].message).toContain('aws:s3/bucketV2:BucketV2 "archive": object ownership controls is missing');
  });

  it("does not hold server-access-log destinations to it", async () => {
    expect(await check(ACLS, archiveStack().remove("access-logs-ownership").resources)).toEqual([]);
  });

  it("reports unknown ownership", async () => {
    const s = archiveStack({ preview: true }).patch("archive-ownership", (p) => (p.rule.objectOwnership = UNKNOWN));
    expect((await check(ACLS, s.resources))[0].message).toContain("cannot be verified during preview: rule.objectOwnership is unknown");
  });
});

describe(TLS, () => {
  const arn = "arn:aws:s3:::archive-abc1234";
  const withPolicy = (policy: unknown, v2 = false) => archiveStack({ v2 }).patch("archive-policy", (p) => (p.policy = policy));

  it("passes the compliant stack (v7 and V2 buckets)", async () => {
    expect(await check(TLS, archiveStack().resources)).toEqual([]);
    expect(await check(TLS, archiveStack({ v2: true }).resources)).toEqual([]);
  });

  it("accepts the object (PolicyDocument) form and a stricter TLS floor", async () => {
    const doc = JSON.parse(tlsPolicy(arn));
    doc.Statement[1].Condition.NumericLessThan["s3:TlsVersion"] = 1.3;
    expect(await check(TLS, withPolicy(doc).resources)).toEqual([]);
  });

  it("fails a policy without the SecureTransport deny", async () => {
    const doc = JSON.parse(tlsPolicy(arn));
    doc.Statement.splice(0, 1);
    const vs = await check(TLS, withPolicy(JSON.stringify(doc)).resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('"archive-policy" (for aws:s3/bucket:Bucket "archive"): policy is a document with no such statement (not shown); required: a Deny statement for Principal "*", Action "s3:*", on the bucket\'s objects, with Condition Bool aws:SecureTransport "false"')]);
  });

  it("fails a policy without the TLS 1.2 deny, or with a weaker floor", async () => {
    const doc = JSON.parse(tlsPolicy(arn));
    doc.Statement[1].Condition.NumericLessThan["s3:TlsVersion"] = "1.1";
    const vs = await check(TLS, withPolicy(JSON.stringify(doc)).resources);
    expect(vs.map((v) => v.message)).toEqual([expect.stringContaining('NumericLessThan s3:TlsVersion "1.2"')]);
  });

  it("fails denies that are not for everyone, not for all actions, or for another bucket", async () => {
    for (const change of [
      (st: any) => (st.Principal = { AWS: "arn:aws:iam::111122223333:root" }),
      (st: any) => (st.Action = "s3:GetObject"),
      (st: any) => (st.Resource = ["arn:aws:s3:::other-bucket/*"]),
      (st: any) => (st.Effect = "Allow"),
    ]) {
      const doc = JSON.parse(tlsPolicy(arn));
      doc.Statement.forEach(change);
      expect(await check(TLS, withPolicy(JSON.stringify(doc)).resources)).toHaveLength(2);
    }
  });

  it("fails a missing bucket policy and invalid JSON, without printing the (secret) document", async () => {
    expect((await check(TLS, archiveStack().remove("archive-policy").resources))[0].message).toContain('"archive": bucket policy is missing');
    const vs = await check(TLS, withPolicy(secret("{not json: sekrit-token-42")).resources);
    expect(vs[0].message).toContain("policy is not valid JSON (document not shown)");
    expect(JSON.stringify(vs)).not.toContain("sekrit-token-42");
  });

  it("never prints a secret policy document's contents", async () => {
    const doc = JSON.parse(tlsPolicy(arn, [{ Sid: "SecretSid-xyzzy", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:role/hidden-role" }, Action: "s3:GetObject", Resource: `${arn}/*` }]));
    doc.Statement.splice(0, 2);
    const vs = await check(TLS, withPolicy(secret(JSON.stringify(doc))).resources);
    expect(vs).toHaveLength(2);
    expect(JSON.stringify(vs)).not.toMatch(/xyzzy|hidden-role|999988887777/);
  });

  it("counts an inline bucket policy when there is no BucketPolicy (v7 and V2)", async () => {
    for (const v2 of [false, true]) {
      const s = archiveStack({ v2 }).remove("archive-policy").patch("archive", (p) => (p.policy = tlsPolicy(arn)));
      expect(await check(TLS, s.resources)).toEqual([]);
      const bad = archiveStack({ v2 }).remove("archive-policy").patch("archive", (p) => (p.policy = JSON.stringify({ Statement: [] })));
      expect((await check(TLS, bad.resources))[0].message).toContain(`${v2 ? T.bucketV2 : T.bucket} "archive": policy is a document with no such statement`);
    }
  });

  it("reports a policy that is unknown during preview even though it depends on the bucket", async () => {
    const vs = await check(TLS, archiveStack({ preview: true }).resources);
    expect(vs).toHaveLength(3);
    expect(vs[0].message).toContain('"access-logs-policy" (for aws:s3/bucket:Bucket "access-logs"): cannot be verified during preview: policy is unknown');
  });
});

describe(LOGGING, () => {
  it("passes the compliant stack in both forms, known and in preview", async () => {
    for (const v2 of [false, true]) {
      expect(await check(LOGGING, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(LOGGING, archiveStack({ v2, preview: true }).resources)).toEqual([]);
    }
  });

  it("fails a PHI bucket (also a trail destination) without logging; log destinations need none (v7 and V2)", async () => {
    for (const v2 of [false, true]) {
      const vs = await check(LOGGING, archiveStack({ v2 }).remove("trail-bucket-logging").resources);
      expect(vs.map((v) => v.message)).toEqual([expect.stringContaining(`${v2 ? T.bucketV2 : T.bucket} "trail-bucket": server access logging is not configured`)]);
    }
  });

  it("without any logging, the former log bucket becomes a PHI bucket and needs logging too", async () => {
    const s = archiveStack().remove("trail-bucket-logging").remove("archive-logging");
    expect((await check(LOGGING, s.resources)).map((v) => v.urn).sort()).toEqual(
      [s.named("access-logs").urn, s.named("archive").urn, s.named("trail-bucket").urn].sort(),
    );
  });

  it("counts inline logging (Bucket logging, BucketV2 loggings)", async () => {
    const v7 = archiveStack().remove("archive-logging").patch("archive", (p) => (p.logging = { targetBucket: "access-logs-abc1234", targetPrefix: "a/" }));
    expect(await check(LOGGING, v7.resources)).toEqual([]);
    const v2 = archiveStack({ v2: true }).remove("archive-logging").patch("archive", (p) => (p.loggings = [{ targetBucket: "access-logs-abc1234" }]));
    expect(await check(LOGGING, v2.resources)).toEqual([]);
  });

  it("reports an unknown inline logging with no companion, and an unresolvable BucketLogging (preview)", async () => {
    const s = archiveStack({ preview: true }).remove("archive-logging").patch("archive", (p) => (p.logging = UNKNOWN));
    s.named("archive").propertyDependencies!.logging = [s.named("access-logs").urn]; // declared from the log bucket's name
    expect((await check(LOGGING, s.resources)).map((v) => v.message)).toEqual([expect.stringContaining('"archive": cannot be verified during preview: logging is unknown')]);
    // The same unknown without a dependency is the provider's computed output of a new bucket: not declared.
    s.named("archive").propertyDependencies = {};
    expect((await check(LOGGING, s.resources)).map((v) => v.message)).toEqual([expect.stringContaining('"archive": server access logging is not configured')]);
    const t = archiveStack({ preview: true });
    t.named("archive-logging").propertyDependencies = { targetBucket: [t.named("access-logs").urn] };
    expect((await check(LOGGING, t.resources))[0].message).toContain("the bucket of 1 logging configuration(s) is unknown");
  });
});
