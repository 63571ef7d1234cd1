import { Stack } from "./fixtures";
import { WireResource } from "./harness";

export const POLICY = "gcp:cloudidentity/policy:Policy";
export const ORG_UNIT = "googleworkspace:index/orgUnit:OrgUnit";
export const GROUP = "googleworkspace:index/group:Group";
export const GROUP_SETTINGS = "googleworkspace:index/groupSettings:GroupSettings";
export const DRIVE_TRIGGER = "google.workspace.drive.file.v1.share";

/** A compliant value for every setting type the baseline governs. */
export const BASELINE: Record<string, Record<string, unknown>> = {
  "security.two_step_verification_enrollment": { allowEnrollment: true },
  "security.two_step_verification_enforcement": { enforcedFrom: "2024-01-01T00:00:00Z" },
  "security.two_step_verification_enforcement_factor": { allowedSignInFactorSet: "NO_TELEPHONY" },
  "security.two_step_verification_grace_period": { enrollmentGracePeriod: "604800s" },
  "security.two_step_verification_device_trust": { allowTrustingDevice: false },
  "drive_and_docs.external_sharing": {
    externalSharingMode: "DISALLOWED",
    allowNonGoogleInvites: false,
    warnForExternalSharing: true,
    allowPublishingFiles: false,
    accessCheckerSuggestions: "RECIPIENTS_ONLY",
  },
  "drive_and_docs.general_access_default": { defaultFileAccess: "PRIVATE_TO_OWNER" },
  "drive_and_docs.shared_drive_creation": { allowExternalUserAccess: false, allowNonMemberAccess: false, allowManagersToOverrideSettings: false },
  "security.session_controls": { webSessionDuration: "43200s" },
  "security.less_secure_apps": { allowLessSecureApps: false },
  "takeout.service_status": { serviceState: "DISABLED" },
};

const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, "-").toLowerCase();

/** A Cloud Identity policy on an OU (by property dependency), the root (no OU), or a group. */
export function setting(
  stack: Stack,
  type: string,
  value: Record<string, unknown> | unknown,
  target: { ou?: WireResource; group?: string; name?: string; valueDeps?: WireResource[] } = {},
): WireResource {
  const orgUnit = target.ou ? stack.out(`orgUnits/${target.ou.name}`) : target.group ? undefined : "orgUnits/03root";
  const name = target.name ?? `${target.ou?.name ?? (target.group ? `group-${slug(target.group)}` : "root")}-${slug(type)}`;
  return stack.add(
    POLICY,
    name,
    {
      customer: "customers/C0test1",
      policyQuery: target.group ? { group: `groups/${target.group}` } : { orgUnit },
      setting: { type: `settings/${type}`, valueJson: typeof value === "string" || typeof value !== "object" ? value : JSON.stringify(value) },
    },
    { deps: { ...(target.ou ? { policyQuery: [target.ou] } : {}), ...(target.valueDeps ? { setting: target.valueDeps } : {}) }, computed: { name: `policies/${name}` } },
  );
}

export function orgUnit(stack: Stack, path: string, parent?: WireResource): WireResource {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return stack.add(
    ORG_UNIT,
    `ou${slug(path)}`,
    { name, parentOrgUnitPath: parent ? stack.out(path.slice(0, path.lastIndexOf("/"))) : "/" },
    { deps: parent ? { parentOrgUnitPath: [parent] } : {}, computed: { orgUnitId: `id:${slug(path)}`, orgUnitPath: path } },
  );
}

export function dlpRule(stack: Stack, ou: WireResource, value: Record<string, unknown> = {}): WireResource {
  return setting(stack, "rule.dlp", { displayName: "PHI", triggers: [DRIVE_TRIGGER], state: "ACTIVE", action: { driveAction: { blockAccess: {} } }, ...value }, { ou });
}

export interface WorkspaceStack {
  stack: Stack;
  ou: Record<string, WireResource>;
}

/**
 * A compliant tenant: the root carries the baseline; /PHI, /PHI/Clinical, /IT (exempt), /IT/Admins (admin,
 * passkeys), /Staff (exempt); Drive DLP rules on /PHI and /IT/Admins. Pair it with WORKSPACE_CONFIG.
 */
export function workspaceStack(options: { preview?: boolean; omit?: string[] } = {}): WorkspaceStack {
  const stack = new Stack(options.preview ?? false);
  const ou: Record<string, WireResource> = {};
  ou["/PHI"] = orgUnit(stack, "/PHI");
  ou["/PHI/Clinical"] = orgUnit(stack, "/PHI/Clinical", ou["/PHI"]);
  ou["/IT"] = orgUnit(stack, "/IT");
  ou["/IT/Admins"] = orgUnit(stack, "/IT/Admins", ou["/IT"]);
  ou["/Staff"] = orgUnit(stack, "/Staff");
  for (const [type, value] of Object.entries(BASELINE)) if (!options.omit?.includes(type)) setting(stack, type, value);
  setting(stack, "security.two_step_verification_enforcement_factor", { allowedSignInFactorSet: "PASSKEY_ONLY" }, { ou: ou["/IT/Admins"] });
  dlpRule(stack, ou["/PHI"]);
  dlpRule(stack, ou["/IT/Admins"]);
  return { stack, ou };
}

/** Pack config for workspaceStack: which OUs are exempt from the PHI baseline and which are admin OUs. */
export const WORKSPACE_CONFIG = { exemptOrgUnits: ["/", "/IT", "/Staff"], adminOrgUnits: ["/IT/Admins"] };
