import * as path from "path";
import { stackResourcesFromRun, StackIdentity, StackResource } from "../engine/stackResources";
import type { ProgramRun, RecordedResource } from "../offline/recordProgram";
import { recordProgram } from "../offline/recordProgram";
import { loadStackSource } from "../offline/stackConfig";

/**
 * Benchmark stacks of any size, derived from the example stack: the recorded `prod` run is the base, and
 * copies of its parts ("units") are added, each with its names, URNs, property dependencies and identifying
 * values (bucket names, ARNs, key ids, OU paths, group e-mails) renamed consistently, until the stack holds
 * exactly N resources. Every unit is compliant by construction (it is a renamed copy of a compliant part of
 * the example stack and points only at itself or at resources of the base), and the generator is linear in N.
 *
 * Units (sizes from the example stack):
 * - archive (62): a whole `PhiArchive`: KMS keys and aliases, locked buckets with every companion (versioning,
 *   SSE-KMS, Object Lock, logging, lifecycle, public access block, policy, ownership controls), access-log
 *   buckets, the replication, the CloudTrail trail with its bucket, log group and delivery role.
 * - workspace (13): the second-level org units (/PHI/Clinical, /PHI/Billing, /PHI/Research, /IT/Admins) with
 *   the Cloud Identity policies that target them (session override, passkey factor, DLP rule), and both locked
 *   groups with their GroupSettings.
 * - group (3): one locked group (component, Group, GroupSettings).
 * - org unit (1): one PHI org unit under /PHI (it inherits the DLP rule of /PHI).
 */

/** Where the template comes from. */
export interface TemplateSource {
  projectDir: string;
  stack: string;
}

export interface Template {
  run: ProgramRun;
  identity: StackIdentity;
}

/** Records the example stack (default: `prod` of this repository) under mocks, as `npm run check` does. */
export async function recordTemplate(source: TemplateSource = { projectDir: path.resolve(__dirname, "../.."), stack: "prod" }): Promise<Template> {
  const stackSource = loadStackSource(source.projectDir, source.stack);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(source.projectDir, "stacks"));
  const run = await recordProgram(program, { project: stackSource.project, stack: source.stack, config: stackSource.config });
  if (run.error) throw run.error;
  return { run, identity: { project: stackSource.project, stack: source.stack, config: stackSource.config } };
}

type UnitKind = "archive" | "workspace" | "group" | "orgUnit";

interface UnitTemplate {
  kind: UnitKind;
  /** Prefix of the replica tag, unique per kind so tags of different kinds never collide. */
  tagPrefix: string;
  members: RecordedResource[];
  /** Substrings that identify the unit; each becomes `<token>-<tag>` in every string of a copy. */
  tokens: string[];
}

const typeChain = (urn: string) => urn.split("::")[2] ?? "";
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const ORG_UNIT = "googleworkspace:index/orgUnit:OrgUnit";
const CI_POLICY = "gcp:cloudidentity/policy:Policy";

function pick(run: ProgramRun, what: string, test: (r: RecordedResource) => boolean): RecordedResource[] {
  const found = run.resources.filter(test);
  if (found.length === 0) throw new Error(`benchmark template: the example stack has no ${what}`);
  return found;
}

/** The units of the example stack (it must be shaped like Pulumi.prod.yaml: archive with replica, OUs, groups). */
export function unitTemplates(run: ProgramRun): Record<UnitKind, UnitTemplate> {
  const archive = pick(run, "PhiArchive", (r) => typeChain(r.urn).startsWith("hipaa-guard:archive:PhiArchive"));

  const secondLevelOus = pick(run, "second-level org units", (r) => r.type === ORG_UNIT && (r.propertyDependencies.parentOrgUnitPath ?? []).length > 0);
  const ouUrns = new Set(secondLevelOus.map((r) => r.urn));
  const ouPolicies = run.resources.filter((r) => r.type === CI_POLICY && (r.propertyDependencies.policyQuery ?? []).some((u) => ouUrns.has(u)));
  const groupComponents = pick(run, "LockedGroup", (r) => r.type === "hipaa-guard:workspace:LockedGroup");
  const groupParts = (component: RecordedResource) => [component, ...run.resources.filter((r) => r.parent === component.urn)];
  const groups = groupComponents.flatMap(groupParts);
  // Tokens: OU names (as in paths and display names), their URN-name forms, the mock ids and import names
  // derived from them, and the groups' e-mail local parts.
  const ouNames = secondLevelOus.map((r) => String(r.inputs.name));
  const ouUrnNames = secondLevelOus.map((r) => nameOf(r.urn));
  const groupLocals = groupComponents.map((c) => {
    const email = String(run.resources.find((r) => r.parent === c.urn && typeof r.inputs.email === "string")?.inputs.email ?? "");
    return email.split("@")[0];
  });
  const importNames = ouPolicies.map((r) => r.options.importId).filter((x): x is string => !!x).map((id) => id.replace(/^policies\//, ""));
  // `ou-phi-clinical` names the OU's resources and policies; the mock ids and policy names carry it without hyphens.
  const workspaceTokens = [...ouNames, ...ouUrnNames, ...ouUrnNames.map((n) => n.replace(/-/g, "")), ...importNames, ...groupLocals.filter(Boolean)];

  const firstGroup = groupParts(groupComponents[0]);
  const firstLocal = groupLocals[0];

  const billing = secondLevelOus.find((r) => !ouPolicies.some((p) => p.propertyDependencies.policyQuery?.includes(r.urn))) ?? secondLevelOus[0];
  const billingName = String(billing.inputs.name);
  return {
    archive: { kind: "archive", tagPrefix: "a", members: archive, tokens: ["phi-archive"] },
    workspace: { kind: "workspace", tagPrefix: "w", members: [...secondLevelOus, ...ouPolicies, ...groups], tokens: workspaceTokens },
    group: { kind: "group", tagPrefix: "g", members: firstGroup, tokens: [firstLocal] },
    orgUnit: { kind: "orgUnit", tagPrefix: "o", members: [billing], tokens: [billingName, nameOf(billing.urn), nameOf(billing.urn).replace(/-/g, "")] },
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A renamer that turns every token `t` in a string into `t-<tag>`, in one left-to-right pass (longest token first). */
function renamer(tokens: string[], tag: string): (s: string) => string {
  const unique = [...new Set(tokens)].sort((a, b) => b.length - a.length);
  const re = new RegExp(unique.map(escapeRe).join("|"), "g");
  return (s) => s.replace(re, (m) => `${m}-${tag}`);
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out;
  }
  return value;
}

/** A renamed copy of a unit: every string of every member (URNs, names, references, property values) renamed. */
function copyUnit(unit: UnitTemplate, index: number): RecordedResource[] {
  const tag = `${unit.tagPrefix}${String(index).padStart(4, "0")}`;
  const f = renamer(unit.tokens, tag);
  // Types are never renamed: only identities and references are.
  return unit.members.map((r) => ({ ...(mapStrings(r, f) as RecordedResource), type: r.type }));
}

export interface GeneratedStack {
  /** The resources as the engine sends them (default providers included): exactly `size` of them. */
  resources: StackResource[];
  identity: StackIdentity;
  /** How many copies of each unit were added to the example stack. */
  units: Record<UnitKind, number>;
  /** Resources of the example stack itself (the base every generated stack contains). */
  base: number;
}

/**
 * A stack of exactly `size` resources: the example stack, then as many (archive + workspace) pairs as fit, then
 * workspace units, locked groups and single org units to fill up. Throws if `size` is below the example stack.
 */
export function generateStack(template: Template, size: number): GeneratedStack {
  const baseResources = stackResourcesFromRun(template.run, template.identity);
  const base = baseResources.length;
  if (!Number.isInteger(size) || size < base) throw new Error(`a generated stack holds at least the example stack's ${base} resources; asked for ${size}`);
  const units = unitTemplates(template.run);
  const counts: Record<UnitKind, number> = { archive: 0, workspace: 0, group: 0, orgUnit: 0 };
  const added: RecordedResource[] = [];
  let remaining = size - base;
  const add = (kind: UnitKind) => {
    counts[kind] += 1;
    const copy = copyUnit(units[kind], counts[kind]);
    for (const r of copy) added.push(r);
    remaining -= copy.length;
  };
  const len = (kind: UnitKind) => units[kind].members.length;
  while (remaining >= len("archive") + len("workspace")) {
    add("archive");
    add("workspace");
  }
  if (remaining >= len("archive")) add("archive");
  while (remaining >= len("workspace")) add("workspace");
  while (remaining >= len("group")) add("group");
  while (remaining > 0) add("orgUnit");

  const run: ProgramRun = { ...template.run, resources: [...template.run.resources, ...added] };
  const resources = stackResourcesFromRun(run, template.identity);
  if (resources.length !== size) throw new Error(`generator produced ${resources.length} resources instead of ${size}`);
  return { resources, identity: template.identity, units: counts, base };
}
