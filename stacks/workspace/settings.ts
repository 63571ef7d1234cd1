import { Overrides, WorkspaceConfig } from "./config";

/** Every baseline knob resolved for one org unit. */
export type Baseline = Required<Overrides>;

/**
 * How a setting type reaches Google. The Policy API accepts writes only for DLP rules and detectors; every
 * other setting is read-only there, so Pulumi imports the live policy and compares it with the baseline.
 */
export type SettingMode = "written" | "imported";

export interface SettingSpec {
  /** Setting type as the Policy API names it, without the `settings/` prefix. */
  type: string;
  mode: SettingMode;
  /** Where an administrator changes it (the only writer of a read-only setting). */
  consolePath: string;
  /** What the baseline requires, for people. */
  requirement: string;
}

export interface ImportedSettingSpec extends SettingSpec {
  mode: "imported";
  /** The knobs this setting carries: an OU whose knob differs from its parent's declares the setting. None: root only. */
  knobs: (keyof Baseline)[];
  value(baseline: Baseline, config: WorkspaceConfig): Record<string, unknown>;
}

const seconds = (n: number) => `${n}s`;
const DAY = 24 * 3600;

/** The read-only settings of the baseline, in the order they are declared. */
export const IMPORTED_SETTINGS: ImportedSettingSpec[] = [
  {
    type: "security.two_step_verification_enrollment",
    mode: "imported",
    consolePath: "Security > Authentication > 2-step verification > Allow users to turn on 2-Step Verification",
    requirement: "users may enroll in 2SV",
    knobs: [],
    value: () => ({ allowEnrollment: true }),
  },
  {
    type: "security.two_step_verification_enforcement",
    mode: "imported",
    consolePath: "Security > Authentication > 2-step verification > Enforcement",
    requirement: "2SV enforced (enforcedFrom in the past)",
    knobs: [],
    value: (_b, config) => ({ enforcedFrom: config.twoStepEnforcedFrom }),
  },
  {
    type: "security.two_step_verification_enforcement_factor",
    mode: "imported",
    consolePath: "Security > Authentication > 2-step verification > Allowed methods",
    requirement: "no SMS or voice codes (NO_TELEPHONY); passkeys only for admin OUs",
    knobs: ["signInFactors"],
    value: (b) => ({ allowedSignInFactorSet: b.signInFactors }),
  },
  {
    type: "security.two_step_verification_grace_period",
    mode: "imported",
    consolePath: "Security > Authentication > 2-step verification > New user enrollment period",
    requirement: "new users enroll within 7 days",
    knobs: ["enrollmentGraceDays"],
    value: (b) => ({ enrollmentGracePeriod: seconds(b.enrollmentGraceDays * DAY) }),
  },
  {
    type: "security.two_step_verification_device_trust",
    mode: "imported",
    consolePath: "Security > Authentication > 2-step verification > Frequency: Allow user to trust the device",
    requirement: "2SV on every sign-in: no trusted devices",
    knobs: ["allowTrustingDevice"],
    value: (b) => ({ allowTrustingDevice: b.allowTrustingDevice }),
  },
  {
    type: "drive_and_docs.external_sharing",
    mode: "imported",
    consolePath: "Apps > Google Workspace > Drive and Docs > Sharing settings > Sharing options",
    requirement:
      "external sharing DISALLOWED, or ALLOWLISTED_DOMAINS with partners; no receiving from others; warnings on; no non-Google invites; no publishing; access checker recipients only",
    knobs: ["externalSharingMode", "allowPublishingFiles"],
    value: (b) => ({
      externalSharingMode: b.externalSharingMode,
      allowReceivingExternalFiles: false,
      allowReceivingFilesOutsideAllowlistedDomains: false,
      warnForExternalSharing: true,
      warnForSharingOutsideAllowlistedDomains: true,
      allowNonGoogleInvites: false,
      allowNonGoogleInvitesInAllowlistedDomains: false,
      allowPublishingFiles: b.allowPublishingFiles,
      accessCheckerSuggestions: "RECIPIENTS_ONLY",
      allowedPartiesForDistributingContent: "NONE",
    }),
  },
  {
    type: "drive_and_docs.general_access_default",
    mode: "imported",
    consolePath: "Apps > Google Workspace > Drive and Docs > Sharing settings > General access default",
    requirement: "new files private to their owner",
    knobs: [],
    value: () => ({ defaultFileAccess: "PRIVATE_TO_OWNER" }),
  },
  {
    type: "drive_and_docs.shared_drive_creation",
    mode: "imported",
    consolePath: "Apps > Google Workspace > Drive and Docs > Sharing settings > Shared drive creation",
    requirement: "shared drives: no external users or non-members, managers cannot override, download/print/copy for editors only",
    knobs: [],
    value: () => ({
      allowSharedDriveCreation: true,
      allowManagersToOverrideSettings: false,
      allowExternalUserAccess: false,
      allowNonMemberAccess: false,
      allowContentManagersToShareFolders: false,
      allowedPartiesForDownloadPrintCopy: "EDITORS_ONLY",
    }),
  },
  {
    type: "security.session_controls",
    mode: "imported",
    consolePath: "Security > Access and data control > Google session control > Web session duration",
    requirement: "web sessions of at most 12 hours",
    knobs: ["webSessionHours"],
    value: (b) => ({ webSessionDuration: seconds(b.webSessionHours * 3600) }),
  },
  {
    type: "security.less_secure_apps",
    mode: "imported",
    consolePath: "Security > Access and data control > Less secure apps",
    requirement: "no password-only (less secure) apps",
    knobs: ["allowLessSecureApps"],
    value: (b) => ({ allowLessSecureApps: b.allowLessSecureApps }),
  },
  {
    type: "takeout.service_status",
    mode: "imported",
    consolePath: "Data > Data import & export > Google Takeout > User access to Takeout for Google services",
    requirement: "Takeout off",
    knobs: ["takeoutEnabled"],
    value: (b) => ({ serviceState: b.takeoutEnabled ? "ENABLED" : "DISABLED" }),
  },
  {
    type: "data_regions.data_at_rest_region",
    mode: "imported",
    consolePath: "Data > Compliance > Data regions",
    requirement: "covered data at rest in the configured region",
    knobs: [],
    value: (_b, config) => ({ region: config.dataRegion }),
  },
];

/** The settings Pulumi creates and updates (see dlp.ts). */
export const DLP_RULE: SettingSpec = {
  type: "rule.dlp",
  mode: "written",
  consolePath: "Security > Access and data control > Data protection",
  requirement: "on each topmost PHI OU: block Drive sharing of files with SSNs, medical record or health-plan beneficiary numbers",
};
export const REGEX_DETECTOR: SettingSpec = {
  type: "detector.regular_expression",
  mode: "written",
  consolePath: "Security > Access and data control > Data protection > Manage detectors",
  requirement: "custom detectors for medical record and health-plan beneficiary numbers (patterns from config)",
};

/** The mode of every setting type this stack declares: the one table that decides write or import. */
export const SETTINGS: SettingSpec[] = [...IMPORTED_SETTINGS, DLP_RULE, REGEX_DETECTOR];

export const SETTING_PREFIX = "settings/";
export const withPrefix = (type: string) => (type.startsWith(SETTING_PREFIX) ? type : `${SETTING_PREFIX}${type}`);
export const withoutPrefix = (type: string) => (type.startsWith(SETTING_PREFIX) ? type.slice(SETTING_PREFIX.length) : type);

/** The baseline the root OU carries, before admin and per-OU departures. */
export function rootBaseline(config: WorkspaceConfig): Baseline {
  return {
    signInFactors: "NO_TELEPHONY",
    enrollmentGraceDays: 7,
    allowTrustingDevice: false,
    externalSharingMode: config.allowedExternalDomains.length > 0 ? "ALLOWLISTED_DOMAINS" : "DISALLOWED",
    allowPublishingFiles: false,
    webSessionHours: 12,
    allowLessSecureApps: false,
    takeoutEnabled: false,
  };
}
