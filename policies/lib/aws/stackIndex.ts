import type { PolicyResource } from "@pulumi/policy";
import { Props, at, isUnknown, plain } from "../props";
import { Aspect, BUCKET_TYPES, COMPANION_ASPECT, T } from "./tokens";

/**
 * The stack index: ONE pass over a stack's resources that pairs every S3 companion resource with its bucket,
 * marks server-access-log and CloudTrail destination buckets, and finds the log groups trails deliver to. All S3
 * and CloudTrail stack policies read it, so none of them scans pairs of resources: building it is O(resources)
 * with Map lookups only.
 *
 * Pairing is by property dependency first: `propertyDependencies.bucket` of a companion holds the bucket's URN,
 * which is known at preview, while the bucket's id or name usually is not. A literal, known bucket name is the
 * fallback (a companion of a bucket declared with an explicit `bucket` name). A companion whose `bucket` is
 * unknown and depends on no bucket of the stack is kept as "unresolved", so policies can say a finding could not
 * be verified during preview instead of calling the aspect missing.
 */

export interface Part {
  resource: PolicyResource;
  props: Props;
  /** True for the deprecated inline properties of the bucket itself. */
  inline: boolean;
}

export type BucketRole = "phi" | "access-log";

export interface BucketEntry {
  resource: PolicyResource;
  props: Props;
  isV2: boolean;
  /** Companion resources paired with this bucket, per aspect. */
  companions: Record<Aspect, Part[]>;
  /** Resources (BucketLogging or buckets with inline logging) whose server access logs go to this bucket. */
  accessLogSources: PolicyResource[];
  /** Trails whose `s3BucketName` is this bucket. */
  trails: PolicyResource[];
  /** Access-log destinations get the log-bucket baseline; every other bucket the PHI baseline. */
  role: BucketRole;
}

export interface StackIndex {
  buckets: BucketEntry[];
  bucketByUrn: Map<string, BucketEntry>;
  /** Companions whose bucket is unknown during preview and that depend on no bucket of the stack. */
  unresolved: Record<Aspect, PolicyResource[]>;
  /** Every companion resource of the stack, paired or not. */
  allCompanions: Record<Aspect, PolicyResource[]>;
  /** Server-access-logging configurations whose target is unknown and depends on no bucket of the stack. */
  unresolvedLogTargets: PolicyResource[];
  trails: PolicyResource[];
  /** Trails whose `s3BucketName` is unknown and depends on no bucket of the stack. */
  unresolvedTrailTargets: PolicyResource[];
  /** Log groups some trail delivers to (`cloudWatchLogsGroupArn`), with those trails. */
  auditLogGroups: Map<string, { group: PolicyResource; trails: PolicyResource[] }>;
  /** Trails whose `cloudWatchLogsGroupArn` is unknown and depends on no log group of the stack. */
  unresolvedAuditLogGroups: PolicyResource[];
}

const ASPECTS: Aspect[] = ["versioning", "encryption", "objectLock", "logging", "lifecycle", "publicAccessBlock", "policy", "ownership"];

function emptyByAspect<V>(): Record<Aspect, V[]> {
  return Object.fromEntries(ASPECTS.map((a) => [a, []])) as unknown as Record<Aspect, V[]>;
}

/** `my-bucket` from `my-bucket` or `arn:aws:s3:::my-bucket` (or `.../prefix`). */
function bucketNameOf(value: string): string {
  const m = /^arn:[a-z0-9-]+:s3:::([^/]+)/.exec(value);
  return m ? m[1] : value;
}

/** `arn:...:log-group:NAME` or `...:log-group:NAME:*` → NAME. */
function logGroupNameOf(value: string): string {
  const m = /^arn:[a-z0-9-]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(value);
  return m ? m[1] : value;
}

type Lookup = "unknown" | PolicyResource[];

/**
 * The resources of `types` that `prop` of `r` refers to: by property dependency, else by a known name through
 * `byName`. "unknown" when the value is unknown and no dependency settles it.
 */
export function referenced(
  r: PolicyResource,
  prop: string,
  types: ReadonlySet<string>,
  byName?: Map<string, PolicyResource>,
  nameOf: (value: string) => string = (v) => v,
): Lookup {
  const deps = (r.propertyDependencies?.[prop] ?? []).filter((d) => d && types.has(d.type));
  if (deps.length > 0) return deps;
  const value = at(plain(r.props), prop);
  if (isUnknown(value)) return "unknown";
  if (typeof value === "string" && byName) {
    const found = byName.get(nameOf(value));
    if (found) return [found];
  }
  return [];
}

const cache = new WeakMap<readonly PolicyResource[], StackIndex>();
const bucketTypes = new Set(BUCKET_TYPES);
const logGroupTypes = new Set<string>([T.logGroup]);

export function stackIndex(resources: readonly PolicyResource[]): StackIndex {
  const cached = cache.get(resources);
  if (cached) return cached;

  const buckets: BucketEntry[] = [];
  const bucketByUrn = new Map<string, BucketEntry>();
  const bucketByName = new Map<string, PolicyResource>();
  const companions: PolicyResource[] = [];
  const trails: PolicyResource[] = [];
  const logGroupByName = new Map<string, PolicyResource>();

  for (const r of resources) {
    if (bucketTypes.has(r.type)) {
      const props = plain(r.props);
      const entry: BucketEntry = {
        resource: r,
        props,
        isV2: r.type === T.bucketV2,
        companions: emptyByAspect<Part>(),
        accessLogSources: [],
        trails: [],
        role: "phi",
      };
      buckets.push(entry);
      bucketByUrn.set(r.urn, entry);
      for (const key of ["bucket", "id"]) {
        const v = props[key];
        if (typeof v === "string" && v !== "" && !isUnknown(v)) bucketByName.set(v, r);
      }
    } else if (COMPANION_ASPECT[r.type] !== undefined) {
      companions.push(r);
    } else if (r.type === T.trail) {
      trails.push(r);
    } else if (r.type === T.logGroup) {
      const props = plain(r.props);
      for (const key of ["name", "id", "arn"]) {
        const v = props[key];
        if (typeof v === "string" && v !== "" && !isUnknown(v)) logGroupByName.set(logGroupNameOf(v), r);
      }
    }
  }

  const unresolved = emptyByAspect<PolicyResource>();
  const allCompanions = emptyByAspect<PolicyResource>();
  const unresolvedLogTargets: PolicyResource[] = [];
  const markLogTarget = (source: PolicyResource, prop: string, value: unknown, self?: PolicyResource) => {
    const deps = (source.propertyDependencies?.[prop] ?? []).filter((d) => d && bucketTypes.has(d.type) && d !== self);
    let targets: PolicyResource[] = deps;
    if (targets.length === 0) {
      if (isUnknown(value)) {
        unresolvedLogTargets.push(source);
        return;
      }
      const byName = typeof value === "string" ? bucketByName.get(bucketNameOf(value)) : undefined;
      targets = byName ? [byName] : [];
    }
    for (const t of targets) {
      const entry = bucketByUrn.get(t.urn);
      if (entry) {
        entry.role = "access-log";
        entry.accessLogSources.push(source);
      }
    }
  };

  for (const c of companions) {
    const aspect = COMPANION_ASPECT[c.type];
    allCompanions[aspect].push(c);
    const found = referenced(c, "bucket", bucketTypes, bucketByName, bucketNameOf);
    const props = plain(c.props);
    if (found === "unknown") unresolved[aspect].push(c);
    else for (const b of found) bucketByUrn.get(b.urn)?.companions[aspect].push({ resource: c, props, inline: false });
    if (aspect === "logging") markLogTarget(c, "targetBucket", at(props, "targetBucket"));
  }

  // Inline logging on buckets marks log destinations too.
  for (const entry of buckets) {
    if (entry.isV2) {
      const loggings = at(entry.props, "loggings");
      if (Array.isArray(loggings)) for (const l of loggings) markLogTarget(entry.resource, "loggings", at(l, "targetBucket"), entry.resource);
      else if (isUnknown(loggings) && (entry.resource.propertyDependencies?.loggings ?? []).length > 0) markLogTarget(entry.resource, "loggings", loggings, entry.resource);
    } else {
      const logging = at(entry.props, "logging");
      if (logging !== undefined && logging !== null) {
        const target = isUnknown(logging) ? logging : at(logging, "targetBucket");
        // An unknown computed `logging` output with no dependency is not a configured target: skip it.
        if (!isUnknown(target) || (entry.resource.propertyDependencies?.logging ?? []).length > 0) {
          markLogTarget(entry.resource, "logging", target, entry.resource);
        }
      }
    }
  }

  const unresolvedTrailTargets: PolicyResource[] = [];
  for (const trail of trails) {
    const found = referenced(trail, "s3BucketName", bucketTypes, bucketByName, bucketNameOf);
    if (found === "unknown") unresolvedTrailTargets.push(trail);
    else for (const b of found) bucketByUrn.get(b.urn)?.trails.push(trail);
  }

  const auditLogGroups = new Map<string, { group: PolicyResource; trails: PolicyResource[] }>();
  const unresolvedAuditLogGroups: PolicyResource[] = [];
  for (const trail of trails) {
    const value = at(plain(trail.props), "cloudWatchLogsGroupArn");
    if (value === undefined || value === null || value === "") continue;
    const found = referenced(trail, "cloudWatchLogsGroupArn", logGroupTypes, logGroupByName, logGroupNameOf);
    if (found === "unknown") {
      unresolvedAuditLogGroups.push(trail);
      continue;
    }
    for (const g of found) {
      const slot = auditLogGroups.get(g.urn) ?? { group: g, trails: [] };
      slot.trails.push(trail);
      auditLogGroups.set(g.urn, slot);
    }
  }

  const index: StackIndex = {
    buckets,
    bucketByUrn,
    unresolved,
    allCompanions,
    unresolvedLogTargets,
    trails,
    unresolvedTrailTargets,
    auditLogGroups,
    unresolvedAuditLogGroups,
  };
  cache.set(resources, index);
  return index;
}

/**
 * A stack resource's output as declared by the program. Stack policies see outputs, and while a resource is being
 * created the provider reports its computed-but-undeclared properties as unknown (for a new aws.s3.Bucket:
 * `lifecycleRules`, `policy`, `versioning`, `logging`, `serverSideEncryptionConfiguration`, `objectLockEnabled`,
 * ...). A value the program declared from another resource's output always carries a property dependency, so an
 * unknown value with no property dependency is one the program did not declare: it reads as not set. Unknown values
 * that do have a dependency stay unknown and are reported as unverifiable by the policies.
 */
export function declaredOutput(resource: PolicyResource, props: Props, key: string): unknown {
  const v = props[key];
  if (isUnknown(v) && (resource.propertyDependencies?.[key] ?? []).length === 0) return undefined;
  return v;
}

/**
 * The parts that configure `aspect` for a bucket: its companion resources when there are any, otherwise the
 * bucket's own deprecated inline property (`inlineKey`) when set. Companions win because after an update the
 * provider also reports the bucket's live configuration in the inline outputs (for example SSE-S3, which AWS
 * applies to every bucket), which a companion overrides.
 */
export function partsFor(entry: BucketEntry, aspect: Aspect, inlineKey?: string): Part[] {
  const cs = entry.companions[aspect];
  if (cs.length > 0) return cs;
  if (inlineKey === undefined) return [];
  const v = declaredOutput(entry.resource, entry.props, inlineKey);
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.length === 0) return [];
  return [{ resource: entry.resource, props: entry.props, inline: true }];
}

/**
 * For a PHI-only requirement: `undefined` when the bucket's role is certain, otherwise the text of the preview
 * case. A bucket counts as PHI unless some BucketLogging targets it; when a logging configuration's target is
 * unknown and depends on no bucket of the stack, any bucket might be that target, so a PHI-only finding on it
 * cannot be settled during preview.
 */
export function uncertainRole(index: StackIndex, entry: BucketEntry): string | undefined {
  if (entry.role !== "phi" || index.unresolvedLogTargets.length === 0) return undefined;
  return `whether this bucket is a server-access-log destination (the targetBucket of ${index.unresolvedLogTargets.length} logging configuration(s))`;
}
