import { Secret } from "@pulumi/policy";
import { show } from "../../policies/lib/format";
import { resolveConfig } from "../../policies/lib/config";
import { catalog, definitions, policies } from "../../policies/registry";
import { AWS_BAA_TAGS, archiveStack, keyPolicy, T, tlsPolicy } from "./support/fixtures";
import { analyzeAll, check, packConfig, secret, stackResources, UNKNOWN, WireResource } from "./support/harness";

describe("the policy framework", () => {
  it("every policy carries the same metadata shape in @pulumi/policy's own fields", () => {
    expect(policies.length).toBeGreaterThanOrEqual(20);
    for (const p of policies) {
      expect(p.name).toMatch(/^hipaa-(aws|workspace|governance)(-[a-z0-9]+){2,}$/);
      expect(p.description).toBeTruthy();
      expect(p.displayName).toBeTruthy();
      expect(["low", "medium", "high", "critical"]).toContain(p.severity);
      expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
      expect(p.framework).toEqual({
        name: "HIPAA Security Rule",
        version: expect.any(String),
        reference: "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C",
        specification: expect.stringMatching(/^164\.\d{3}\(/),
      });
      expect(p.tags).toEqual(expect.arrayContaining([expect.stringMatching(/^hipaa:164\./), expect.stringMatching(/^area:/)]));
      expect(p.remediationSteps).toBeTruthy();
      expect(p.url).toMatch(/^https:\/\/www\.ecfr\.gov\/current\/title-45\/section-164\.\d{3}$/);
      for (const [key, prop] of Object.entries(p.configSchema?.properties ?? {})) {
        expect(key).not.toBe("enforcementLevel");
        expect(prop).toHaveProperty("default");
      }
    }
  });

  it("cross-reference tags use the tool prefixes", () => {
    const tags = policies.flatMap((p) => p.tags ?? []);
    expect(tags).toEqual(expect.arrayContaining(["aws-config:S3_BUCKET_SSL_REQUESTS_ONLY", "checkov:CKV_AWS_145", "prowler:s3_bucket_secure_transport_policy"]));
    for (const t of tags) expect(t).toMatch(/^(area|hipaa|aws-config|checkov|prowler|scuba|cis):\S+$/);
  });

  it("the catalog describes the same policies, in order, as plain data for the docs generator", () => {
    expect(catalog.map((c) => c.name)).toEqual(policies.map((p) => p.name));
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    const sse = catalog.find((c) => c.name === "hipaa-aws-s3-bucket-sse-kms")!;
    expect(sse).toMatchObject({ area: "aws", kind: "stack", hipaa: ["164.312(a)(2)(iv)"], crossReferences: { checkov: ["CKV_AWS_145"] }, remediable: false });
    expect(sse.previewUnknowns.length).toBeGreaterThan(0);
    const lock = catalog.find((c) => c.name === "hipaa-aws-s3-object-lock-retention")!;
    expect(lock.config).toEqual([
      expect.objectContaining({ key: "minRetentionDays", type: "integer", default: 2192, minimum: 1 }),
      expect.objectContaining({ key: "allowGovernanceMode", type: "boolean", default: false }),
    ]);
    expect(catalog.filter((c) => c.remediable).map((c) => c.name).sort()).toEqual([
      "hipaa-aws-kms-key-rotation",
      "hipaa-aws-s3-bucket-key-enabled",
      "hipaa-aws-s3-public-access-block-flags",
      "hipaa-workspace-group-no-external-members",
    ]);
    expect(definitions.every((d) => d.policy.name === d.control.name)).toBe(true);
  });

  it("the example pack configs are valid, name only real policies, and differ where the issue says", () => {
    const prod = packConfig("production.json");
    const nonProd = packConfig("non-production.json");
    expect(prod.get("hipaa-aws-s3-object-lock-retention")).toEqual({ enforcementLevel: "mandatory", properties: { minRetentionDays: 2192, allowGovernanceMode: false } });
    expect(nonProd.get("hipaa-aws-s3-object-lock-retention")!.properties.allowGovernanceMode).toBe(true);
    expect(prod.get("hipaa-aws-data-resource-protect")!.enforcementLevel).toBe("mandatory");
    expect(nonProd.get("hipaa-aws-data-resource-protect")!.enforcementLevel).toBe("advisory");
    expect(() => packConfig({ "hipaa-aws-no-such-policy": "mandatory" })).toThrow(/no such policy/);
    expect(() => packConfig({ "hipaa-aws-kms-key-rotation": "sometimes" })).toThrow(/not a valid enforcement level/);
  });

  it("fills config defaults and rejects unknown keys and bad values inside the policy too", async () => {
    const lock = policies.find((p) => p.name === "hipaa-aws-s3-object-lock-retention")!;
    expect(resolveConfig(lock.name, lock.configSchema, {})).toEqual({ minRetentionDays: 2192, allowGovernanceMode: false });
    expect(() => resolveConfig(lock.name, lock.configSchema, { minRetentionDay: 5 })).toThrow(/unknown key "minRetentionDay"/);
    expect(() => resolveConfig(lock.name, lock.configSchema, { minRetentionDays: -1 })).toThrow(/minimum 1/);
    await expect(check(lock.name, archiveStack().resources, { [lock.name]: { minRetentionDay: 5 } })).rejects.toThrow(/unknown key "minRetentionDay"/);
  });
});

describe("the safe formatter", () => {
  it("prints switches, numbers and vocabulary; describes everything else", () => {
    expect(show(undefined)).toBe("not set");
    expect(show(UNKNOWN)).toBe("unknown during preview");
    expect(show(false)).toBe("false");
    expect(show(30)).toBe("30");
    expect(show("aws:kms", ["aws:kms"])).toBe('"aws:kms"');
    expect(show("arn:aws:kms:us-east-2:111122223333:key/x")).toBe("a string value (not shown)");
    expect(show("x", ["a"])).toBe('a value that is not one of "a" (not shown)');
    expect(show({ a: 1 })).toBe("an object (not shown)");
    expect(show([1, 2])).toBe("a list of 2 item(s) (not shown)");
    expect(show(new Secret(30))).toBe("a secret value (not shown)");
    expect(show(secret("aws:kms"), ["aws:kms"])).toBe("a secret value (not shown)");
  });
});

/** Every string leaf replaced by `f(value)`. */
function mapStrings(v: unknown, f: (s: string) => unknown): unknown {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

describe("the whole pack", () => {
  it("never prints a secret value, whatever is broken", async () => {
    const MARK = "S3CR3T-MARK";
    const s = archiveStack()
      .patch("archive-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: secret(`${MARK}-alg`), kmsMasterKeyId: secret(`${MARK}-key`) }))
      .patch("access-logs-encryption", (p) => (p.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = secret(`${MARK}-alg2`)))
      .patch("archive-versioning", (p) => (p.versioningConfiguration.status = secret(`${MARK}-status`)))
      .patch("archive-ownership", (p) => (p.rule.objectOwnership = secret(`${MARK}-own`)))
      .patch("archive-object-lock", (p) => (p.rule.defaultRetention.mode = secret(`${MARK}-mode`)))
      .patch("archive-policy", (p) => (p.policy = secret(JSON.stringify({ Statement: [{ Sid: `${MARK}-sid`, Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }] }))))
      .patch("trail-bucket-policy", (p) => (p.policy = secret(`${MARK} not json`)))
      .patch("archive-key", (p) => (p.policy = secret(keyPolicy([{ Sid: `${MARK}-k`, Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }]))))
      .patch("audit", (p) => (p.kmsKeyId = secret(`${MARK}-trail-key`)), T.trail)
      .patch("audit", (p) => (p.kmsKeyId = secret(`alias/aws/${MARK}`)), T.logGroup);
    s.named("audit", T.trail).propertyDependencies!.kmsKeyId = [];
    s.named("audit", T.logGroup).propertyDependencies = {};
    s.named("archive-encryption").propertyDependencies = { bucket: [s.named("archive").urn] };
    const { violations } = await analyzeAll(s.resources, undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
    expect(violations.length).toBeGreaterThanOrEqual(10);
    for (const v of violations) expect(v.message).not.toContain(MARK);
  });

  it("never lets @pulumi/policy's unknown proxy throw (no \"can't run policy during preview\"), even when everything is unknown", async () => {
    const all: WireResource[] = archiveStack({ preview: true }).resources.map((r) => ({
      ...r,
      inputs: mapStrings(r.inputs, () => UNKNOWN) as Record<string, unknown>,
      outputs: mapStrings(r.outputs, () => UNKNOWN) as Record<string, unknown>,
    }));
    const wholeObjects: WireResource[] = archiveStack({ preview: true }).resources.map((r) => ({
      ...r,
      inputs: Object.fromEntries(Object.keys(r.inputs!).map((k) => [k, UNKNOWN])),
      outputs: Object.fromEntries(Object.keys(r.outputs!).map((k) => [k, UNKNOWN])),
    }));
    for (const stack of [all, wholeObjects]) {
      const { violations } = await analyzeAll(stack, undefined, { config: packConfig("production.json"), stackTags: AWS_BAA_TAGS });
      expect(violations.length).toBeGreaterThan(0);
      for (const v of violations) {
        expect(v.message).not.toMatch(/can't run/);
        if (v.policyName !== "hipaa-aws-data-resource-protect") expect(v.message.split("\n")[1]).toMatch(/cannot be verified during preview|is not set|not configured|missing|not recorded/);
      }
    }
  });

  it("runs every stack policy over about 10,000 resources without a finding on compliant copies", () => {
    const base = archiveStack().resources;
    const copies = Math.ceil(10_000 / base.length);
    const rename = (urn: string, i: number) => `${urn}-${i}`;
    const big: WireResource[] = [];
    for (let i = 0; i < copies; i++) {
      for (const r of base) {
        big.push({
          ...r,
          urn: rename(r.urn, i),
          name: `${r.name}-${i}`,
          dependencies: r.dependencies?.map((d) => rename(d, i)),
          propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, ds]) => [k, ds.map((d) => rename(d, i))])),
          outputs: mapStrings(r.outputs, (v) => v.split("-abc1234").join(`-abc1234-${i}`)) as Record<string, unknown>,
        });
      }
    }
    const resources = stackResources(big);
    const stackPolicies = policies.filter((p) => "validateStack" in p);
    const violations: string[] = [];
    for (const p of stackPolicies) {
      // A fresh array per policy, as the server deserializes per policy: no cache hit between policies.
      const args = { resources: [...resources], getConfig: () => ({}), stackTags: new Map(Object.entries(AWS_BAA_TAGS)), notApplicable: () => undefined as never };
      (p as any).validateStack(args, (m: string) => violations.push(m));
    }
    expect(big.length).toBeGreaterThanOrEqual(10_000);
    expect(violations.slice(0, 3)).toEqual([]);
  });
});

it("fixtures sanity: the TLS policy helper names the bucket", () => {
  expect(tlsPolicy("arn:aws:s3:::b")).toContain("arn:aws:s3:::b/*");
});

describe("a flood of findings on one resource", () => {
  // Found by the deep fuzz campaign: a 130,000-entry list of bad rules gave 130,000 identical violations.
  const bucket = (name: string, badRules: number): WireResource => ({
    urn: `urn:pulumi:dev::hipaa-guard::aws:s3/bucketV2:BucketV2::${name}`,
    type: "aws:s3/bucketV2:BucketV2",
    name,
    inputs: { bucket: name },
    outputs: {
      bucket: name,
      serverSideEncryptionConfigurations: [{ rules: Array.from({ length: badRules }, () => ({ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] })) }],
    },
  });

  test("is cut to the first 20 per policy and resource, then one line with how many more", async () => {
    const found = await check("hipaa-aws-s3-bucket-sse-kms", [bucket("phi", 1000)]);
    expect(found).toHaveLength(21);
    expect(found.slice(0, 20).every((v) => v.message.includes('sseAlgorithm is "AES256"'))).toBe(true);
    expect(found[20].message).toContain('aws:s3/bucketV2:BucketV2 "phi": 980 more findings of this policy on this resource not shown (the first 20 are)');
    expect(new Set(found.map((v) => v.urn))).toEqual(new Set([bucket("phi", 0).urn]));
  });

  test("counts each resource on its own, and adds nothing at or under the limit", async () => {
    const found = await check("hipaa-aws-s3-bucket-sse-kms", [bucket("a", 20), bucket("b", 21)]);
    const of = (name: string) => found.filter((v) => v.urn?.endsWith(`::${name}`));
    expect(of("a")).toHaveLength(20);
    expect(of("a").some((v) => v.message.includes("more finding"))).toBe(false);
    expect(of("b")).toHaveLength(21);
    expect(of("b")[20].message).toContain('"b": 1 more finding of this policy on this resource not shown');
  });
});
