import { StackConfigError } from "../config/schema";
import { OrgUnitConfig, WORKSPACE_CONFIG_KEY, WorkspaceConfig } from "./config";
import { Baseline, IMPORTED_SETTINGS, ImportedSettingSpec, SETTINGS, SettingSpec, rootBaseline, withPrefix, withoutPrefix } from "./settings";

export const ROOT = "/";

export interface PlannedOrgUnit {
  path: string;
  /** Last path segment: the OU's name in Google. */
  name: string;
  parentPath: string;
  description: string;
  phi: boolean;
}

export interface PlannedSetting {
  ouPath: string;
  spec: ImportedSettingSpec;
  value: Record<string, unknown>;
  importId: string;
}

/** What the workspace stack declares, decided and checked before any resource is registered. */
export interface WorkspacePlan {
  /** Parents before children. */
  orgUnits: PlannedOrgUnit[];
  /** Read-only settings, each imported from its live policy. */
  settings: PlannedSetting[];
  /** OUs that get a Drive DLP rule: the topmost PHI OUs (their children inherit it). */
  dlpOrgUnits: string[];
}

export const parentOf = (path: string) => (path.lastIndexOf("/") === 0 ? ROOT : path.slice(0, path.lastIndexOf("/")));
const depth = (path: string) => (path === ROOT ? 0 : path.split("/").length - 1);

/**
 * Decides the OU tree and which read-only settings each OU declares. The root declares every setting with
 * the baseline; another OU declares a setting only where one of its knobs departs from its parent's (admin
 * OUs require passkeys), since an OU without a policy of its own inherits its parent's.
 */
export function planWorkspace(config: WorkspaceConfig): WorkspacePlan {
  const key = `hipaa-guard:${WORKSPACE_CONFIG_KEY}`;
  const problems: string[] = [];
  const declared = new Map<string, OrgUnitConfig>();
  config.orgUnits.forEach((ou, i) => {
    if (ou.path === ROOT) {
      problems.push(`${key}.orgUnits[${i}].path is "/", the root org unit, which exists already; set its ID in ${key}.rootOrgUnitId`);
    } else if (declared.has(ou.path)) {
      problems.push(`${key}.orgUnits[${i}].path "${ou.path}" is declared twice; each org unit path must appear once`);
    } else {
      declared.set(ou.path, ou);
    }
  });
  const known = (path: string) => path === ROOT || declared.has(path);
  const knownPaths = () => [ROOT, ...declared.keys()].join(", ");
  for (const ou of declared.values()) {
    if (!known(parentOf(ou.path))) {
      problems.push(`${key}.orgUnits: the parent "${parentOf(ou.path)}" of "${ou.path}" is not declared; declare it too, or move "${ou.path}" under a declared OU`);
    }
  }
  config.adminOrgUnits.forEach((path, i) => {
    if (!known(path)) problems.push(`${key}.adminOrgUnits[${i}] is "${path}", which is not declared; declared org units: ${knownPaths()}`);
  });

  const groupEmails = new Set<string>();
  config.groups.forEach((group, i) => {
    const email = group.email.toLowerCase();
    if (groupEmails.has(email)) problems.push(`${key}.groups[${i}].email "${group.email}" is declared twice; each group must appear once`);
    groupEmails.add(email);
  });

  const importIds = config.importIds ?? {};
  for (const [path, bySetting] of Object.entries(importIds)) {
    if (!known(path)) problems.push(`${key}.importIds has the org unit "${path}", which is not declared; declared org units: ${knownPaths()}`);
    for (const type of Object.keys(bySetting)) {
      const spec = SETTINGS.find((s) => s.type === withoutPrefix(type));
      if (spec?.mode !== "imported") {
        const why = spec ? "is written by Pulumi, not imported" : "is not one this stack declares";
        problems.push(
          `${key}.importIds["${path}"] has the setting type "${type}", which ${why}; allowed: ${IMPORTED_SETTINGS.map((s) => s.type).join(", ")}`,
        );
      }
    }
  }
  if (problems.length > 0) throw new StackConfigError(problems);

  const orgUnits = [...declared.values()]
    .sort((a, b) => depth(a.path) - depth(b.path))
    .map((ou) => ({
      path: ou.path,
      name: ou.path.slice(ou.path.lastIndexOf("/") + 1),
      parentPath: parentOf(ou.path),
      description: ou.description,
      phi: ou.phi,
    }));

  const admins = new Set(config.adminOrgUnits);
  const baselines = new Map<string, Baseline>();
  const resolve = (path: string, inherited: Baseline): Baseline => ({
    ...inherited,
    ...(admins.has(path) ? { signInFactors: "PASSKEY_ONLY" as const } : {}),
    ...(declared.get(path)?.overrides ?? {}),
  });
  baselines.set(ROOT, resolve(ROOT, rootBaseline(config)));
  for (const ou of orgUnits) baselines.set(ou.path, resolve(ou.path, baselines.get(ou.parentPath)!));

  const settings: PlannedSetting[] = [];
  const used = new Set<string>();
  for (const path of [ROOT, ...orgUnits.map((ou) => ou.path)]) {
    const own = baselines.get(path)!;
    const parent = path === ROOT ? undefined : baselines.get(parentOf(path))!;
    for (const spec of IMPORTED_SETTINGS) {
      const departs = parent === undefined || spec.knobs.some((knob) => own[knob] !== parent[knob]);
      if (!departs) continue;
      const entry = Object.entries(importIds[path] ?? {}).find(([type]) => withoutPrefix(type) === spec.type);
      if (!entry) {
        problems.push(missingImportMessage(key, path, spec));
        continue;
      }
      used.add(`${path}\u0000${entry[0]}`);
      settings.push({ ouPath: path, spec, value: spec.value(own, config), importId: entry[1] });
    }
  }
  for (const [path, bySetting] of Object.entries(importIds)) {
    for (const type of Object.keys(bySetting)) {
      if (!used.has(`${path}\u0000${type}`)) {
        problems.push(
          `${key}.importIds["${path}"]["${type}"] names a policy this stack does not declare: "${path}" inherits that setting from its parent. Remove the entry, or add an override to "${path}"`,
        );
      }
    }
  }
  if (problems.length > 0) throw new StackConfigError(problems);

  const isPhi = (path: string) => declared.get(path)?.phi ?? false;
  const dlpOrgUnits = orgUnits.filter((ou) => ou.phi && !isPhi(ou.parentPath)).map((ou) => ou.path);
  return { orgUnits, settings, dlpOrgUnits };
}

function missingImportMessage(key: string, path: string, spec: SettingSpec): string {
  const type = withPrefix(spec.type);
  return (
    `the setting ${spec.type} on "${path}" is read-only in Google's Policy API, so this stack imports the live policy instead of creating it: ` +
    `set ${key}.importIds["${path}"]["${spec.type}"] to its name (policies/<id>). Make the setting in the Admin console ` +
    `(${spec.consolePath}) if "${path}" has none of its own, then list it: ` +
    `GET https://cloudidentity.googleapis.com/v1/policies?filter=setting.type.matches('${type}')`
  );
}
