import { configProperties } from "../lib/config";
import { defineStackPolicy } from "../lib/define";
import { Finding, show } from "../lib/format";
import { isUnknownPart, objectLock, retentionDays } from "../lib/aws/s3";
import { stackIndex, uncertainRole } from "../lib/aws/stackIndex";
import { COMPANION_TYPES, T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

export interface ObjectLockConfig {
  minRetentionDays: number;
  allowGovernanceMode: boolean;
}

const MODES = ["COMPLIANCE", "GOVERNANCE"];
const FIX_CONFIG =
  'declare aws.s3.BucketObjectLockConfiguration { bucket: bucket.id, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } } }';
const FIX_BUCKET = "create the bucket with objectLockEnabled: true (Object Lock can only be enabled at creation: this replaces the bucket)";

export default defineStackPolicy<ObjectLockConfig>(
  {
    name: "hipaa-aws-s3-object-lock-retention",
    area: "aws",
    displayName: "S3 Object Lock with default retention",
    description: "PHI buckets have Object Lock enabled with a COMPLIANCE-mode default retention of at least the retention period.",
    severity: "critical",
    hipaa: ["164.312(c)(1)", "164.316(b)(2)(i)"],
    crossReferences: { awsConfig: ["S3_BUCKET_DEFAULT_LOCK_ENABLED"], checkov: ["CKV_AWS_143"] },
    checks:
      "For every PHI bucket (not a server-access-log destination, which S3 forbids from having Object Lock): objectLockEnabled true on the bucket (or inline objectLockConfiguration.objectLockEnabled Enabled), and a default retention from BucketObjectLockConfiguration(V2) rule.defaultRetention, else the inline objectLockConfiguration, with mode COMPLIANCE (GOVERNANCE only if allowGovernanceMode) and days, or years x 365.25 rounded up, at least minRetentionDays.",
    appliesTo: [T.bucket, T.bucketV2, ...COMPANION_TYPES.objectLock],
    remediationSteps: `${FIX_BUCKET}; then ${FIX_CONFIG}`,
    configSchema: { properties: { minRetentionDays: configProperties.minRetentionDays, allowGovernanceMode: configProperties.allowGovernanceMode } },
    previewUnknowns: [
      "objectLockEnabled, mode, days or years unknown",
      "an Object Lock configuration's bucket unknown and depending on no bucket of the stack, for a bucket with no other Object Lock configuration",
      "a PHI-only finding on a bucket while some BucketLogging's targetBucket is unknown and depends on no bucket (the bucket might be a server-access-log destination)",
    ],
  },
  (ctx) => {
    const { minRetentionDays, allowGovernanceMode } = ctx.config;
    const modes = allowGovernanceMode ? MODES : ["COMPLIANCE"];
    const required = `mode ${modes.map((m) => JSON.stringify(m)).join(" or ")} and a default retention of at least ${minRetentionDays} days`;
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      if (entry.role !== "phi") continue;
      const bucket = entry.resource;
      const uncertain = uncertainRole(index, entry);
      // Every finding here is PHI-only: on a bucket that might be a log destination it cannot be settled in preview.
      const report = (r: typeof bucket, f: Finding) => (uncertain ? ctx.reportUnknown(r, uncertain, f.required, f.fix, f.of) : ctx.report(r, f));
      const { enabledOnBucket, configs } = objectLock(entry);
      const inlineState = entry.props.objectLockConfiguration;
      const inlineEnabled = inlineState && typeof inlineState === "object" && (inlineState as Record<string, unknown>).objectLockEnabled === "Enabled";
      if (isUnknown(enabledOnBucket.value)) ctx.reportUnknown(bucket, "objectLockEnabled", "objectLockEnabled true", FIX_BUCKET);
      else if (enabledOnBucket.value !== true && !inlineEnabled) {
        report(bucket, { property: "objectLockEnabled", found: show(enabledOnBucket.value), required: "true", fix: FIX_BUCKET });
      }
      if (configs.length === 0) {
        if (index.unresolved.objectLock.length > 0) {
          ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.objectLock.length} Object Lock configuration(s)`, required, FIX_CONFIG);
        } else {
          report(bucket, { property: "Object Lock default retention", found: "not configured (no BucketObjectLockConfiguration, no inline objectLockConfiguration)", required, fix: FIX_CONFIG });
        }
        continue;
      }
      for (const c of configs) {
        if (isUnknownPart(c)) {
          ctx.reportUnknown(c.resource, c.path, required, FIX_CONFIG, bucket);
          continue;
        }
        if ("missing" in c) {
          report(c.resource, { of: bucket, property: c.path, found: c.path === "objectLockEnabled" ? "not \"Enabled\"" : "not set", required, fix: FIX_CONFIG });
          continue;
        }
        const mode = c.mode.value;
        if (isUnknown(mode)) ctx.reportUnknown(c.resource, c.mode.path, required, FIX_CONFIG, bucket);
        else if (typeof mode !== "string" || !modes.includes(mode)) {
          report(c.resource, { of: bucket, property: c.mode.path, found: show(mode, MODES), required, fix: FIX_CONFIG });
        }
        const days = retentionDays(c.days.value, c.years.value);
        if (isUnknown(days)) ctx.reportUnknown(c.resource, `${c.base}.days/years`, required, FIX_CONFIG, bucket);
        else if (days === undefined) report(c.resource, { of: bucket, property: `${c.base}.days/years`, found: "not set", required, fix: FIX_CONFIG });
        else if (days < minRetentionDays) {
          const found = typeof c.days.value === "number" ? `${days} days` : `${show(c.years.value)} year(s) (${days} days)`;
          report(c.resource, { of: bucket, property: typeof c.days.value === "number" ? c.days.path : c.years.path, found, required, fix: FIX_CONFIG });
        }
      }
    }
  },
);
