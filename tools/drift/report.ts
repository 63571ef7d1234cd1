/**
 * The drift report: from the events of `pulumi preview --refresh --expect-no-changes`, what differs per
 * resource (every step other than `same`), the properties and their old and new values (secrets masked),
 * and every policy violation.
 *
 * How drift shows up in such a preview (pulumi/pulumi pkg/engine/update.go, pkg/resource/deploy/step.go):
 * each resource first gets a `refresh` step (op "refresh"); its resOutputsEvent carries the diff between
 * the state and the live resource, and `new: null` when the provider found the resource gone. Then the
 * program's step for it: `update` (live properties differ from the program), `create` (gone, e.g. deleted
 * outside Pulumi), `replace` (+ `create-replacement`/`delete-replaced`), `delete` (in the state but no
 * longer in the program), `discard` (Go name OpReadDiscard: a resource read with `.get()` no longer read).
 * A refresh that found nothing different is the same as `same` and is not reported.
 */
import { LoggedEvent, MalformedLine, ParsedEventLog, PolicyEvent, StepEventMetadata, StepEventStateMetadata } from "./eventLog";
import { ABSENT, Lookup, MASK, lookupPath, renderLookup, stripColors } from "./values";

/** What each operation means for drift (the engine's `deploy.StepOp` values). */
export const OP_MEANINGS: Record<string, string> = {
  create: "not in the stack (for example deleted outside Pulumi): `pulumi up` would create it",
  update: "live properties differ from the program: `pulumi up` would change them back",
  delete: "in the state but not in the program: `pulumi up` would delete it",
  replace: "a property that cannot change in place differs: `pulumi up` would replace the resource",
  "create-replacement": "part of a replacement: the new resource would be created",
  "delete-replaced": "part of a replacement: the old resource would be deleted",
  read: "a resource the program reads with `.get()` changed",
  "read-replacement": "a resource the program reads with `.get()` would be read again for a replacement",
  refresh: "the refresh found the live resource different from the state (changed outside Pulumi)",
  discard: "a resource read with `.get()` is no longer read: it would be dropped from the state (nothing is deleted)",
  "discard-replaced": "a read resource that was replaced would be dropped from the state",
  "remove-pending-replace": "a replacement left pending by an interrupted update would be cleaned up",
  import: "an existing resource would be imported into the stack",
  "import-replacement": "the resource would be replaced by importing an existing one",
};

/** Which op names a resource's change when it has several steps (a replacement has three). */
const OP_PRIORITY = [
  "replace",
  "import-replacement",
  "update",
  "create",
  "delete",
  "import",
  "read-replacement",
  "read",
  "discard",
  "discard-replaced",
  "delete-replaced",
  "create-replacement",
  "remove-pending-replace",
  "refresh",
];

export interface PropertyChange {
  property: string;
  /** add | delete | update, with -replace when the change forces a replacement. */
  diffKind?: string;
  /** Display text, secrets masked. */
  old: string;
  new: string;
}

export interface Change {
  urn: string;
  /** The operation that names the change (see OP_MEANINGS). */
  op: string;
  /** Property paths that differ (detailedDiff keys, else diffs). */
  properties: string[];
  type: string;
  name: string;
  /** Every operation other than `same` the preview had for the resource, in order. */
  ops: string[];
  meaning: string;
  /** What the refresh found: the resource gone, or changed, outside Pulumi. */
  outsidePulumi?: "deleted" | "modified";
  /** Properties that force a replacement. */
  replaceKeys?: string[];
  /** The step failed during the preview. */
  failed?: boolean;
  values: PropertyChange[];
}

export interface Violation {
  policy: string;
  enforcementLevel: string;
  /** Empty for stack-level policies. */
  urn: string;
  message: string;
  policyPack: string;
  policyPackVersion: string;
  severity?: string;
}

export interface Remediation {
  policy: string;
  policyPack: string;
  urn: string;
}

export interface DriftReport {
  stack?: string;
  project?: string;
  changes: Change[];
  violations: Violation[];
  remediations: Remediation[];
  /** Error diagnostics of the preview (colors removed). */
  errors: string[];
  malformed: MalformedLine[];
  summary: {
    events: number;
    /** ISO time of the last event. */
    time?: string;
    isPreview?: boolean;
    durationSeconds?: number;
    resourceChanges?: Record<string, number>;
    policyPacks?: Record<string, string>;
    mandatoryViolations: number;
  };
}

interface StepAcc {
  op: string;
  firstLine: number;
  pre?: StepEventMetadata;
  post?: StepEventMetadata;
  failed: boolean;
  /** A resourcePreEvent was seen for this op (`pulumi refresh` reports a refresh's result op only after). */
  sawPre: boolean;
  diffs: string[];
  detailed: Map<string, { diffKind?: string; inputDiff?: boolean }>;
  keys: string[];
}

function pushUnique(list: string[], items: Iterable<string> | undefined): void {
  if (!items) return;
  for (const item of items) if (typeof item === "string" && !list.includes(item)) list.push(item);
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function parseUrn(urn: string): { stack?: string; project?: string; name: string } {
  const match = /^urn:pulumi:([^:]*)::([^:]*)::(.*)$/.exec(urn);
  const name = urn.includes("::") ? urn.slice(urn.lastIndexOf("::") + 2) : urn;
  return match ? { stack: match[1], project: match[2], name } : { name };
}

function stepProperties(acc: StepAcc): string[] {
  return acc.detailed.size > 0 ? [...acc.detailed.keys()] : [...acc.diffs];
}

function metaOf(acc: StepAcc): StepEventMetadata {
  return (acc.post ?? acc.pre) as StepEventMetadata;
}

function firstPresent(...lookups: Lookup[]): Lookup {
  return lookups.find((l) => l.kind !== "absent") ?? { kind: "absent" };
}

function propertyChange(acc: StepAcc, property: string): PropertyChange {
  const meta = metaOf(acc);
  const detail = acc.detailed.get(property);
  const oldState: StepEventStateMetadata | null = acc.post?.old ?? acc.pre?.old ?? null;
  // A refresh step's `new` is the live resource (its resOutputsEvent has it); others' `new` is the program's.
  // A step seen only in a resOutputsEvent is the result of a refresh (`pulumi refresh`): new is live too.
  const refreshLike = acc.op === "refresh" || !acc.sawPre;
  const newState: StepEventStateMetadata | null = refreshLike ? (acc.post ?? acc.pre)?.new ?? null : acc.pre?.new ?? meta.new;
  let oldLookup: Lookup;
  let newLookup: Lookup;
  if (refreshLike) {
    oldLookup = firstPresent(lookupPath(oldState?.outputs, property), lookupPath(oldState?.inputs, property));
    newLookup = firstPresent(lookupPath(newState?.outputs, property), lookupPath(newState?.inputs, property));
  } else {
    const oldInputs = lookupPath(oldState?.inputs, property);
    const oldOutputs = lookupPath(oldState?.outputs, property);
    oldLookup = detail?.inputDiff ? firstPresent(oldInputs, oldOutputs) : firstPresent(oldOutputs, oldInputs);
    newLookup = firstPresent(lookupPath(newState?.inputs, property), lookupPath(newState?.outputs, property));
  }
  const secret = oldLookup.kind === "secret" || newLookup.kind === "secret";
  return {
    property,
    ...(detail?.diffKind ? { diffKind: detail.diffKind } : {}),
    old: secret ? MASK : renderLookup(oldLookup),
    new: secret ? (newLookup.kind === "absent" ? ABSENT : MASK) : renderLookup(newLookup),
  };
}

function meaningOf(op: string, outside: Change["outsidePulumi"]): string {
  if (outside === "deleted") {
    if (op === "create") return "deleted outside Pulumi (the refresh found it gone): `pulumi up` would create it again";
    return "deleted outside Pulumi (the refresh found it gone)";
  }
  if (outside === "modified" && (op === "update" || op === "replace")) {
    return `changed outside Pulumi: ${OP_MEANINGS[op]}`;
  }
  return OP_MEANINGS[op] ?? `engine operation "${op}"`;
}

function violationOf(event: PolicyEvent): Violation {
  return {
    policy: event.policyName,
    enforcementLevel: event.enforcementLevel || "advisory",
    urn: event.resourceUrn ?? "",
    message: stripColors(event.message ?? ""),
    policyPack: event.policyPackName ?? "",
    policyPackVersion: event.policyPackVersion ?? "",
    ...(event.severity ? { severity: event.severity } : {}),
  };
}

/** Builds the report from a parsed event log. */
export function buildReport(log: ParsedEventLog, options: { stack?: string } = {}): DriftReport {
  const byUrn = new Map<string, { firstLine: number; type: string; steps: Map<string, StepAcc> }>();
  const violations: Violation[] = [];
  const seenViolations = new Set<string>();
  const remediations: Remediation[] = [];
  const errors: string[] = [];
  const summary: DriftReport["summary"] = { events: log.events.length, mandatoryViolations: 0 };
  let firstUrn: string | undefined;

  const step = ({ line }: LoggedEvent, meta: StepEventMetadata, kind: "pre" | "post" | "failed") => {
    firstUrn ??= meta.urn;
    if (meta.op === "same") return;
    let resource = byUrn.get(meta.urn);
    if (!resource) {
      resource = { firstLine: line, type: meta.type ?? meta.new?.type ?? meta.old?.type ?? "", steps: new Map() };
      byUrn.set(meta.urn, resource);
    }
    let acc = resource.steps.get(meta.op);
    if (!acc) {
      acc = { op: meta.op, firstLine: line, failed: false, sawPre: false, diffs: [], detailed: new Map(), keys: [] };
      resource.steps.set(meta.op, acc);
    }
    if (kind === "pre") {
      acc.pre = meta;
      acc.sawPre = true;
    } else if (kind === "post") acc.post = meta;
    else acc.failed = true;
    acc.pre ??= meta;
    pushUnique(acc.diffs, meta.diffs);
    pushUnique(acc.keys, meta.keys);
    for (const [path, diff] of Object.entries(meta.detailedDiff ?? {})) {
      if (!acc.detailed.has(path)) acc.detailed.set(path, diff ?? {});
    }
  };

  for (const logged of log.events) {
    const { event } = logged;
    if (event.resourcePreEvent) step(logged, event.resourcePreEvent.metadata, "pre");
    else if (event.resOutputsEvent) step(logged, event.resOutputsEvent.metadata, "post");
    else if (event.resOpFailedEvent) step(logged, event.resOpFailedEvent.metadata, "failed");
    else if (event.policyEvent) {
      const violation = violationOf(event.policyEvent);
      firstUrn ??= violation.urn || undefined;
      const key = [violation.policy, violation.policyPack, violation.urn, violation.enforcementLevel, violation.message].join("\u0000");
      if (!seenViolations.has(key)) {
        seenViolations.add(key);
        violations.push(violation);
      }
    } else if (event.policyRemediationEvent) {
      const r = event.policyRemediationEvent;
      remediations.push({ policy: r.policyName, policyPack: r.policyPackName, urn: r.resourceUrn ?? "" });
    } else if (event.diagnosticEvent && event.diagnosticEvent.severity === "error") {
      const text = stripColors(event.diagnosticEvent.message ?? "");
      if (text && !errors.includes(text)) errors.push(text);
    } else if (event.errorEvent) {
      const text = stripColors(event.errorEvent.error ?? "");
      if (text && !errors.includes(text)) errors.push(text);
    } else if (event.summaryEvent) {
      const s = event.summaryEvent;
      summary.isPreview = s.isPreview;
      summary.durationSeconds = s.durationSeconds;
      if (s.resourceChanges) summary.resourceChanges = s.resourceChanges;
      if (s.PolicyPacks) summary.policyPacks = s.PolicyPacks;
    }
  }
  const last = log.events[log.events.length - 1]?.event.timestamp;
  if (typeof last === "number" && last > 0) summary.time = new Date(last * 1000).toISOString();

  const changes: Change[] = [];
  for (const [urn, resource] of [...byUrn.entries()].sort((a, b) => a[1].firstLine - b[1].firstLine)) {
    let outside: Change["outsidePulumi"];
    // `pulumi refresh` (not `preview --refresh`) announces a step as `refresh` and reports its result as
    // `delete` (gone) or `update` (changed) in the resOutputsEvent alone.
    const refresh = resource.steps.get("refresh");
    if (refresh && !refresh.post) {
      const result = [...resource.steps.values()].find((acc) => !acc.sawPre && (acc.op === "delete" || acc.op === "update"));
      if (result) outside = result.op === "delete" ? "deleted" : "modified";
    }
    const steps = [...resource.steps.values()].filter((acc) => {
      if (acc.op !== "refresh") return true;
      if (acc.post && acc.post.new === null) {
        outside = "deleted";
        return true;
      }
      if (stepProperties(acc).length > 0) {
        outside = "modified";
        return true;
      }
      return acc.failed; // a refresh that found nothing different is `same`
    });
    if (steps.length === 0) continue;
    steps.sort((a, b) => a.firstLine - b.firstLine);
    const ops = steps.map((s) => s.op);
    const op = [...ops].sort((a, b) => rank(a) - rank(b))[0];
    const primary = resource.steps.get(op) as StepAcc;
    // Values come from the step that names the change, then the others (the refresh's live values last).
    const ordered = [primary, ...steps.filter((s) => s !== primary)];
    const properties: string[] = [];
    const values: PropertyChange[] = [];
    for (const acc of ordered) {
      for (const property of stepProperties(acc)) {
        if (properties.includes(property)) continue;
        properties.push(property);
        values.push(propertyChange(acc, property));
      }
    }
    const replaceKeys: string[] = [];
    for (const acc of steps) pushUnique(replaceKeys, acc.keys);
    changes.push({
      urn,
      op,
      properties,
      type: resource.type,
      name: parseUrn(urn).name,
      ops,
      meaning: meaningOf(op, outside),
      ...(outside ? { outsidePulumi: outside } : {}),
      ...(replaceKeys.length > 0 ? { replaceKeys } : {}),
      ...(steps.some((s) => s.failed) ? { failed: true } : {}),
      values,
    });
  }

  violations.sort((a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"));
  summary.mandatoryViolations = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const fromUrn: { stack?: string; project?: string } = firstUrn ? parseUrn(firstUrn) : {};
  const stack = options.stack ?? fromUrn.stack;
  return {
    ...(stack ? { stack } : {}),
    ...(fromUrn.project ? { project: fromUrn.project } : {}),
    changes,
    violations,
    remediations,
    errors,
    malformed: log.malformed,
    summary,
  };
}

function rank(op: string): number {
  const index = OP_PRIORITY.indexOf(op);
  return index < 0 ? OP_PRIORITY.length : index;
}
