/** Type tokens of the Google Workspace resources the pack evaluates. */
export const W = {
  policy: "gcp:cloudidentity/policy:Policy",
  orgUnit: "googleworkspace:index/orgUnit:OrgUnit",
  group: "googleworkspace:index/group:Group",
  groupSettings: "googleworkspace:index/groupSettings:GroupSettings",
} as const;

/** The form reads return; writes may omit it. Types are compared without it. */
const SETTING_PREFIX = "settings/";

export function settingType(type: string): string {
  return type.startsWith(SETTING_PREFIX) ? type.slice(SETTING_PREFIX.length) : type;
}

/** Reads return camelCase value fields; writes keep keys as written. Compare in camelCase. */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camelCaseKeys(v)]),
  );
}
