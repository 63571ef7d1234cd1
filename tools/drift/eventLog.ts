/**
 * Pulumi engine event logs (`pulumi preview --event-log FILE`): one JSON `apitype.EngineEvent` per line.
 *
 * The types mirror the Go definitions in pulumi/pulumi `sdk/go/common/apitype/events.go` (EngineEvent,
 * StepEventMetadata, StepEventStateMetadata, PolicyEvent, ...) and `history.go` (OpType), with the JSON
 * names their struct tags give. Only the fields the drift report reads are typed; the rest pass through.
 * The CLI writes the log with `showSecrets: false`: a secret arrives as
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "[secret]"}`.
 */
import * as fs from "fs";

/** `apitype.OpType` (mirrors the engine's `deploy.StepOp`). */
export type OpType =
  | "same"
  | "create"
  | "update"
  | "delete"
  | "replace"
  | "create-replacement"
  | "delete-replaced"
  | "read"
  | "read-replacement"
  | "refresh"
  | "discard"
  | "discard-replaced"
  | "remove-pending-replace"
  | "import"
  | "import-replacement"
  | string;

/** `apitype.PropertyDiff`. */
export interface PropertyDiff {
  /** add | add-replace | delete | delete-replace | update | update-replace */
  diffKind: string;
  /** true: old inputs vs new inputs; false: old state (outputs) vs new inputs. */
  inputDiff?: boolean;
}

/** `apitype.StepEventStateMetadata`. */
export interface StepEventStateMetadata {
  type: string;
  urn: string;
  custom?: boolean;
  delete?: boolean;
  id: string;
  parent: string;
  protect?: boolean;
  taint?: boolean;
  retainOnDelete?: boolean;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  provider: string;
  initErrors?: string[];
}

/** `apitype.StepEventMetadata`. */
export interface StepEventMetadata {
  op: OpType;
  urn: string;
  type: string;
  old: StepEventStateMetadata | null;
  new: StepEventStateMetadata | null;
  /** Keys causing a replacement. */
  keys?: string[];
  /** Top-level keys that changed. */
  diffs?: string[];
  /** Property paths (`a.b[0]`) and how each differs; null when the provider gave no detailed diff. */
  detailedDiff: Record<string, PropertyDiff> | null;
  logical?: boolean;
  provider: string;
}

/** `apitype.ResourcePreEvent` and `apitype.ResOutputsEvent`. */
export interface StepEvent {
  metadata: StepEventMetadata;
  planning?: boolean;
}

/** `apitype.ResOpFailedEvent`. */
export interface ResOpFailedEvent {
  metadata: StepEventMetadata;
  status: number;
  steps: number;
}

/** `apitype.PolicyEvent`. */
export interface PolicyEvent {
  resourceUrn?: string;
  message: string;
  color: string;
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  policyPackVersionTag: string;
  /** advisory | mandatory | remediate | disabled (the Go comment also names warning and none). */
  enforcementLevel: string;
  /** low | medium | high | critical; absent when unspecified. */
  severity?: string;
}

/** `apitype.PolicyRemediationEvent`. */
export interface PolicyRemediationEvent {
  resourceUrn?: string;
  color: string;
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  policyPackVersionTag: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** `apitype.DiagnosticEvent`. */
export interface DiagnosticEvent {
  urn?: string;
  prefix?: string;
  message: string;
  color: string;
  /** info | info#err | warning | error */
  severity: string;
  streamID?: number;
  ephemeral?: boolean;
}

/** `apitype.PreludeEvent`. */
export interface PreludeEvent {
  config: Record<string, string>;
}

/** `apitype.SummaryEvent`. Note `PolicyPacks` is PascalCase on the wire (no JSON tag in Go). */
export interface SummaryEvent {
  maybeCorrupt: boolean;
  durationSeconds: number;
  resourceChanges: Record<string, number> | null;
  PolicyPacks?: Record<string, string> | null;
  isPreview?: boolean;
}

/** `apitype.EngineEvent`: `sequence`, `timestamp`, and exactly one payload. */
export interface EngineEvent {
  sequence: number;
  /** Unix seconds. */
  timestamp: number;
  cancelEvent?: Record<string, never>;
  stdoutEvent?: { message: string; color: string };
  diagnosticEvent?: DiagnosticEvent;
  preludeEvent?: PreludeEvent;
  summaryEvent?: SummaryEvent;
  resourcePreEvent?: StepEvent;
  resOutputsEvent?: StepEvent;
  resOpFailedEvent?: ResOpFailedEvent;
  policyEvent?: PolicyEvent;
  policyRemediationEvent?: PolicyRemediationEvent;
  policyLoadEvent?: Record<string, never>;
  policyAnalyzeSummaryEvent?: Record<string, unknown>;
  policyRemediateSummaryEvent?: Record<string, unknown>;
  policyAnalyzeStackSummaryEvent?: Record<string, unknown>;
  startDebuggingEvent?: Record<string, unknown>;
  progressEvent?: Record<string, unknown>;
  errorEvent?: { error: string };
}

/** An event and the 1-based line it came from. */
export interface LoggedEvent {
  line: number;
  event: EngineEvent;
}

/** A line that was skipped, and why. */
export interface MalformedLine {
  line: number;
  error: string;
}

export interface ParsedEventLog {
  events: LoggedEvent[];
  malformed: MalformedLine[];
}

/** The event log is missing, unreadable, or has no events at all. */
export class EventLogError extends Error {}

/** The payload keys of `apitype.EngineEvent`. */
export const PAYLOAD_KEYS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "policyRemediationEvent",
  "policyLoadEvent",
  "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
  "startDebuggingEvent",
  "progressEvent",
  "errorEvent",
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why a parsed line is not a usable engine event, or undefined when it is. */
export function validateEvent(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  const present = PAYLOAD_KEYS.filter((key) => value[key] !== undefined && value[key] !== null);
  const unknownPayload = Object.keys(value).some((key) => key.endsWith("Event") && !(PAYLOAD_KEYS as readonly string[]).includes(key));
  if (present.length === 0 && !unknownPayload) {
    return "no engine event payload (expected one of cancelEvent, diagnosticEvent, resourcePreEvent, policyEvent, ...)";
  }
  if (present.length > 1) return `more than one payload: ${present.join(", ")}`;
  for (const key of present) {
    if (!isObject(value[key])) return `${key} is not an object`;
  }
  for (const key of ["resourcePreEvent", "resOutputsEvent", "resOpFailedEvent"] as const) {
    const payload = value[key];
    if (payload === undefined || payload === null) continue;
    const metadata = (payload as Record<string, unknown>).metadata;
    if (!isObject(metadata)) return `${key}.metadata is missing`;
    if (typeof metadata.urn !== "string" || metadata.urn === "") return `${key}.metadata.urn is missing`;
    if (typeof metadata.op !== "string" || metadata.op === "") return `${key}.metadata.op is missing`;
    for (const side of ["old", "new"] as const) {
      if (metadata[side] !== undefined && metadata[side] !== null && !isObject(metadata[side])) {
        return `${key}.metadata.${side} is not an object`;
      }
    }
  }
  const policy = value.policyEvent;
  if (isObject(policy) && typeof policy.policyName !== "string") return "policyEvent.policyName is missing";
  return undefined;
}

/** Parses the text of an event log. Blank lines are ignored; bad lines are collected, never thrown. */
export function parseEventLog(text: string): ParsedEventLog {
  const events: LoggedEvent[] = [];
  const malformed: MalformedLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      // Node's message quotes part of the line; keep only the position, so no content is echoed.
      const position = /position (\d+)/.exec((err as Error).message);
      const where = position ? ` at column ${Number(position[1]) + 1}` : /end of JSON/.test((err as Error).message) ? " (truncated)" : "";
      malformed.push({ line, error: `invalid JSON${where}` });
      return;
    }
    const problem = validateEvent(value);
    if (problem) {
      malformed.push({ line, error: problem });
      return;
    }
    events.push({ line, event: value as EngineEvent });
  });
  return { events, malformed };
}

/** Reads and parses an event log file; a missing, unreadable or empty file is an EventLogError. */
export function readEventLog(file: string): ParsedEventLog {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new EventLogError(`cannot read event log ${file}: ${why}`);
  }
  if (text.trim() === "") {
    throw new EventLogError(
      `event log ${file} is empty: did \`pulumi preview --event-log ${file}\` run? (it writes one JSON engine event per line)`,
    );
  }
  return parseEventLog(text);
}
