import type {
  EnforcementLevel,
  PolicyComplianceFramework,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { resolveConfig } from "./config";
import { Finding, message, moreFindingsMessage, show, unknownMessage } from "./format";
import { Props, isUnknown, plain } from "./props";

/**
 * One helper defines every policy of the pack, so each carries the same shape: @pulumi/policy's own metadata
 * fields (served to the engine and Pulumi Cloud) and a structured `ControlDoc` a docs generator reads from the
 * registry. Both come from the same `ControlMetadata`, so they cannot drift apart.
 */

export type Area = "aws" | "workspace" | "governance";

export interface CrossReferences {
  /** AWS Config managed rules (HIPAA conformance pack), e.g. S3_BUCKET_SSL_REQUESTS_ONLY. */
  awsConfig?: string[];
  /** Checkov check ids, e.g. CKV_AWS_145. */
  checkov?: string[];
  /** Prowler check ids, e.g. s3_bucket_secure_transport_policy. */
  prowler?: string[];
  /** CISA SCuBA (ScubaGoggles) baseline ids, e.g. GWS.COMMONCONTROLS.1.1v1. */
  scuba?: string[];
  /** CIS benchmark recommendation ids. */
  cis?: string[];
}

const TAG_PREFIX: Record<keyof CrossReferences, string> = {
  awsConfig: "aws-config",
  checkov: "checkov",
  prowler: "prowler",
  scuba: "scuba",
  cis: "cis",
};

export interface ControlMetadata {
  /** `hipaa-<area>-<subject>-<rule>`. */
  name: string;
  area: Area;
  displayName: string;
  /** One sentence: what must hold. Also the first line of every violation message (@pulumi/policy prepends it). */
  description: string;
  severity: Severity;
  /** Default level; mandatory unless the control is advisory. Overridable per stack with --policy-pack-config. */
  enforcementLevel?: EnforcementLevel;
  /** HIPAA Security Rule sections, e.g. `164.312(a)(2)(iv)`. */
  hipaa: string[];
  crossReferences?: CrossReferences;
  /** What the policy inspects and how it decides, for the README baseline table. */
  checks: string;
  /** Resource type tokens the control evaluates; "*" for every type. */
  appliesTo: string[];
  /** The Pulumi property to set. */
  remediationSteps: string;
  /** Where an unknown preview value is reported as "cannot be verified during preview" (README list). */
  previewUnknowns?: string[];
  configSchema?: PolicyConfigSchema;
}

export interface ConfigDoc {
  key: string;
  type: string;
  default: unknown;
  description: string;
  minimum?: number;
  maximum?: number;
}

/** Structured, serialisable description of one control, for documentation and reports. */
export interface ControlDoc {
  name: string;
  area: Area;
  kind: "resource" | "stack";
  displayName: string;
  description: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  hipaa: string[];
  crossReferences: CrossReferences;
  tags: string[];
  checks: string;
  appliesTo: string[];
  remediationSteps: string;
  /** True when the policy offers `remediateResource` (effective only at enforcement level `remediate`). */
  remediable: boolean;
  config: ConfigDoc[];
  previewUnknowns: string[];
  url: string;
  framework: PolicyComplianceFramework;
}

export interface PolicyDefinition {
  policy: ResourceValidationPolicy | StackValidationPolicy;
  control: ControlDoc;
}

export const HIPAA_FRAMEWORK = {
  name: "HIPAA Security Rule",
  version: "45 CFR Part 164 Subpart C (eCFR, current)",
  reference: "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C",
} as const;

const NAME_RE = /^hipaa-(aws|workspace|governance)(-[a-z0-9]+){2,}$/;
const SECTION_RE = /^164\.\d{3}(\([a-zA-Z0-9]+\))+$/;

/** eCFR link to the section of the first cited paragraph, e.g. .../section-164.312. */
function sectionUrl(section: string): string {
  const base = section.split("(")[0];
  return `https://www.ecfr.gov/current/title-45/section-${base}`;
}

function checkMetadata(meta: ControlMetadata): void {
  const problems: string[] = [];
  if (!NAME_RE.test(meta.name)) problems.push(`name must match ${NAME_RE}`);
  if (!meta.name.startsWith(`hipaa-${meta.area}-`)) problems.push(`name must start with hipaa-${meta.area}-`);
  if (meta.hipaa.length === 0) problems.push("cite at least one HIPAA section");
  for (const s of meta.hipaa) if (!SECTION_RE.test(s)) problems.push(`HIPAA section ${JSON.stringify(s)} is not like 164.312(a)(1)`);
  if (meta.appliesTo.length === 0) problems.push("appliesTo is empty");
  for (const [key, prop] of Object.entries(meta.configSchema?.properties ?? {})) {
    if (key === "enforcementLevel") problems.push("configSchema may not declare enforcementLevel");
    if (typeof prop !== "object" || (prop as { default?: unknown }).default === undefined) problems.push(`config ${key} has no default`);
  }
  if (problems.length > 0) throw new Error(`policy ${meta.name}: ${problems.join("; ")}`);
}

function tagsOf(meta: ControlMetadata): string[] {
  const tags = [`area:${meta.area}`, ...meta.hipaa.map((s) => `hipaa:${s}`)];
  for (const [key, ids] of Object.entries(meta.crossReferences ?? {}) as [keyof CrossReferences, string[] | undefined][]) {
    for (const id of ids ?? []) tags.push(`${TAG_PREFIX[key]}:${id}`);
  }
  return tags;
}

function common(meta: ControlMetadata) {
  checkMetadata(meta);
  const framework: PolicyComplianceFramework = { ...HIPAA_FRAMEWORK, specification: meta.hipaa.join(", ") };
  return {
    name: meta.name,
    description: meta.description,
    displayName: meta.displayName,
    enforcementLevel: meta.enforcementLevel ?? ("mandatory" as EnforcementLevel),
    severity: meta.severity,
    framework,
    tags: tagsOf(meta),
    remediationSteps: meta.remediationSteps,
    url: sectionUrl(meta.hipaa[0]),
    ...(meta.configSchema ? { configSchema: meta.configSchema } : {}),
  };
}

function controlDoc(meta: ControlMetadata, kind: ControlDoc["kind"], remediable: boolean): ControlDoc {
  const c = common(meta);
  return {
    name: meta.name,
    area: meta.area,
    kind,
    displayName: meta.displayName,
    description: meta.description,
    severity: meta.severity,
    enforcementLevel: c.enforcementLevel,
    hipaa: [...meta.hipaa],
    crossReferences: structuredClone(meta.crossReferences ?? {}),
    tags: c.tags,
    checks: meta.checks,
    appliesTo: [...meta.appliesTo],
    remediationSteps: meta.remediationSteps,
    remediable,
    config: Object.entries(meta.configSchema?.properties ?? {}).map(([key, p]) => {
      const prop = p as Record<string, any>;
      return {
        key,
        type: String(prop.type),
        default: prop.default,
        description: String(prop.description ?? ""),
        ...(prop.minimum !== undefined ? { minimum: prop.minimum } : {}),
        ...(prop.maximum !== undefined ? { maximum: prop.maximum } : {}),
      };
    }),
    previewUnknowns: [...(meta.previewUnknowns ?? [])],
    url: c.url,
    framework: c.framework,
  };
}

/**
 * Findings one policy reports on one resource per call, beyond which it says how many more there are: a list of
 * thousands of bad entries must not flood a preview (or a PR comment) with thousands of identical lines.
 */
export const MAX_FINDINGS_PER_RESOURCE = 20;

/** Passes the first MAX_FINDINGS_PER_RESOURCE messages per resource on, counts the rest, and reports the count. */
function cappedReporter(reportViolation: ReportViolation) {
  const counts = new Map<string, { subject: { type: string; name: string }; n: number }>();
  return {
    report(subject: { type: string; name: string }, urn: string, text: string): void {
      let c = counts.get(urn);
      if (c === undefined) counts.set(urn, (c = { subject, n: 0 }));
      if (++c.n <= MAX_FINDINGS_PER_RESOURCE) reportViolation(text, urn);
    },
    flush(): void {
      for (const [urn, c] of counts) {
        if (c.n > MAX_FINDINGS_PER_RESOURCE) reportViolation(moreFindingsMessage(c.subject, c.n - MAX_FINDINGS_PER_RESOURCE, MAX_FINDINGS_PER_RESOURCE), urn);
      }
    },
  };
}

/** What a validation body gets: plain props (unknowns testable, no proxy throws), config, and reporters. */
export interface ResourceContext<C> {
  args: ResourceValidationArgs;
  type: string;
  name: string;
  urn: string;
  props: Props;
  config: C;
  report(finding: Finding): void;
  reportUnknown(property: string, required: string, fix: string): void;
}

/** A switch that must be on: an unknown value is reported as unverifiable, anything but `true` as found. */
export function requireTrue(ctx: ResourceContext<unknown>, property: string, value: unknown, fix: string): void {
  if (isUnknown(value)) ctx.reportUnknown(property, "true", fix);
  else if (value !== true) ctx.report({ property, found: show(value), required: "true", fix });
}

export interface StackContext<C> {
  args: StackValidationArgs;
  resources: PolicyResource[];
  config: C;
  report(resource: PolicyResource, finding: Finding): void;
  reportUnknown(resource: PolicyResource, property: string, required: string, fix: string, of?: { type: string; name: string }): void;
}

export interface ResourcePolicyImpl<C> {
  validate(ctx: ResourceContext<C>): void;
  /**
   * Optional remediation (runs only at enforcement level `remediate`). Gets @pulumi/policy's args as is: `props`
   * is a secrets-preserving proxy, so assign through it and return it; return undefined for "no change".
   */
  remediate?(args: ResourceValidationArgs, config: C): Record<string, unknown> | undefined;
}

/**
 * A policy's resolved config, worked out again only when what the engine configured changes: @pulumi/policy
 * hands over a fresh copy on every call, while Configure happens once per run, and resolving (defaults,
 * validation) on every Analyze was a fifth of the pack's own time per request.
 */
function configResolver<C>(meta: ControlMetadata): (given: unknown) => C {
  let lastGiven: string | undefined;
  let last: C | undefined;
  return (given) => {
    const key = JSON.stringify(given ?? {});
    if (key !== lastGiven || last === undefined) {
      last = Object.freeze(resolveConfig<C>(meta.name, meta.configSchema, given)) as C;
      lastGiven = key;
    }
    return last;
  };
}

export function defineResourcePolicy<C = Record<string, never>>(meta: ControlMetadata, impl: ResourcePolicyImpl<C>): PolicyDefinition {
  const configOf = configResolver<C>(meta);
  const types = new Set(meta.appliesTo);
  const applies = (type: string) => types.has("*") || types.has(type);
  const policy: ResourceValidationPolicy = {
    ...common(meta),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!applies(args.type)) return;
      const config = configOf(args.getConfig());
      const subject = { type: args.type, name: args.name };
      const out = cappedReporter(reportViolation);
      impl.validate({
        args,
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: plain(args.props),
        config,
        report: (finding) => out.report(subject, args.urn, message(subject, finding)),
        reportUnknown: (property, required, fix) => out.report(subject, args.urn, unknownMessage(subject, property, required, fix)),
      });
      out.flush();
    },
  };
  if (impl.remediate) {
    const remediate = impl.remediate;
    policy.remediateResource = (args: ResourceValidationArgs) => {
      if (!applies(args.type)) return undefined;
      const config = configOf(args.getConfig());
      return remediate(args, config);
    };
  }
  return { policy, control: controlDoc(meta, "resource", impl.remediate !== undefined) };
}

export function defineStackPolicy<C = Record<string, never>>(meta: ControlMetadata, validate: (ctx: StackContext<C>) => void): PolicyDefinition {
  const configOf = configResolver<C>(meta);
  const policy: StackValidationPolicy = {
    ...common(meta),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const config = configOf(args.getConfig());
      const out = cappedReporter(reportViolation);
      validate({
        args,
        resources: args.resources,
        config,
        report: (r, finding) => out.report(r, r.urn, message(r, finding)),
        reportUnknown: (r, property, required, fix, of) => out.report(r, r.urn, unknownMessage(r, property, required, fix, of && of !== r ? of : undefined, true)),
      });
      out.flush();
    },
  };
  return { policy, control: controlDoc(meta, "stack", false) };
}
