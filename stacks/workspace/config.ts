import { ConfigOf, Fields, readConfigObject } from "../config/schema";

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[A-Za-z0-9._%+-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** An org unit path: a leading slash, segments without slashes, no trailing slash. "/" is the root. */
export const OU_PATH = /^\/(?:[^/\s][^/]*(?:\/[^/\s][^/]*)*)?$/;
export const POLICY_NAME = /^policies\/[A-Za-z0-9_-]+$/;

const SIGN_IN_FACTORS = ["ALL", "NO_TELEPHONY", "PASSKEY_ONLY", "PASSKEY_PLUS_IP_BOUND_SECURITY_CODE", "PASSKEY_PLUS_SECURITY_CODE"] as const;
const SHARING_MODES = ["DISALLOWED", "ALLOWLISTED_DOMAINS", "ALLOWED"] as const;

/** The per-OU knobs of the baseline. Unset knobs inherit from the parent OU; the root gets the baseline. */
export const overrideFields = {
  signInFactors: { kind: "enum", values: SIGN_IN_FACTORS, description: "2SV sign-in factors allowed." },
  enrollmentGraceDays: { kind: "integer", min: 0, max: 180, description: "Days a new user has to enroll in 2SV." },
  allowTrustingDevice: { kind: "boolean", description: "Whether users may skip 2SV on a trusted device." },
  externalSharingMode: { kind: "enum", values: SHARING_MODES, description: "Drive sharing outside the organization." },
  allowPublishingFiles: { kind: "boolean", description: "Whether Drive files may be published to the web or shared with anyone with the link." },
  webSessionHours: { kind: "integer", min: 1, max: 720, description: "Web session length before users sign in again." },
  allowLessSecureApps: { kind: "boolean", description: "Whether apps that sign in with only a password may connect." },
  takeoutEnabled: { kind: "boolean", description: "Whether users may export their data with Google Takeout." },
} satisfies Fields;

export const workspaceConfigSchema = {
  customerId: {
    kind: "string",
    required: true,
    pattern: /^C[0-9a-z]{5,}$/i,
    patternHint: "a Google customer ID such as C01abcd23 (Admin console > Account > Account settings)",
    description: "The Google Workspace customer ID.",
  },
  domain: { kind: "string", required: true, pattern: DOMAIN, patternHint: "a domain name such as example.org", description: "The primary domain." },
  adminEmail: {
    kind: "string",
    required: true,
    pattern: EMAIL,
    patternHint: "an e-mail address",
    description: "Super administrator the provider's service account impersonates.",
  },
  rootOrgUnitId: {
    kind: "string",
    required: true,
    pattern: /^(id:)?[A-Za-z0-9_-]+$/,
    patternHint: "an org unit ID such as id:03ph8a2z1xyz (Directory API orgunits.get /)",
    description: "ID of the top-level org unit; it carries the baseline that every other OU inherits.",
  },
  allowedExternalDomains: {
    kind: "list",
    items: { kind: "string", pattern: DOMAIN, patternHint: "a domain name", description: "domain" },
    default: [],
    description: "Partner domains PHI may be shared with (business associates). Empty: no external sharing at all.",
  },
  orgUnits: {
    kind: "list",
    default: [],
    items: {
      kind: "object",
      description: "org unit",
      fields: {
        path: {
          kind: "string",
          required: true,
          pattern: OU_PATH,
          patternHint: "an org unit path starting with / such as /PHI/Clinical",
          description: "Full path; the parent must be / or another declared OU.",
        },
        description: { kind: "string", default: "", description: "Shown in the Admin console." },
        phi: { kind: "boolean", default: true, description: "Whether its users handle PHI (gets a DLP rule)." },
        overrides: { kind: "object", fields: overrideFields, description: "Per-OU departures from the baseline (each needs an import name)." },
      },
    },
    description: "Org units to create, parents before children.",
  },
  adminOrgUnits: {
    kind: "list",
    items: { kind: "string", pattern: OU_PATH, patternHint: "an org unit path such as /IT/Admins", description: "path" },
    default: [],
    description: "OUs of privileged users: 2SV must use passkeys only.",
  },
  groups: {
    kind: "list",
    default: [],
    items: {
      kind: "object",
      description: "group",
      fields: {
        email: { kind: "string", required: true, pattern: EMAIL, patternHint: "an e-mail address", description: "Group address." },
        name: { kind: "string", required: true, description: "Display name." },
        description: { kind: "string", default: "", description: "What the group is for." },
      },
    },
    description: "Groups to create, each locked down: members only, invitation only, no external members.",
  },
  dataRegion: {
    kind: "enum",
    values: ["US", "EUROPE", "ANY_REGION"] as const,
    default: "US",
    description: "Data-at-rest region for covered data.",
  },
  twoStepEnforcedFrom: {
    kind: "string",
    default: "2024-01-01T00:00:00Z",
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
    patternHint: "a UTC timestamp such as 2024-01-01T00:00:00Z",
    description: "When 2SV enforcement started; a date in the past means enforced now.",
  },
  medicalRecordNumberPattern: {
    kind: "string",
    default: "\\bMRN[-: ]?[0-9]{6,10}\\b",
    description: "Regular expression (RE2) of the organization's medical record numbers, for the DLP detector.",
  },
  healthPlanBeneficiaryPattern: {
    kind: "string",
    default: "\\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}\\b",
    description: "Regular expression (RE2) of health-plan beneficiary numbers, for the DLP detector; the default matches Medicare beneficiary identifiers (MBI).",
  },
  importIds: {
    kind: "map",
    keyPattern: OU_PATH,
    keyHint: "org unit paths",
    values: {
      kind: "map",
      keyPattern: /^(settings\/)?[a-z_]+\.[a-z_.]+$/,
      keyHint: "setting types such as security.two_step_verification_enforcement",
      values: { kind: "string", pattern: POLICY_NAME, patternHint: "a policy name such as policies/abc123", description: "policy name" },
      description: "setting type to policy name",
    },
    description:
      "Names (policies/<id>) of the live policies that read-only settings are imported from, by OU path and setting type.",
  },
} satisfies Fields;

export type WorkspaceConfig = ConfigOf<typeof workspaceConfigSchema>;
export type OrgUnitConfig = WorkspaceConfig["orgUnits"][number];
export type Overrides = NonNullable<OrgUnitConfig["overrides"]>;

export const WORKSPACE_CONFIG_KEY = "workspace";

export function loadWorkspaceConfig(namespace: string): WorkspaceConfig {
  return readConfigObject(namespace, WORKSPACE_CONFIG_KEY, workspaceConfigSchema);
}
