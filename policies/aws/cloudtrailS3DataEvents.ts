import type { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../lib/define";
import { declaredOutput, stackIndex, uncertainRole } from "../lib/aws/stackIndex";
import { BUCKET_TYPES, T } from "../lib/aws/tokens";
import { at, isUnknown, list, plain, UNKNOWN } from "../lib/props";

/**
 * What the stack's trails record, folded into one lookup structure per side (object reads, object writes), so
 * each bucket is then checked in O(1): no bucket x trail scan.
 */
interface Side {
  /** Some selector records every S3 object (no ARN restriction, or `arn:aws:s3` / `arn:aws:s3:::`). */
  all: boolean;
  /** Buckets whose every object is recorded, by name (`arn:aws:s3:::name/` or `arn:aws:s3:::name`). */
  names: Set<string>;
  /** Other known prefixes that stop inside a bucket name (`arn:aws:s3:::phi-`), checked per bucket. */
  partial: string[];
  /** Buckets an unknown prefix depends on (preview): counted as recorded. */
  deps: Set<string>;
  /** Some selector could record more, but a value it depends on is unknown and tied to no bucket. */
  unknown: boolean;
}
type Sides = { reads: Side; writes: Side };

const newSide = (): Side => ({ all: false, names: new Set(), partial: [], deps: new Set(), unknown: false });
const bucketTypes = new Set(BUCKET_TYPES);
const normArn = (v: string) => v.replace(/^arn:[^:]+:/, "arn:aws:");

/** Which sides a selector records: readWriteType (basic) or a single readOnly value (advanced). */
function sidesOf(index: Sides, readWrite: unknown): Side[] {
  if (isUnknown(readWrite)) {
    index.reads.unknown = true;
    index.writes.unknown = true;
    return [];
  }
  if (readWrite === "ReadOnly") return [index.reads];
  if (readWrite === "WriteOnly") return [index.writes];
  return [index.reads, index.writes];
}

/** Records one prefix value of a qualifying selector. */
function addPrefix(sides: Side[], value: unknown, bucketDeps: PolicyResource[]): void {
  for (const side of sides) {
    if (isUnknown(value)) {
      if (bucketDeps.length > 0) for (const d of bucketDeps) side.deps.add(d.urn);
      else side.unknown = true;
      continue;
    }
    if (typeof value !== "string") continue;
    const v = normArn(value);
    if (v.startsWith("arn:aws:s3") && "arn:aws:s3:::".startsWith(v)) side.all = true;
    else if (v.startsWith("arn:aws:s3:::")) {
      const rest = v.slice("arn:aws:s3:::".length);
      const slash = rest.indexOf("/");
      if (slash === -1) side.partial.push(v); // a bucket-name prefix: covers the buckets whose name starts so
      else if (slash === rest.length - 1) side.names.add(rest.slice(0, -1)); // `name/`: the whole bucket
      // `name/sub/`: part of a bucket only
    }
  }
}

function addBasic(index: Sides, trail: PolicyResource, props: Record<string, unknown>): void {
  const selectors = list(declaredOutput(trail, props, "eventSelectors"));
  const bucketDeps = (trail.propertyDependencies?.eventSelectors ?? []).filter((d) => d && bucketTypes.has(d.type));
  if (selectors === UNKNOWN) {
    index.reads.unknown = index.writes.unknown = true;
    return;
  }
  for (const sel of selectors) {
    const sides = sidesOf(index, at(sel, "readWriteType"));
    const resources = list(at(sel, "dataResources"));
    if (resources === UNKNOWN) {
      for (const side of sides) side.unknown = true;
      continue;
    }
    for (const dr of resources) {
      const type = at(dr, "type");
      if (isUnknown(type)) for (const side of sides) side.unknown = true;
      if (type !== "AWS::S3::Object") continue;
      const values = list(at(dr, "values"));
      if (values === UNKNOWN) addPrefix(sides, UNKNOWN, bucketDeps);
      else for (const v of values) addPrefix(sides, v, bucketDeps);
    }
  }
}

const QUALIFYING = new Set(["eventCategory", "resources.type", "resources.ARN", "readOnly"]);

function addAdvanced(index: Sides, trail: PolicyResource, props: Record<string, unknown>): void {
  const selectors = list(declaredOutput(trail, props, "advancedEventSelectors"));
  const bucketDeps = (trail.propertyDependencies?.advancedEventSelectors ?? []).filter((d) => d && bucketTypes.has(d.type));
  if (selectors === UNKNOWN) {
    index.reads.unknown = index.writes.unknown = true;
    return;
  }
  for (const sel of selectors) {
    const fields = list(at(sel, "fieldSelectors"));
    if (fields === UNKNOWN) {
      index.reads.unknown = index.writes.unknown = true;
      continue;
    }
    let data = false;
    let objects = false;
    let narrowed = false; // by another field, or by ARN equality / suffix: not every object is recorded
    let unsure = false; // a qualifying value is unknown
    let readOnly: unknown = undefined;
    let prefixes: unknown[] | undefined; // undefined: no resources.ARN restriction
    for (const f of fields) {
      const field = at(f, "field");
      if (isUnknown(field)) {
        unsure = true;
        continue;
      }
      if (typeof field !== "string" || !QUALIFYING.has(field)) {
        narrowed = true;
        continue;
      }
      const equals = list(at(f, "equals"));
      if (equals === UNKNOWN || equals.some(isUnknown)) unsure = true;
      const eq = equals === UNKNOWN ? [] : equals;
      if (field === "eventCategory") data = eq.includes("Data");
      else if (field === "resources.type") objects = eq.includes("AWS::S3::Object");
      else if (field === "readOnly") readOnly = equals === UNKNOWN ? UNKNOWN : eq.length === 1 ? eq[0] : undefined;
      else {
        const starts = list(at(f, "startsWiths"));
        prefixes = starts === UNKNOWN ? [UNKNOWN] : starts;
        const ends = list(at(f, "endsWiths"));
        if (eq.length > 0 || ends === UNKNOWN || ends.length > 0) narrowed = true;
        for (const neg of ["notStartsWiths", "notEquals", "notEndsWiths"]) {
          const vs = list(at(f, neg));
          if (vs === UNKNOWN || vs.length > 0) unsure = true; // exclusions: cannot tell which buckets lose coverage
        }
      }
    }
    if (narrowed) continue;
    const rw = isUnknown(readOnly) ? UNKNOWN : readOnly === "true" ? "ReadOnly" : readOnly === "false" ? "WriteOnly" : "All";
    const sides = sidesOf(index, rw);
    if (unsure) {
      for (const side of sides) side.unknown = true;
      continue;
    }
    if (!data || !objects) continue;
    if (prefixes === undefined) for (const side of sides) side.all = true;
    else for (const v of prefixes) addPrefix(sides, v, bucketDeps);
  }
}

type State = "yes" | "unknown" | "no";

function covered(side: Side, bucket: PolicyResource, name: string | undefined): State {
  if (side.all || side.deps.has(bucket.urn)) return "yes";
  if (name !== undefined && (side.names.has(name) || side.partial.some((p) => `arn:aws:s3:::${name}`.startsWith(p)))) return "yes";
  return side.unknown ? "unknown" : "no";
}

const REQUIRED =
  'a trail recording S3 data events (reads and writes) for all the bucket\'s objects: an advanced event selector with eventCategory "Data", resources.type "AWS::S3::Object" and resources.ARN startsWith the bucket ARN + "/" (or an event selector dataResources { type: "AWS::S3::Object", values: [bucket.arn + "/"] })';
const FIX =
  'add to an aws.cloudtrail.Trail advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "resources.ARN", startsWiths: [pulumi.interpolate`${bucket.arn}/`] }] }]';

export default defineStackPolicy(
  {
    name: "hipaa-aws-cloudtrail-s3-data-events",
    area: "aws",
    displayName: "CloudTrail S3 data events for PHI buckets",
    description: "Every PHI bucket's object reads and writes are recorded by a CloudTrail trail (S3 data events).",
    severity: "high",
    hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"],
    crossReferences: {
      awsConfig: ["CLOUDTRAIL_S3_DATAEVENTS_ENABLED"],
      prowler: ["cloudtrail_s3_dataevents_read_enabled", "cloudtrail_s3_dataevents_write_enabled"],
    },
    checks:
      "For every PHI bucket except server-access-log destinations and CloudTrail destinations (recording a trail's own bucket loops): some aws.cloudtrail.Trail of the stack records reads and writes of all its objects, through eventSelectors (dataResources AWS::S3::Object with value arn:aws:s3, arn:aws:s3:::, the bucket ARN + '/', or a bucket-name prefix; readWriteType All, or ReadOnly and WriteOnly selectors together) or advancedEventSelectors (eventCategory Data, resources.type AWS::S3::Object, resources.ARN startsWith such a prefix or absent; readOnly may split reads and writes across selectors). Selectors narrowed by other fields or by resources.ARN equals/endsWith do not count. During preview an unknown prefix counts for the buckets the selector property depends on.",
    appliesTo: [T.bucket, T.bucketV2, T.trail],
    remediationSteps: FIX,
    previewUnknowns: [
      "a selector value (prefix, field, category, readOnly, readWriteType) unknown and not depending on any bucket, when no trail covers the bucket otherwise",
      "resources.ARN exclusions (notStartsWiths, notEquals, notEndsWiths) present: which buckets they exclude is not evaluated, so the selector is treated as unverifiable",
      "a PHI-only finding on a bucket while some BucketLogging's targetBucket is unknown and depends on no bucket (the bucket might be a server-access-log destination)",
      "an uncovered bucket while some trail's s3BucketName is unknown and depends on no bucket (the bucket might be that trail's own destination)",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    const sides: Sides = { reads: newSide(), writes: newSide() };
    for (const trail of index.trails) {
      const props = plain(trail.props);
      if (props.enableLogging === false) continue; // a stopped trail records nothing
      addBasic(sides, trail, props);
      addAdvanced(sides, trail, props);
    }
    for (const entry of index.buckets) {
      if (entry.role !== "phi" || entry.trails.length > 0) continue;
      const raw = entry.props.bucket;
      const name = typeof raw === "string" && raw !== "" && !isUnknown(raw) ? raw : undefined;
      const reads = covered(sides.reads, entry.resource, name);
      const writes = covered(sides.writes, entry.resource, name);
      if (reads === "yes" && writes === "yes") continue;
      const sideText = (state: State) => (reads === state && writes === state ? "reads and writes" : reads === state ? "reads" : "writes");
      if (reads !== "no" && writes !== "no") {
        ctx.reportUnknown(entry.resource, `CloudTrail data-event coverage of object ${sideText("unknown")} (a selector value)`, REQUIRED, FIX);
      } else if (uncertainRole(index, entry) || index.unresolvedTrailTargets.length > 0) {
        // The bucket might be a log destination or a trail's own bucket, which need no data events.
        const why = uncertainRole(index, entry) ?? `whether this bucket is a CloudTrail destination (the s3BucketName of ${index.unresolvedTrailTargets.length} trail(s))`;
        ctx.reportUnknown(entry.resource, why, REQUIRED, FIX);
      } else {
        const missing = sideText("no");
        const found = index.trails.length === 0 ? "not recorded: the stack declares no trail" : `not recorded by any of the stack's ${index.trails.length} trail(s)`;
        ctx.report(entry.resource, { property: `S3 data events (object ${missing})`, found, required: REQUIRED, fix: FIX });
      }
    }
  },
);
