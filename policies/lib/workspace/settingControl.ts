import { ControlMetadata, PolicyDefinition, StackContext, defineStackPolicy } from "../define";
import { show } from "../format";
import { Unknown, isUnknown } from "../props";
import { WorkspaceConfig } from "./config";
import { OrgUnitNode, ROOT_PATH, SettingPolicy, WorkspaceIndex, describeOrgUnit, workspaceIndex } from "./stackIndex";
import { W } from "./tokens";

/** Where a setting applies: the OU's path and what the pack config says about it. */
export interface OrgUnitContext {
  /** "/PHI/Clinical", "/" for the root, UNKNOWN during preview, or "group" for a group-scoped policy. */
  path: string | Unknown;
  /** Fail closed: every OU holds PHI unless the pack config exempts its (known) path. */
  phi: boolean;
  /** UNKNOWN when the path is unknown and the config names admin OUs. */
  admin: boolean | Unknown;
}

/** One field of a setting's value and what the baseline requires of it. */
export interface FieldRule<C> {
  field: string;
  /** What is required, for the message; may depend on the OU (admin OUs). */
  required(ctx: OrgUnitContext, config: C): string;
  /** True when the value complies; UNKNOWN when the answer depends on something unknown (an OU's path). */
  ok(value: unknown, ctx: OrgUnitContext, config: C): boolean | Unknown;
  /** Public constants that may be printed (enum values of the setting). */
  vocabulary?: readonly string[];
  /** A safe description of a value of a known public shape (a duration); undefined falls back to `show`. */
  describe?(value: unknown): string | undefined;
}

export interface SettingControlSpec<C extends Partial<WorkspaceConfig>> {
  meta: ControlMetadata;
  /** Setting type without the `settings/` prefix. */
  settingType: string;
  /** "phi": only OUs that hold PHI must comply; "all": every OU. */
  scope: "phi" | "all";
  /**
   * Google's default fails the baseline, so an OU with no policy of this type in effect (its own or an
   * ancestor's) is a violation.
   */
  mustBeInEffect: boolean;
  rules: FieldRule<C>[];
  /** Checks of the same requirement that look beyond the setting's value (e.g. at the stack's outputs). */
  alsoCheck?(ctx: StackContext<C>): void;
}

const GROUP_CONTEXT: OrgUnitContext = { path: "group", phi: true, admin: false };

function contextOf(node: OrgUnitNode | undefined, config: Partial<WorkspaceConfig>): OrgUnitContext {
  const path = node ? node.path : ROOT_PATH;
  const admins = config.adminOrgUnits ?? [];
  if (isUnknown(path)) return { path, phi: true, admin: admins.length > 0 ? path : false };
  return { path, phi: !(config.exemptOrgUnits ?? []).includes(path), admin: admins.includes(path) };
}

/** The value's content is computed from other policies' names (DLP rules referencing detectors): decided on update. */
function explainedUnknown(policy: SettingPolicy): boolean {
  return policy.valueDependencies.length > 0 && policy.valueDependencies.every((d) => d.type === W.policy);
}

/**
 * Defines a Workspace control over one setting type as a stack policy. Each OU's setting comes from its own
 * policy or, failing that, its nearest declared ancestor's, then the root's. A policy's own value is judged
 * where it is declared; an OU that inherits a value that is fine for its ancestor but not for it (an admin OU,
 * a PHI OU under an exempt parent) is reported on the OU; an OU with nothing in effect, where Google's default
 * fails the baseline, is reported on the topmost such OU. Group-scoped policies are held to the PHI baseline.
 */
export function defineSettingControl<C extends Partial<WorkspaceConfig>>(spec: SettingControlSpec<C>): PolicyDefinition {
  const typeLabel = `settings/${spec.settingType}`;
  const declareFix = `declare a gcp.cloudidentity.Policy with setting.type "${typeLabel}" for this org unit`;
  const inScope = (where: OrgUnitContext) => spec.scope === "all" || where.phi;
  const requirements = (where: OrgUnitContext, config: C) => spec.rules.map((r) => `${r.field}: ${r.required(where, config)}`).join("; ");

  /** What is wrong with one policy's value for one org unit; `unknown` marks findings that need an unknown value. */
  const problemsOf = (policy: SettingPolicy, where: OrgUnitContext, config: C): Problem[] => {
    if (policy.value === "malformed") return [{ property: "setting.valueJson", found: "not a JSON object", required: `a JSON object with ${spec.rules.map((r) => r.field).join(", ")}` }];
    if (isUnknown(policy.value)) {
      return explainedUnknown(policy) ? [] : [{ property: "setting.valueJson", found: "", required: requirements(where, config), unknown: true }];
    }
    const value = policy.value;
    return spec.rules.flatMap((rule): Problem[] => {
      const verdict = rule.ok(value[rule.field], where, config);
      if (verdict === true) return [];
      if (isUnknown(verdict)) return [{ property: `the org unit path (to tell whether ${rule.field} must be ${rule.required({ ...where, admin: true }, config)})`, found: "", required: rule.required(where, config), unknown: true }];
      return [{ property: rule.field, found: rule.describe?.(value[rule.field]) ?? show(value[rule.field], rule.vocabulary), required: rule.required(where, config) }];
    });
  };

  const reportOwn = (ctx: StackContext<C>, policy: SettingPolicy, where: OrgUnitContext) => {
    for (const p of problemsOf(policy, where, ctx.config)) {
      const fix = `set ${p.property} in setting.valueJson to ${p.required}`;
      if (p.unknown) ctx.reportUnknown(policy.resource, p.property, p.required, fix);
      else ctx.report(policy.resource, { property: `${typeLabel} ${p.property}`, found: p.found, required: p.required, fix });
    }
  };

  const meta = {
    ...spec.meta,
    previewUnknowns: [
      "a policy's setting.type unknown, or its setting.valueJson unknown and not computed only from this stack's other Cloud Identity policies",
      ...(spec.meta.previewUnknowns ?? []),
    ],
  };

  return defineStackPolicy<C>(meta, (ctx) => {
    spec.alsoCheck?.(ctx);
    const index: WorkspaceIndex = workspaceIndex(ctx.resources);
    if (index.orgUnits.length === 0 && index.policies.length === 0) return;

    for (const policy of index.policies) {
      if (isUnknown(policy.type)) {
        ctx.reportUnknown(policy.resource, "setting.type", `known, to tell whether it is ${typeLabel}`, "set setting.type to a literal string");
      } else if (policy.type === spec.settingType && policy.group) {
        reportOwn(ctx, policy, GROUP_CONTEXT);
      }
    }

    /** OUs with no policy of this type in effect. */
    const lacking = new Set<OrgUnitNode | undefined>();
    /** OUs reported for an inherited value, by the OU they inherit from: their children are not reported again. */
    const inheritedFrom = new Map<OrgUnitNode, OrgUnitNode | undefined>();

    const visit = (node: OrgUnitNode | undefined) => {
      const where = contextOf(node, ctx.config);
      const own = index.own(spec.settingType, node);
      if (own.length > 0) {
        if (inScope(where)) for (const p of own) reportOwn(ctx, p, where);
        return;
      }
      if (!inScope(where)) return;
      let source = node?.parent;
      while (source !== undefined && index.own(spec.settingType, source).length === 0) source = source.parent;
      const inherited = index.own(spec.settingType, source);
      if (inherited.length === 0) {
        if (!spec.mustBeInEffect) return;
        lacking.add(node);
        const topmost = node === undefined || node.parent === undefined || !lacking.has(node.parent);
        // With no org unit declared, nothing but the stack can carry the root's finding.
        const subject = node?.resource ?? (index.orgUnits.length === 0 ? (ctx.resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? index.policies[0]?.resource) : undefined);
        if (topmost && subject) {
          ctx.report(subject, {
            property: typeLabel,
            found: `not in effect on ${describeOrgUnit(node)} (no policy of this type on it, its declared ancestors or the root; Google's default applies)`,
            required: requirements(where, ctx.config),
            fix: declareFix,
          });
        }
        return;
      }
      if (node === undefined) return;
      const sourceContext = contextOf(source, ctx.config);
      // The source's own value was judged (and reported) where it is declared; report here only what is wrong
      // for this OU in particular: an admin OU, or a PHI OU under an exempt ancestor.
      if (inScope(sourceContext) && inherited.some((p) => problemsOf(p, sourceContext, ctx.config).length > 0)) return;
      const problems = inherited.flatMap((p) => problemsOf(p, where, ctx.config));
      if (problems.length === 0) return;
      const parentReported = node.parent !== undefined && inheritedFrom.get(node.parent) === source && inheritedFrom.has(node.parent);
      inheritedFrom.set(node, source);
      if (parentReported) return;
      for (const p of problems) {
        if (p.unknown) ctx.reportUnknown(node.resource, p.property, p.required, declareFix);
        else ctx.report(node.resource, { property: `${typeLabel} ${p.property}`, found: `${p.found}, inherited from ${describeOrgUnit(source)}`, required: p.required, fix: declareFix });
      }
    };
    visit(undefined);
    // Parents before children, so a child knows whether its parent was already reported.
    const depth = (n: OrgUnitNode) => {
      let d = 0;
      for (let p = n.parent; p; p = p.parent) d++;
      return d;
    };
    for (const node of [...index.orgUnits].sort((a, b) => depth(a) - depth(b))) visit(node);
  });
}

interface Problem {
  property: string;
  found: string;
  required: string;
  unknown?: boolean;
}
