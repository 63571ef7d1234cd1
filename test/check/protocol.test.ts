/**
 * The policy pack over its gRPC protocol, through the same harness `npm run check` uses: the real pack process,
 * GetAnalyzerInfo, Configure, ConfigureStack, Remediate, Analyze and AnalyzeStack. The resources are the prod
 * example stack recorded under mocks (wire form), then edited to break one control at a time. The policies'
 * own logic is tested in-process under test/policies; this suite tests the protocol path.
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicySession } from "./types";
import { analyze, configure, dropDependency, exampleStack, mutate, patchSetting, withExtra, NON_PRODUCTION_CONFIG, policiesOf, PRODUCTION_CONFIG, startPack, without, withOptions } from "./harness";
import type { StackResource } from "../../tools/engine/stackResources";
import { loadPolicyPackConfigFile, reconcilePolicyPackConfig, PolicyConfigFileError, parsePolicyPackConfig } from "../../tools/engine/policyConfig";
import { secret, UNKNOWN } from "../../tools/engine/wire";
import { format, FORMATS } from "../../tools/check/formats";
import type { CheckResult } from "../../tools/check/run";

jest.setTimeout(60_000);

const T = {
  bucket: "aws:s3/bucket:Bucket",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  logging: "aws:s3/bucketLogging:BucketLogging",
  key: "aws:kms/key:Key",
  trail: "aws:cloudtrail/trail:Trail",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  groupSettings: "googleworkspace:index/groupSettings:GroupSettings",
};

/** One edit per policy that breaks exactly that control in the (compliant) prod stack. */
const BREAKS: Record<string, (rs: StackResource[]) => StackResource[]> = {
  "hipaa-aws-s3-bucket-sse-kms": (rs) =>
    mutate(rs, "phi-archive-encryption", (p) => {
      p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" };
      delete p.rules[0].bucketKeyEnabled;
    }, T.sse),
  "hipaa-aws-s3-bucket-key-enabled": (rs) => mutate(rs, "phi-archive-encryption", (p) => (p.rules[0].bucketKeyEnabled = false), T.sse),
  "hipaa-aws-s3-bucket-versioning": (rs) => mutate(rs, "phi-archive-versioning", (p) => (p.versioningConfiguration.status = "Suspended"), T.versioning),
  "hipaa-aws-s3-object-lock-retention": (rs) => mutate(rs, "phi-archive-object-lock", (p) => (p.rule.defaultRetention.years = 3), T.objectLock),
  "hipaa-aws-s3-lifecycle-retention": (rs) =>
    mutate(rs, "phi-archive-access-logs-lifecycle", (p) => {
      p.rules[0].expiration.days = 365;
      p.rules[0].noncurrentVersionExpiration.noncurrentDays = 365;
    }, T.lifecycle),
  "hipaa-aws-s3-bucket-public-access-block": (rs) => without(rs, "phi-archive-public-access-block", T.pab),
  "hipaa-aws-s3-public-access-block-flags": (rs) => mutate(rs, "phi-archive-public-access-block", (p) => (p.restrictPublicBuckets = false), T.pab),
  "hipaa-aws-s3-bucket-acls-disabled": (rs) => mutate(rs, "phi-archive-ownership", (p) => (p.rule.objectOwnership = "ObjectWriter"), T.ownership),
  "hipaa-aws-s3-bucket-tls-only": (rs) => without(rs, "phi-archive-policy", T.policy),
  "hipaa-aws-s3-bucket-access-logging": (rs) => without(rs, "phi-archive-access-logging", T.logging),
  "hipaa-aws-kms-key-rotation": (rs) => mutate(rs, "phi-archive-key", (p) => (p.enableKeyRotation = false), T.key),
  "hipaa-aws-kms-key-deletion-window": (rs) => mutate(rs, "phi-archive-key", (p) => (p.deletionWindowInDays = 7), T.key),
  "hipaa-aws-kms-key-policy-no-wildcard": (rs) =>
    mutate(rs, "phi-archive-key", (p) => {
      const doc = JSON.parse(p.policy);
      doc.Statement.push({ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" });
      p.policy = JSON.stringify(doc);
    }, T.key),
  "hipaa-aws-cloudtrail-s3-data-events": (rs) =>
    mutate(rs, "phi-archive-audit", (p) => (p.advancedEventSelectors = p.advancedEventSelectors.slice(0, 1)), T.trail),
  "hipaa-aws-cloudtrail-log-file-validation": (rs) => mutate(rs, "phi-archive-audit", (p) => (p.enableLogFileValidation = false), T.trail),
  "hipaa-aws-cloudtrail-kms-encryption": (rs) =>
    dropDependency(mutate(rs, "phi-archive-audit", (p) => delete p.kmsKeyId, T.trail), "phi-archive-audit", T.trail, "kmsKeyId"),
  "hipaa-aws-cloudtrail-multi-region": (rs) => mutate(rs, "phi-archive-audit", (p) => (p.isMultiRegionTrail = false), T.trail),
  "hipaa-aws-cloudwatch-audit-log-group-kms": (rs) =>
    dropDependency(mutate(rs, "phi-archive-audit", (p) => delete p.kmsKeyId, T.logGroup), "phi-archive-audit", T.logGroup, "kmsKeyId"),
  "hipaa-aws-cloudwatch-audit-log-group-retention": (rs) => mutate(rs, "phi-archive-audit", (p) => (p.retentionInDays = 365), T.logGroup),
  "hipaa-aws-data-resource-protect": (rs) => withOptions(rs, "phi-archive", T.bucket, { protect: false }),

  // Google Workspace: the root OU's Cloud Identity policies carry the baseline every OU inherits.
  "hipaa-workspace-2sv-enforced": (rs) => patchSetting(rs, "ou-root-security-two-step-verification-enforcement", { enforcedFrom: "2099-01-01T00:00:00Z" }),
  "hipaa-workspace-2sv-enrollment-allowed": (rs) => patchSetting(rs, "ou-root-security-two-step-verification-enrollment", { allowEnrollment: false }),
  "hipaa-workspace-2sv-sign-in-factors": (rs) => patchSetting(rs, "ou-root-security-two-step-verification-enforcement-factor", { allowedSignInFactorSet: "ALL" }),
  "hipaa-workspace-2sv-grace-period": (rs) => patchSetting(rs, "ou-root-security-two-step-verification-grace-period", { enrollmentGracePeriod: "2592000s" }),
  "hipaa-workspace-2sv-no-trusted-devices": (rs) => patchSetting(rs, "ou-root-security-two-step-verification-device-trust", { allowTrustingDevice: true }),
  "hipaa-workspace-drive-external-sharing": (rs) => patchSetting(rs, "ou-root-drive-and-docs-external-sharing", { externalSharingMode: "ALLOWED" }),
  "hipaa-workspace-drive-no-publishing": (rs) => patchSetting(rs, "ou-root-drive-and-docs-external-sharing", { allowPublishingFiles: true }),
  "hipaa-workspace-drive-access-checker": (rs) => patchSetting(rs, "ou-root-drive-and-docs-external-sharing", { accessCheckerSuggestions: "RECIPIENTS_OR_AUDIENCE_OR_PUBLIC" }),
  "hipaa-workspace-drive-default-private": (rs) => patchSetting(rs, "ou-root-drive-and-docs-general-access-default", { defaultFileAccess: "PRIMARY_AUDIENCE_WITH_LINK" }),
  "hipaa-workspace-drive-shared-drives": (rs) => patchSetting(rs, "ou-root-drive-and-docs-shared-drive-creation", { allowExternalUserAccess: true }),
  "hipaa-workspace-session-length": (rs) => patchSetting(rs, "ou-root-security-session-controls", { webSessionDuration: "86400s" }),
  "hipaa-workspace-less-secure-apps-off": (rs) => patchSetting(rs, "ou-root-security-less-secure-apps", { allowLessSecureApps: true }),
  "hipaa-workspace-takeout-disabled": (rs) => patchSetting(rs, "ou-root-takeout-service-status", { serviceState: "ENABLED" }),
  "hipaa-workspace-dlp-drive-coverage": (rs) => patchSetting(rs, "workspace-dlp-ou-phi-drive-rule", { state: "INACTIVE" }),
  "hipaa-workspace-group-join-restricted": (rs) =>
    mutate(rs, "group-privacy-office-riverbendhealth-org", (p) => (p.whoCanJoin = "ANYONE_CAN_JOIN"), T.groupSettings),
  "hipaa-workspace-group-no-external-members": (rs) =>
    mutate(rs, "group-privacy-office-riverbendhealth-org", (p) => (p.allowExternalMembers = true), T.groupSettings),

  // Governance.
  "hipaa-governance-baa-covered-services": (rs) => withExtra(rs, "phi-archive-key", "aws:lightsail/instance:Instance", "phi-notes"),
};

/** Policies broken through ConfigureStack instead of the resources (restored afterwards). */
const TAG_BREAKS: Record<string, Record<string, string>> = {
  "hipaa-governance-baa-stack-tags": { "pulumi:project": "hipaa-guard" },
};

/** Policies the fixtures under test/fixtures/stacks expect (end-to-end coverage through the CLI). */
function fixtureExpectations(): Set<string> {
  const dir = path.join(__dirname, "../fixtures/stacks");
  const names = new Set<string>();
  for (const f of fs.readdirSync(dir)) {
    const m = /^# expect: (.+)$/m.exec(fs.readFileSync(path.join(dir, f), "utf8"));
    for (const n of (m?.[1] ?? "").split(",").map((s) => s.trim())) if (n && n !== "pass") names.add(n);
  }
  return names;
}

let session: PolicySession;
let prod: StackResource[];

beforeAll(async () => {
  session = await startPack();
  await configure(session, PRODUCTION_CONFIG);
  prod = await exampleStack(session, "prod");
});
afterAll(async () => {
  await session?.close();
});

describe("GetAnalyzerInfo", () => {
  it("serves the pack's policies with their metadata", () => {
    expect(session.info.name).toBe("hipaa-guard");
    expect(session.info.supportsConfig).toBe(true);
    expect(session.info.policies.length).toBeGreaterThanOrEqual(20);
    for (const p of session.info.policies) {
      expect(p.name).toMatch(/^hipaa-(aws|workspace|governance)-/);
      expect(["low", "medium", "high", "critical"]).toContain(p.severity);
      expect(p.framework?.specification).toMatch(/^164\.\d{3}/);
      expect(p.tags.some((t) => t.startsWith("hipaa:164."))).toBe(true);
      expect(p.remediationSteps).not.toBe("");
    }
  });

  it("every policy has a protocol case here or an end-to-end fixture", () => {
    const covered = new Set([...Object.keys(BREAKS), ...Object.keys(TAG_BREAKS), ...fixtureExpectations()]);
    const missing = session.info.policies.map((p) => p.name).filter((n) => !covered.has(n));
    expect(missing).toEqual([]);
  });
});

describe("the compliant prod stack", () => {
  let result: Awaited<ReturnType<typeof analyze>>;
  beforeAll(async () => {
    result = await analyze(session, prod);
  });

  it("raises no diagnostic at all under the production config", () => {
    expect(result.diagnostics.map((d) => `${d.policyName} ${d.urn}: ${d.message}`)).toEqual([]);
  });

  it("sends every resource, default providers included, each Analyze with options set", () => {
    expect(result.resources.length).toBe(prod.length);
    expect(prod.some((r) => r.type === "pulumi:providers:aws" && r.name.startsWith("default"))).toBe(true);
    expect(prod.every((r) => r.analyze.options !== undefined)).toBe(true);
  });

  it.each([...Object.keys(BREAKS), ...Object.keys(TAG_BREAKS)])("passes %s", (policy) => {
    expect(policiesOf(result)).not.toContain(policy);
  });
});

describe("one broken control at a time", () => {
  const served = (policy: string) => {
    if (session.info.policies.some((p) => p.name === policy)) return true;
    console.warn(`${policy}: not served by the pack under test yet (is its area registered in policies/registry.ts?)`);
    return false;
  };

  it.each(Object.keys(TAG_BREAKS))("%s reports a stack without the tags", async (policy) => {
    if (!served(policy)) return;
    const source = { stack: "prod", project: "hipaa-guard", organization: "organization", dryRun: true };
    await session.client.configureStack({ ...source, tags: TAG_BREAKS[policy] });
    try {
      expect(policiesOf(await analyze(session, prod))).toContain(policy);
    } finally {
      await exampleStack(session, "prod");
    }
  });

  it.each(Object.keys(BREAKS))("%s reports the edited stack at its configured level", async (policy) => {
    if (!served(policy)) return;
    const result = await analyze(session, BREAKS[policy](prod));
    const level = reconcilePolicyPackConfig(session.info, loadPolicyPackConfigFile(PRODUCTION_CONFIG)).config[policy].enforcementLevel;
    expect(policiesOf(result, level === "remediate" ? "mandatory" : level)).toContain(policy);
    const own = result.diagnostics.filter((d) => d.policyName === policy);
    for (const d of own) {
      expect(d.urn).toMatch(/^urn:pulumi:prod::hipaa-guard::/);
      expect(d.policyPackName).toBe("hipaa-guard");
    }
  });
});

describe("policy config over Configure", () => {
  // A key rotated every 400 days: over the schema default maxKeyRotationDays 365.
  const slowRotation = () => mutate(prod, "phi-archive-key", (p) => (p.rotationPeriodInDays = 400), T.key);
  const rotation = "hipaa-aws-kms-key-rotation";
  const levelOf = async (given: Record<string, any>) => {
    await configure(session, parsePolicyPackConfig(JSON.stringify(given), "test"));
    const result = await analyze(session, slowRotation());
    return result.diagnostics.filter((d) => d.policyName === rotation).map((d) => d.enforcementLevel);
  };
  afterAll(async () => configure(session, PRODUCTION_CONFIG));

  it("applies the schema default when the file says nothing", async () => {
    expect(await levelOf({})).toEqual(["mandatory"]);
  });

  it("lets the file's per-policy properties override the schema default", async () => {
    expect(await levelOf({ [rotation]: { maxKeyRotationDays: 400 } })).toEqual([]);
  });

  it("applies `all` to every policy, and a per-policy level over `all`", async () => {
    expect(await levelOf({ all: "advisory" })).toEqual(["advisory"]);
    expect(await levelOf({ all: "advisory", [rotation]: "mandatory" })).toEqual(["mandatory"]);
    expect(await levelOf({ all: "mandatory", [rotation]: { enforcementLevel: "disabled" } })).toEqual([]);
  });

  it("reconciles defaults < file all < file per-policy like the CLI", () => {
    const cfg = reconcilePolicyPackConfig(session.info, parsePolicyPackConfig(JSON.stringify({ all: "advisory", [rotation]: { maxKeyRotationDays: 180 } }), "t")).config;
    expect(cfg[rotation]).toEqual({ enforcementLevel: "advisory", properties: { maxKeyRotationDays: 180 } });
    expect(cfg["hipaa-aws-s3-object-lock-retention"].properties).toEqual({ minRetentionDays: 2192, allowGovernanceMode: false });
  });

  it("rejects config the schema refuses, naming the policy, key and file", () => {
    expect(() =>
      reconcilePolicyPackConfig(session.info, parsePolicyPackConfig(JSON.stringify({ [rotation]: { maxKeyRotationDays: 5000 } }), "cfg.json"), "cfg.json"),
    ).toThrow(/cfg\.json: invalid policy config:\n {2}hipaa-aws-kms-key-rotation: maxKeyRotationDays: Must be less than or equal to 2560/);
    expect(() => reconcilePolicyPackConfig(session.info, parsePolicyPackConfig(JSON.stringify({ [rotation]: { maxKeyRotationDays: "a year" } }), "c"))).toThrow(
      /maxKeyRotationDays: Invalid type. Expected: integer, given: string/,
    );
    expect(() => parsePolicyPackConfig(JSON.stringify({ [rotation]: "strict" }), "c.json")).toThrow(PolicyConfigFileError);
    expect(() => parsePolicyPackConfig("{", "c.json")).toThrow(/c\.json: not valid JSON/);
    expect(() => parsePolicyPackConfig("[]", "c.json")).toThrow(/top level must be a JSON object/);
  });
});

describe("remediation", () => {
  const keyEnabled = "hipaa-aws-s3-bucket-key-enabled";
  afterAll(async () => configure(session, PRODUCTION_CONFIG));

  it("returns the fixed properties over Remediate, and Analyze then sees the fixed inputs", async () => {
    await configure(session, { [keyEnabled]: { enforcementLevel: "remediate" } });
    const broken = BREAKS[keyEnabled](prod);
    const sse = broken.find((r) => r.name === "phi-archive-encryption" && r.type === T.sse)!;
    const resp = await session.client.remediate(sse.analyze);
    const fix = resp.remediations.find((r) => r.policyName === keyEnabled);
    expect((fix?.properties as any)?.rules[0].bucketKeyEnabled).toBe(true);

    const result = await analyze(session, broken, true);
    expect(result.remediations).toEqual([{ urn: sse.urn, policyName: keyEnabled, changed: ["rules"] }]);
    expect(policiesOf(result)).not.toContain(keyEnabled);
  });
});

describe("unknown and secret values", () => {
  it("carries unknown preview values to the pack, which reports them instead of passing", async () => {
    const unknownRetention = mutate(prod, "phi-archive-audit", (p) => (p.retentionInDays = UNKNOWN), T.logGroup);
    const result = await analyze(session, unknownRetention);
    const d = result.diagnostics.filter((x) => x.policyName === "hipaa-aws-cloudwatch-audit-log-group-retention");
    expect(d.length).toBeGreaterThan(0);
    expect(d.map((x) => x.message).join("\n")).toMatch(/preview/);
  });

  it("lets policies see through secrets, and no secret value reaches a report", async () => {
    const marker = "SECRET-kms-policy-9f3c1e";
    const secretPolicy = mutate(prod, "phi-archive-key", (p) => {
      const doc = JSON.parse(p.policy);
      doc.Statement.push({ Sid: marker, Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" });
      p.policy = secret(JSON.stringify(doc));
    }, T.key);
    const result = await analyze(session, secretPolicy);
    const own = result.diagnostics.filter((d) => d.policyName === "hipaa-aws-kms-key-policy-no-wildcard");
    expect(own.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.message).not.toContain(marker);
  });

  it("redacts secret values in every format even if a message carried one", async () => {
    const { redact } = await import("../../tools/check/run");
    const leak = "s3cr3t-value-0042";
    const result: CheckResult = {
      stack: "dev",
      project: "hipaa-guard",
      configFile: "Pulumi.dev.yaml",
      policyPackConfig: { file: "policies/config/non-production.json", defaulted: true },
      preview: false,
      pack: { name: "hipaa-guard", version: "0.1.0" },
      policies: session.info.policies,
      levels: {},
      resources: [{ urn: "urn:pulumi:dev::hipaa-guard::aws:kms/key:Key::k", type: "aws:kms/key:Key", name: "k" }],
      violations: [
        {
          policy: "hipaa-aws-kms-key-policy-no-wildcard",
          displayName: "x",
          enforcementLevel: "mandatory",
          severity: "high",
          urn: "urn:pulumi:dev::hipaa-guard::aws:kms/key:Key::k",
          type: "aws:kms/key:Key",
          name: "k",
          message: redact(`policy is ${leak}`, new Set([leak])),
          hipaa: ["164.312(a)(1)"],
          remediationSteps: "fix",
        },
      ],
      remediations: [],
      unknownPolicies: [],
      timings: { programMs: 1, packStartMs: 1, analysisMs: 1, totalMs: 3 },
    };
    for (const f of FORMATS) expect(format(result, f)).not.toContain(leak);
  });
});

describe("the non-production config", () => {
  afterAll(async () => configure(session, PRODUCTION_CONFIG));
  it("accepts GOVERNANCE mode, which production refuses", async () => {
    const governance = mutate(prod, "phi-archive-object-lock", (p) => (p.rule.defaultRetention.mode = "GOVERNANCE"), T.objectLock);
    expect(policiesOf(await analyze(session, governance))).toContain("hipaa-aws-s3-object-lock-retention");
    await configure(session, NON_PRODUCTION_CONFIG);
    expect(policiesOf(await analyze(session, governance))).not.toContain("hipaa-aws-s3-object-lock-retention");
  });
});
