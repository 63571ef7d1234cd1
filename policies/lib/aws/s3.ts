import type { PolicyResource } from "@pulumi/policy";
import { UNKNOWN, Unknown, at, isUnknown, list } from "../props";
import { BucketEntry, Part, declaredOutput, partsFor } from "./stackIndex";

/**
 * Normalised views of a bucket's configuration, whatever declares it: the v7 companion resources, their
 * deprecated `V2` twins (same shapes), the deprecated inline properties of `aws:s3/bucket:Bucket` (singular
 * objects) or of `aws:s3/bucketV2:BucketV2` (lists). Each value keeps the property path it came from, for messages.
 */

export interface Located<V = unknown> {
  resource: PolicyResource;
  path: string;
  value: V;
}

function loc<V>(part: Part, path: string, value: V): Located<V> {
  return { resource: part.resource, path, value };
}

/** A part whose whole configuration is unknown (preview): the caller reports it as unverifiable. */
export interface UnknownPart {
  unknown: true;
  resource: PolicyResource;
  path: string;
}

const unknownPart = (part: Part, path: string): UnknownPart => ({ unknown: true, resource: part.resource, path });

// ---------------------------------------------------------------- encryption

export interface SseRule {
  resource: PolicyResource;
  algorithm: Located;
  keyId: Located;
  bucketKey: Located;
}

export function encryptionRules(entry: BucketEntry): { parts: Part[]; rules: (SseRule | UnknownPart)[] } {
  const parts = partsFor(entry, "encryption", entry.isV2 ? "serverSideEncryptionConfigurations" : "serverSideEncryptionConfiguration");
  const rules: (SseRule | UnknownPart)[] = [];
  for (const part of parts) {
    const p = part.props;
    const push = (rule: unknown, base: string, byDefault: unknown, byDefaultPath: string, bucketKeyPath: string): void => {
      if (isUnknown(rule) || isUnknown(byDefault)) {
        rules.push(unknownPart(part, base));
        return;
      }
      rules.push({
        resource: part.resource,
        algorithm: loc(part, `${byDefaultPath}.sseAlgorithm`, at(byDefault, "sseAlgorithm")),
        keyId: loc(part, `${byDefaultPath}.kmsMasterKeyId`, at(byDefault, "kmsMasterKeyId")),
        bucketKey: loc(part, bucketKeyPath, at(rule, "bucketKeyEnabled")),
      });
    };
    if (!part.inline) {
      const rs = list(at(p, "rules"));
      if (rs === UNKNOWN) rules.push(unknownPart(part, "rules"));
      else rs.forEach((r, i) => push(r, `rules[${i}]`, at(r, "applyServerSideEncryptionByDefault"), `rules[${i}].applyServerSideEncryptionByDefault`, `rules[${i}].bucketKeyEnabled`));
    } else if (!entry.isV2) {
      const base = "serverSideEncryptionConfiguration";
      const conf = at(p, base);
      if (isUnknown(conf)) rules.push(unknownPart(part, base));
      else {
        const rule = at(conf, "rule");
        push(rule, `${base}.rule`, at(rule, "applyServerSideEncryptionByDefault"), `${base}.rule.applyServerSideEncryptionByDefault`, `${base}.rule.bucketKeyEnabled`);
      }
    } else {
      const confs = list(at(p, "serverSideEncryptionConfigurations"));
      if (confs === UNKNOWN) rules.push(unknownPart(part, "serverSideEncryptionConfigurations"));
      else
        confs.forEach((conf, i) => {
          const rs = list(at(conf, "rules"));
          if (rs === UNKNOWN) {
            rules.push(unknownPart(part, `serverSideEncryptionConfigurations[${i}].rules`));
            return;
          }
          rs.forEach((r, j) => {
            const base = `serverSideEncryptionConfigurations[${i}].rules[${j}]`;
            const defs = list(at(r, "applyServerSideEncryptionByDefaults"));
            if (defs === UNKNOWN) push(r, base, UNKNOWN, `${base}.applyServerSideEncryptionByDefaults`, `${base}.bucketKeyEnabled`);
            else defs.forEach((d, k) => push(r, base, d, `${base}.applyServerSideEncryptionByDefaults[${k}]`, `${base}.bucketKeyEnabled`));
          });
        });
    }
  }
  return { parts, rules };
}

// ---------------------------------------------------------------- versioning

/** Per configuring part: `Enabled`, another status (or the inline boolean), UNKNOWN, or undefined. */
export function versioningStatus(entry: BucketEntry): Located[] {
  const parts = partsFor(entry, "versioning", entry.isV2 ? "versionings" : "versioning");
  return parts.map((part) => {
    if (!part.inline) return loc(part, "versioningConfiguration.status", at(part.props, "versioningConfiguration", "status"));
    const path = entry.isV2 ? "versionings[0].enabled" : "versioning.enabled";
    const enabled = entry.isV2 ? at(part.props, "versionings", 0, "enabled") : at(part.props, "versioning", "enabled");
    // Inline form: `enabled: true` counts as "Enabled"; anything else is reported as the boolean found.
    return loc(part, path, enabled === true ? "Enabled" : enabled);
  });
}

// ---------------------------------------------------------------- object lock

export interface Retention {
  mode: Located;
  days: Located;
  years: Located;
  base: string;
  resource: PolicyResource;
}

export function objectLock(entry: BucketEntry): { enabledOnBucket: Located; configs: (Retention | UnknownPart | { missing: true; resource: PolicyResource; path: string })[] } {
  const enabledOnBucket: Located = { resource: entry.resource, path: "objectLockEnabled", value: declaredOutput(entry.resource, entry.props, "objectLockEnabled") };
  const parts = partsFor(entry, "objectLock", "objectLockConfiguration");
  const configs: (Retention | UnknownPart | { missing: true; resource: PolicyResource; path: string })[] = [];
  for (const part of parts) {
    let base: string;
    let retention: unknown;
    if (!part.inline) {
      base = "rule.defaultRetention";
      retention = at(part.props, "rule", "defaultRetention");
      const state = at(part.props, "objectLockEnabled");
      if (isUnknown(state)) {
        configs.push(unknownPart(part, "objectLockEnabled"));
        continue;
      }
      if (state !== undefined && state !== "Enabled") {
        configs.push({ missing: true, resource: part.resource, path: "objectLockEnabled" });
        continue;
      }
    } else if (!entry.isV2) {
      base = "objectLockConfiguration.rule.defaultRetention";
      retention = at(part.props, "objectLockConfiguration", "rule", "defaultRetention");
    } else {
      base = "objectLockConfiguration.rules[0].defaultRetentions[0]";
      retention = at(part.props, "objectLockConfiguration", "rules", 0, "defaultRetentions", 0);
    }
    if (isUnknown(retention)) configs.push(unknownPart(part, base));
    else if (retention === undefined || retention === null) configs.push({ missing: true, resource: part.resource, path: base });
    else
      configs.push({
        base,
        resource: part.resource,
        mode: loc(part, `${base}.mode`, at(retention, "mode")),
        days: loc(part, `${base}.days`, at(retention, "days")),
        years: loc(part, `${base}.years`, at(retention, "years")),
      });
  }
  return { enabledOnBucket, configs };
}

/** Whole days of a default retention: `days`, or `years` x 365.25 rounded up (6 years = 2192 days). */
export function retentionDays(days: unknown, years: unknown): number | Unknown | undefined {
  if (isUnknown(days) || isUnknown(years)) return UNKNOWN;
  if (typeof days === "number") return days;
  if (typeof years === "number") return Math.ceil(years * 365.25);
  return undefined;
}

// ---------------------------------------------------------------- lifecycle

export interface LifecycleRule {
  resource: PolicyResource;
  path: string;
  enabled: unknown;
  expirationDays: Located;
  expirationDate: Located;
  noncurrentDays: Located;
}

export function lifecycleRules(entry: BucketEntry): (LifecycleRule | UnknownPart)[] {
  const out: (LifecycleRule | UnknownPart)[] = [];
  for (const part of partsFor(entry, "lifecycle", "lifecycleRules")) {
    const key = part.inline ? "lifecycleRules" : "rules";
    const rules = list(at(part.props, key));
    if (rules === UNKNOWN) {
      out.push(unknownPart(part, key));
      continue;
    }
    rules.forEach((r, i) => {
      const path = `${key}[${i}]`;
      if (isUnknown(r)) {
        out.push(unknownPart(part, path));
        return;
      }
      if (!part.inline) {
        const status = at(r, "status");
        out.push({
          resource: part.resource,
          path,
          enabled: isUnknown(status) ? UNKNOWN : status === "Enabled",
          expirationDays: loc(part, `${path}.expiration.days`, at(r, "expiration", "days")),
          expirationDate: loc(part, `${path}.expiration.date`, at(r, "expiration", "date")),
          noncurrentDays: loc(part, `${path}.noncurrentVersionExpiration.noncurrentDays`, at(r, "noncurrentVersionExpiration", "noncurrentDays")),
        });
        return;
      }
      const exp = entry.isV2 ? ["expirations", 0] : ["expiration"];
      const nce = entry.isV2 ? ["noncurrentVersionExpirations", 0] : ["noncurrentVersionExpiration"];
      const expPath = entry.isV2 ? "expirations[0]" : "expiration";
      const ncePath = entry.isV2 ? "noncurrentVersionExpirations[0]" : "noncurrentVersionExpiration";
      out.push({
        resource: part.resource,
        path,
        enabled: at(r, "enabled"),
        expirationDays: loc(part, `${path}.${expPath}.days`, at(r, ...exp, "days")),
        expirationDate: loc(part, `${path}.${expPath}.date`, at(r, ...exp, "date")),
        noncurrentDays: loc(part, `${path}.${ncePath}.days`, at(r, ...nce, "days")),
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------- policy, logging

export function bucketPolicies(entry: BucketEntry): Located[] {
  return partsFor(entry, "policy", "policy").map((part) => loc(part, "policy", at(part.props, "policy")));
}

/** Server access logging configurations of the bucket (companions, else the inline `logging`/`loggings`). */
export function accessLogging(entry: BucketEntry): Located[] {
  const key = entry.isV2 ? "loggings" : "logging";
  return partsFor(entry, "logging", key).map((part) =>
    part.inline ? loc(part, key, at(part.props, key)) : loc(part, "targetBucket", at(part.props, "targetBucket")),
  );
}

export function isUnknownPart(x: object): x is UnknownPart {
  return (x as UnknownPart).unknown === true;
}
