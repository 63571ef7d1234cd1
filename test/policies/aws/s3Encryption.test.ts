import { ACCOUNT, archiveStack, Stack, T } from "../support/fixtures";
import { check, policyNamed, remediate, secret, UNKNOWN } from "../support/harness";

const SSE = "hipaa-aws-s3-bucket-sse-kms";
const KEY = "hipaa-aws-s3-bucket-key-enabled";

describe(SSE, () => {
  for (const v2 of [false, true]) {
    const form = v2 ? "V2 tokens" : "v7 tokens";
    it(`passes a compliant stack (${form}), known and in preview`, async () => {
      expect(await check(SSE, archiveStack({ v2 }).resources)).toEqual([]);
      expect(await check(SSE, archiveStack({ v2, preview: true }).resources)).toEqual([]);
    });

    it(`fails a PHI bucket with SSE-S3 (${form})`, async () => {
      const s = archiveStack({ v2 }).patch("archive-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" }));
      const vs = await check(SSE, s.resources);
      expect(vs).toHaveLength(1);
      expect(vs[0].enforcementLevel).toBe("mandatory");
      expect(vs[0].urn).toContain("archive-encryption");
      expect(vs[0].message).toContain(`"archive-encryption" (for ${v2 ? T.bucketV2 : T.bucket} "archive")`);
      expect(vs[0].message).toContain('rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"; required: sseAlgorithm "aws:kms"');
      expect(vs[0].message).toContain("Fix: declare aws.s3.BucketServerSideEncryptionConfiguration");
    });
  }

  it("fails a bucket without any encryption configuration", async () => {
    const vs = await check(SSE, archiveStack().remove("archive-encryption").resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].message).toContain('aws:s3/bucket:Bucket "archive": default encryption is not configured');
  });

  it("fails aws:kms with no key (AWS-managed aws/s3)", async () => {
    const s = archiveStack().patch("archive-encryption", (p) => delete p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId);
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
    const vs = await check(SSE, s.resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].message).toContain("kmsMasterKeyId is not set (S3 then uses the AWS-managed key aws/s3)");
  });

  it("fails an AWS-managed alias, literal or ARN form", async () => {
    for (const alias of ["alias/aws/s3", `arn:aws:kms:us-east-2:${ACCOUNT}:alias/aws/s3`]) {
      const s = archiveStack().patch("archive-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = alias));
      s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
      const vs = await check(SSE, s.resources);
      expect(vs.map((v) => v.message)).toEqual([expect.stringContaining("an AWS-managed key alias (alias/aws/*)")]);
      expect(vs[0].message).not.toContain(alias);
    }
  });

  it("accepts a literal customer key ARN with no dependency, and aws:kms:dsse", async () => {
    const s = archiveStack().patch("archive-encryption", (p) => {
      p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: `arn:aws:kms:us-east-2:${ACCOUNT}:key/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab` };
    });
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
    expect(await check(SSE, s.resources)).toEqual([]);
  });

  it("fails a literal that is not a key ARN, without printing it (a secret key id)", async () => {
    const hidden = "very-secret-key-material-1234";
    const s = archiveStack().patch("archive-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = secret(hidden)));
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
    const vs = await check(SSE, s.resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].message).toContain("neither a KMS key ARN nor a customer alias");
    expect(JSON.stringify(vs)).not.toContain(hidden);
  });

  it("never prints a secret algorithm value outside the vocabulary", async () => {
    const s = archiveStack().patch("archive-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = secret("s3cr3t-algorithm")));
    const vs = await check(SSE, s.resources);
    expect(vs[0].message).toContain('sseAlgorithm is a value that is not one of "AES256", "aws:kms", "aws:kms:dsse" (not shown)');
    expect(JSON.stringify(vs)).not.toContain("s3cr3t-algorithm");
  });

  it("reports, not passes, an unknown key that depends on no key of the stack (preview)", async () => {
    const s = archiveStack({ preview: true });
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
    const vs = await check(SSE, s.resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].enforcementLevel).toBe("mandatory");
    expect(vs[0].message).toContain("cannot be verified during preview: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is unknown");
  });

  it("accepts a key that depends on a customer alias of the stack", async () => {
    const s = archiveStack({ preview: true });
    const alias = s.add(T.alias, "archive-alias", { name: "alias/archive" });
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn], rules: [alias.urn] };
    expect(await check(SSE, s.resources)).toEqual([]);
  });

  it("reports an encryption configuration whose bucket cannot be identified during preview", async () => {
    const s = archiveStack({ preview: true });
    s.named("archive-encryption").propertyDependencies = { rules: [s.named("archive-key").urn] };
    const vs = await check(SSE, s.resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].message).toContain('aws:s3/bucket:Bucket "archive": cannot be verified during preview: the bucket of 1 encryption configuration(s) is unknown');
  });

  it("pairs a companion by literal bucket name when it has no dependency", async () => {
    const s = archiveStack();
    s.named("archive-encryption").propertyDependencies = { rules: [s.named("archive-key").urn] };
    expect(await check(SSE, s.resources)).toEqual([]);
  });

  describe("inline forms on the bucket", () => {
    const inlineStack = (v2: boolean, rule: Record<string, unknown>) => {
      const s = archiveStack({ v2 }).remove("archive-encryption");
      s.patch("archive", (p) => {
        if (v2) p.serverSideEncryptionConfigurations = [{ rules: [{ applyServerSideEncryptionByDefaults: [rule.applyServerSideEncryptionByDefault], bucketKeyEnabled: rule.bucketKeyEnabled }] }];
        else p.serverSideEncryptionConfiguration = { rule };
      });
      s.named("archive").propertyDependencies = { [v2 ? "serverSideEncryptionConfigurations" : "serverSideEncryptionConfiguration"]: [s.named("archive-key").urn] };
      return s;
    };
    for (const v2 of [false, true]) {
      const form = v2 ? "BucketV2 serverSideEncryptionConfigurations" : "Bucket serverSideEncryptionConfiguration";
      it(`counts ${form}`, async () => {
        const key = `arn:aws:kms:us-east-2:${ACCOUNT}:key/mrk-1234`;
        expect(await check(SSE, inlineStack(v2, { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key }, bucketKeyEnabled: true }).resources)).toEqual([]);
        const vs = await check(SSE, inlineStack(v2, { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }).resources);
        expect(vs).toHaveLength(1);
        expect(vs[0].message).toContain(v2 ? "serverSideEncryptionConfigurations[0].rules[0].applyServerSideEncryptionByDefaults[0].sseAlgorithm is \"AES256\"" : "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm is \"AES256\"");
      });
    }

    it("prefers the companion over the inline output (AWS reports SSE-S3 inline after an update)", async () => {
      const s = archiveStack().patch("archive", (p) => (p.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } }));
      expect(await check(SSE, s.resources)).toEqual([]);
    });

    it("reports an unknown inline configuration when there is no companion (preview)", async () => {
      const s = archiveStack({ preview: true }).remove("archive-encryption").patch("archive", (p) => (p.serverSideEncryptionConfiguration = UNKNOWN));
      s.named("archive").propertyDependencies!.serverSideEncryptionConfiguration = [s.named("archive-key").urn];
      const vs = await check(SSE, s.resources);
      expect(vs.map((v) => v.message)).toEqual([expect.stringContaining("cannot be verified during preview: serverSideEncryptionConfiguration is unknown")]);
    });

    it("reads an unknown inline configuration with no dependency as undeclared (computed for a new bucket)", async () => {
      const s = archiveStack({ preview: true }).remove("archive-encryption").patch("archive", (p) => (p.serverSideEncryptionConfiguration = UNKNOWN));
      expect((await check(SSE, s.resources)).map((v) => v.message)).toEqual([expect.stringContaining('"archive": default encryption is not configured')]);
      // ... and with a companion, the computed inline output is ignored altogether.
      const t = archiveStack({ preview: true }).patch("archive", (p) => (p.serverSideEncryptionConfiguration = UNKNOWN));
      expect(await check(SSE, t.resources)).toEqual([]);
    });
  });

  it("holds server-access-log destinations to any default encryption, and a missing one fails", async () => {
    expect(await check(SSE, archiveStack().resources)).toEqual([]); // access-logs uses AES256
    const vs = await check(SSE, archiveStack().remove("access-logs-encryption").resources);
    expect(vs).toHaveLength(1);
    expect(vs[0].message).toContain('"access-logs": default encryption is not configured');
    expect(vs[0].message).toContain("server-access-log destination");
  });

  it("a bucket that is the target of an inline logging configuration is a log destination", async () => {
    const s = archiveStack().remove("archive-logging");
    s.patch("archive", (p) => (p.logging = { targetBucket: "other-logs", targetPrefix: "x/" }));
    const other = s.add(T.bucket, "other-logs", { bucket: "other-logs" }, { computed: { arn: "arn:aws:s3:::other-logs" } });
    s.add(T.sse, "other-logs-encryption", { bucket: "other-logs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect((await check(SSE, s.resources)).filter((v) => v.urn === other.urn || v.message.includes("other-logs"))).toEqual([]);
  });
});

describe(KEY, () => {
  it("passes the compliant stack, and is advisory by default", async () => {
    expect(await check(KEY, archiveStack().resources)).toEqual([]);
    expect(policyNamed(KEY).enforcementLevel).toBe("advisory");
  });

  for (const [type, make] of [
    [T.sse, (v: unknown) => ({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: v }] })],
    [T.bucket, (v: unknown) => ({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: v } } })],
    [T.bucketV2, (v: unknown) => ({ serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms" }], bucketKeyEnabled: v }] }] })],
  ] as const) {
    it(`flags and remediates a missing bucket key on ${type}`, async () => {
      const s = new Stack();
      const r = s.add(type, "x", make(false) as Record<string, unknown>);
      const vs = await check(KEY, [r]);
      expect(vs).toHaveLength(1);
      expect(vs[0].enforcementLevel).toBe("advisory");
      expect(vs[0].message).toContain("bucketKeyEnabled is false; required: true");
      const fixed = await remediate(r, policyNamed(KEY));
      expect(fixed).toEqual(make(true));
      expect(await check(KEY, [{ ...r, inputs: fixed }])).toEqual([]);
      expect(await remediate({ ...r, inputs: fixed }, policyNamed(KEY))).toBeUndefined();
    });
  }

  it("skips DSSE-KMS and SSE-S3 rules (no bucket key there)", async () => {
    const s = new Stack();
    const a = s.add(T.sse, "a", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }] });
    const b = s.add(T.sseV2, "b", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(await check(KEY, [a, b])).toEqual([]);
  });

  it("reports an unknown bucketKeyEnabled; remediation keeps other secrets secret", async () => {
    const s = new Stack();
    const r = s.add(T.sse, "x", { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: secret("arn:aws:kms:us-east-2:111122223333:key/s") }, bucketKeyEnabled: UNKNOWN }] });
    const vs = await check(KEY, [r]);
    expect(vs[0].message).toContain("cannot be verified during preview: rules[0].bucketKeyEnabled is unknown");
    const fixed = (await remediate(r, policyNamed(KEY))) as any;
    expect(fixed.rules[0].bucketKeyEnabled).toBe(true);
    expect(fixed.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toEqual(secret("arn:aws:kms:us-east-2:111122223333:key/s"));
  });
});
