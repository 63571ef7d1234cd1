import type { PolicyResource } from "@pulumi/policy";
import { configProperties } from "../lib/config";
import { defineStackPolicy, StackContext } from "../lib/define";
import { show } from "../lib/format";
import { isUnknownPart, lifecycleRules, LifecycleRule, UnknownPart } from "../lib/aws/s3";
import { BucketEntry, stackIndex } from "../lib/aws/stackIndex";
import { COMPANION_TYPES, T } from "../lib/aws/tokens";
import { isUnknown, plain } from "../lib/props";

export interface LifecycleConfig {
  minRetentionDays: number;
}

const FIX =
  "remove the expiration / noncurrentVersionExpiration from the lifecycle rule, or set its days (noncurrentDays) to at least the retention period; transitions to archive storage classes are fine";

export default defineStackPolicy<LifecycleConfig>(
  {
    name: "hipaa-aws-s3-lifecycle-retention",
    area: "aws",
    displayName: "S3 lifecycle keeps data for the retention period",
    description: "No S3 lifecycle rule expires current or noncurrent object versions before the retention period.",
    severity: "high",
    hipaa: ["164.316(b)(2)(i)", "164.312(c)(1)"],
    checks:
      "Every enabled rule of every BucketLifecycleConfiguration(V2) in the stack (paired or not), and the inline lifecycleRules of buckets without one: expiration.days and noncurrentVersionExpiration.noncurrentDays (inline: noncurrentVersionExpiration(s).days) must be at least minRetentionDays, and no fixed expiration.date. Applies to PHI and log buckets alike.",
    appliesTo: [T.bucket, T.bucketV2, ...COMPANION_TYPES.lifecycle],
    remediationSteps: FIX,
    configSchema: { properties: { minRetentionDays: configProperties.minRetentionDays } },
    previewUnknowns: ["a rule's status/enabled, expiration days/date or noncurrent days unknown, or the rules list unknown"],
  },
  (ctx) => {
    const min = ctx.config.minRetentionDays;
    const required = `no expiration of current or noncurrent versions before ${min} days`;
    const index = stackIndex(ctx.resources);
    const check = (rules: (LifecycleRule | UnknownPart)[], of?: PolicyResource) => checkRules(ctx, rules, min, required, of);
    const owner = new Map<string, PolicyResource>();
    for (const entry of index.buckets) {
      for (const part of entry.companions.lifecycle) owner.set(part.resource.urn, entry.resource);
      // Companions are checked below, paired or not; here only the inline rules of buckets without companions.
      if (entry.companions.lifecycle.length === 0) check(lifecycleRules(entry));
    }
    for (const c of index.allCompanions.lifecycle) check(lifecycleRules(companionEntry(c)), owner.get(c.urn));
  },
);

/** A lifecycle companion viewed on its own, so its rules are checked whatever bucket it configures. */
function companionEntry(c: PolicyResource): BucketEntry {
  const props = plain(c.props);
  const companions = { versioning: [], encryption: [], objectLock: [], logging: [], lifecycle: [{ resource: c, props, inline: false }], publicAccessBlock: [], policy: [], ownership: [] };
  return { resource: c, props, isV2: false, companions, accessLogSources: [], trails: [], role: "phi" };
}

function checkRules(ctx: StackContext<LifecycleConfig>, rules: (LifecycleRule | UnknownPart)[], min: number, required: string, of?: PolicyResource): void {
  for (const rule of rules) {
    if (isUnknownPart(rule)) {
      ctx.reportUnknown(rule.resource, rule.path, required, FIX, of);
      continue;
    }
    if (rule.enabled === false) continue;
    const maybe = isUnknown(rule.enabled);
    for (const d of [rule.expirationDays, rule.noncurrentDays]) {
      if (isUnknown(d.value)) ctx.reportUnknown(rule.resource, d.path, required, FIX, of);
      else if (typeof d.value === "number" && d.value < min) {
        if (maybe) ctx.reportUnknown(rule.resource, `${rule.path} status (its ${d.path} is ${d.value} days)`, required, FIX, of);
        else ctx.report(rule.resource, { of, property: d.path, found: `${show(d.value)} days`, required, fix: FIX });
      }
    }
    const date = rule.expirationDate.value;
    if (isUnknown(date)) ctx.reportUnknown(rule.resource, rule.expirationDate.path, required, FIX, of);
    else if (date !== undefined && date !== null && date !== "") {
      ctx.report(rule.resource, { of, property: rule.expirationDate.path, found: "a fixed date (every current object expires on it, whatever its age)", required, fix: FIX });
    }
  }
}
