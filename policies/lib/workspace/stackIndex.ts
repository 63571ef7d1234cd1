import type { PolicyResource } from "@pulumi/policy";
import { label } from "../format";
import { Unknown, UNKNOWN, at, isUnknown, plain } from "../props";
import { W, camelCaseKeys, settingType } from "./tokens";

/**
 * The Workspace side of a stack, indexed in one pass: org units with their paths, and every Cloud Identity
 * policy with its setting decoded and its target resolved. A policy's org unit is found through its
 * `policyQuery` property dependency on an OrgUnit of the stack (known at preview); a policy that targets no
 * declared OU and no group targets the root (or an OU this stack does not declare), whose settings every
 * declared OU inherits unless a nearer declared ancestor has its own.
 */

export const ROOT_PATH = "/";

export interface OrgUnitNode {
  resource: PolicyResource;
  /** Full path, e.g. /PHI/Clinical; UNKNOWN when a name or literal parent path is unknown. */
  path: string | Unknown;
  parent?: OrgUnitNode;
}

export type SettingValue = Record<string, unknown> | Unknown | "malformed";

export interface SettingPolicy {
  resource: PolicyResource;
  /** Setting type without the `settings/` prefix; UNKNOWN if unknown. */
  type: string | Unknown;
  /** Decoded `valueJson`, keys in camelCase. */
  value: SettingValue;
  /** The declared OU it targets; undefined for the root (or an undeclared OU) and for group policies. */
  orgUnit?: OrgUnitNode;
  /** True for policies scoped to a group (they override OU settings for the group's members). */
  group: boolean;
  /** The resources the setting's value was computed from (e.g. the detectors a DLP rule references). */
  valueDependencies: PolicyResource[];
}

export interface WorkspaceIndex {
  orgUnits: OrgUnitNode[];
  policies: SettingPolicy[];
  /** Policies of one type targeting each declared OU (by URN), the root under ROOT_PATH. */
  own(type: string, ou: OrgUnitNode | undefined): SettingPolicy[];
}

function decode(valueJson: unknown): SettingValue {
  if (isUnknown(valueJson)) return UNKNOWN;
  if (typeof valueJson !== "string") return "malformed";
  try {
    const parsed = JSON.parse(valueJson);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (camelCaseKeys(parsed) as Record<string, unknown>) : "malformed";
  } catch {
    return "malformed";
  }
}

const dependencyOfType = (r: PolicyResource, prop: string, type: string) => (r.propertyDependencies?.[prop] ?? []).find((d) => d.type === type);

function build(resources: readonly PolicyResource[]): WorkspaceIndex {
  const nodes = new Map<string, OrgUnitNode>();
  for (const r of resources) if (r.type === W.orgUnit) nodes.set(r.urn, { resource: r, path: UNKNOWN });

  const resolved = new Set<string>();
  const resolvePath = (node: OrgUnitNode): string | Unknown => {
    if (resolved.has(node.resource.urn)) return node.path;
    resolved.add(node.resource.urn);
    const props = plain(node.resource.props);
    const parentResource =
      dependencyOfType(node.resource, "parentOrgUnitPath", W.orgUnit) ?? dependencyOfType(node.resource, "parentOrgUnitId", W.orgUnit);
    const linked = parentResource ? nodes.get(parentResource.urn) : undefined;
    const parent = linked && !isAncestorOrSelf(node, linked) ? linked : undefined;
    const name = at(props, "name");
    let parentPath: string | Unknown;
    if (parent) {
      node.parent = parent;
      parentPath = resolvePath(parent);
    } else {
      const literal = at(props, "parentOrgUnitPath");
      parentPath = typeof literal === "string" ? literal : literal === undefined ? ROOT_PATH : UNKNOWN;
    }
    node.path =
      typeof name === "string" && typeof parentPath === "string" ? `${parentPath === ROOT_PATH ? "" : parentPath}/${name}` : UNKNOWN;
    return node.path;
  };
  for (const node of nodes.values()) resolvePath(node);
  // An OU whose literal parent path names a declared OU inherits from it too.
  const byPath = new Map([...nodes.values()].filter((n) => typeof n.path === "string").map((n) => [n.path as string, n]));
  for (const node of nodes.values()) {
    if (node.parent || typeof node.path !== "string") continue;
    const parentPath = node.path.slice(0, node.path.lastIndexOf("/")) || ROOT_PATH;
    const parent = byPath.get(parentPath);
    // An OU never inherits from itself (an empty name puts it at "/") nor from its own descendants.
    if (parent && !isAncestorOrSelf(node, parent)) node.parent = parent;
  }

  const policies: SettingPolicy[] = [];
  const byTarget = new Map<string, SettingPolicy[]>();
  for (const r of resources) {
    if (r.type !== W.policy) continue;
    const props = plain(r.props);
    const type = at(props, "setting", "type");
    const ouResource = dependencyOfType(r, "policyQuery", W.orgUnit);
    const group = at(props, "policyQuery", "group");
    const policy: SettingPolicy = {
      resource: r,
      type: typeof type === "string" ? settingType(type) : UNKNOWN,
      value: decode(at(props, "setting", "valueJson")),
      orgUnit: ouResource ? nodes.get(ouResource.urn) : undefined,
      group: group !== undefined && group !== null && group !== "",
      valueDependencies: r.propertyDependencies?.setting ?? [],
    };
    policies.push(policy);
    if (!policy.group && typeof policy.type === "string") {
      const key = `${policy.type}\u0000${policy.orgUnit?.resource.urn ?? ROOT_PATH}`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), policy]);
    }
  }
  return {
    orgUnits: [...nodes.values()],
    policies,
    own: (type, ou) => byTarget.get(`${type}\u0000${ou?.resource.urn ?? ROOT_PATH}`) ?? [],
  };
}

/** True if `node` is `candidate` or one of its ancestors: linking them would make a cycle. */
function isAncestorOrSelf(node: OrgUnitNode, candidate: OrgUnitNode): boolean {
  for (let at: OrgUnitNode | undefined = candidate; at; at = at.parent) if (at === node) return true;
  return false;
}

const cache = new WeakMap<readonly PolicyResource[], WorkspaceIndex>();

export function workspaceIndex(resources: readonly PolicyResource[]): WorkspaceIndex {
  let index = cache.get(resources);
  if (!index) {
    index = build(resources);
    cache.set(resources, index);
  }
  return index;
}

/**
 * The OU for a message, by the logical name in its URN (never secret): its path is built from its `name`
 * and `parentOrgUnitPath` inputs, which may be secrets the policy cannot tell apart.
 */
export function describeOrgUnit(node: OrgUnitNode | undefined): string {
  return node ? label(node.resource) : "the root org unit";
}
