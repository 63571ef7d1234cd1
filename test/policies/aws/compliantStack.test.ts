import { AWS_BAA_TAGS, archiveStack, withComputedUnknowns } from "../support/fixtures";
import { analyzeAll, packConfig } from "../support/harness";


describe("a preview where no dependency says which bucket receives access logs", () => {
  it("reports PHI-only findings on the possible log bucket as unverifiable, not as violations", async () => {
    const s = archiveStack({ preview: true });
    for (const name of ["archive-logging", "trail-bucket-logging"]) s.named(name).propertyDependencies!.targetBucket = [];
    const { violations } = await analyzeAll(s.resources, undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
    const onLogBucket = violations.filter((v) => v.urn === s.named("access-logs").urn || v.message.includes('"access-logs"') );
    expect(new Set(onLogBucket.map((v) => v.policyName))).toEqual(
      new Set([
        "hipaa-aws-s3-bucket-sse-kms",
        "hipaa-aws-s3-object-lock-retention",
        "hipaa-aws-s3-bucket-access-logging",
        "hipaa-aws-cloudtrail-s3-data-events",
        "hipaa-aws-s3-bucket-tls-only",
      ]),
    );
    for (const v of onLogBucket) expect(v.message).toContain("cannot be verified during preview");
    for (const v of onLogBucket.filter((x) => x.policyName !== "hipaa-aws-s3-bucket-tls-only")) {
      expect(v.message).toContain("whether this bucket is a server-access-log destination (the targetBucket of 2 logging configuration(s)) is unknown");
    }
  });
});

describe("a compliant archive stack", () => {
  it("in a realistic first preview (provider-computed outputs unknown), still reports only the bucket policies", async () => {
    for (const v2 of [false, true]) {
      const { violations } = await analyzeAll(withComputedUnknowns(archiveStack({ v2, preview: true }).resources), undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
      expect(violations.map((v) => v.policyName)).toEqual(Array(3).fill("hipaa-aws-s3-bucket-tls-only"));
    }
  });

  for (const v2 of [false, true]) {
    it(`passes every policy after an update (${v2 ? "V2 tokens" : "v7 tokens"})`, async () => {
      const { violations } = await analyzeAll(archiveStack({ v2 }).resources, undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
      expect(violations).toEqual([]);
    });

    it(`in preview, reports only the bucket policies it cannot read (${v2 ? "V2 tokens" : "v7 tokens"})`, async () => {
      const { violations } = await analyzeAll(archiveStack({ v2, preview: true }).resources, undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
      expect(violations.map((v) => v.policyName)).toEqual(Array(3).fill("hipaa-aws-s3-bucket-tls-only"));
      for (const v of violations) {
        expect(v.enforcementLevel).toBe("mandatory");
        expect(v.message).toContain("cannot be verified during preview: policy is unknown");
      }
    });
  }
});
