import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { atMostSeconds } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "maxEnrollmentGraceDays">>({
  meta: {
    name: "hipaa-workspace-2sv-grace-period",
    area: "workspace",
    displayName: "2SV enrollment period for new users",
    description: "New users must enroll in 2-Step Verification within maxEnrollmentGraceDays (default 7).",
    severity: "medium",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.1.4v1"] },
    checks: "Every settings/security.two_step_verification_grace_period policy (OU or group): enrollmentGracePeriod, a duration such as \"604800s\", at most maxEnrollmentGraceDays.",
    appliesTo: ["gcp:cloudidentity/policy:Policy"],
    remediationSteps: 'set enrollmentGracePeriod: "604800s" (7 days) or less in the valueJson of the "settings/security.two_step_verification_grace_period" policy',
    configSchema: { properties: { maxEnrollmentGraceDays: workspaceConfigProperties.maxEnrollmentGraceDays } },
  },
  settingType: "security.two_step_verification_grace_period",
  scope: "all",
  mustBeInEffect: false,
  rules: [atMostSeconds("enrollmentGracePeriod", (c) => c.maxEnrollmentGraceDays, { name: "days", seconds: 86400 })],
});
