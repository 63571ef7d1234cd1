/**
 * A minimal valid `hipaa-guard:workspace` config for tests: a tenant whose root carries the twelve read-only
 * settings, each with an import name. Written out (not derived from the stack's table) so a setting dropped
 * from the stack fails the tests.
 */
export const ROOT_SETTING_TYPES = [
  "security.two_step_verification_enrollment",
  "security.two_step_verification_enforcement",
  "security.two_step_verification_enforcement_factor",
  "security.two_step_verification_grace_period",
  "security.two_step_verification_device_trust",
  "drive_and_docs.external_sharing",
  "drive_and_docs.general_access_default",
  "drive_and_docs.shared_drive_creation",
  "security.session_controls",
  "security.less_secure_apps",
  "takeout.service_status",
  "data_regions.data_at_rest_region",
];

export const ROOT_IMPORT_IDS: Record<string, string> = Object.fromEntries(ROOT_SETTING_TYPES.map((type, i) => [type, `policies/root${i}`]));

export const MINIMAL_WORKSPACE = {
  customerId: "C0abcdef1",
  domain: "example.org",
  adminEmail: "admin@example.org",
  rootOrgUnitId: "id:03root",
  importIds: { "/": ROOT_IMPORT_IDS },
};
