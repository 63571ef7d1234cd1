import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl({
  meta: {
    name: "hipaa-workspace-2sv-enrollment-allowed",
    area: "workspace",
    displayName: "2-Step Verification enrollment allowed",
    description: "Users may enroll in 2-Step Verification (enforcement needs enrollment).",
    severity: "high",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.1.2v1"] },
    checks: "Every settings/security.two_step_verification_enrollment policy (OU or group) has allowEnrollment true; Google's default allows enrollment.",
    appliesTo: ["gcp:cloudidentity/policy:Policy"],
    remediationSteps: 'set allowEnrollment: true in the valueJson of the "settings/security.two_step_verification_enrollment" policy',
  },
  settingType: "security.two_step_verification_enrollment",
  scope: "all",
  mustBeInEffect: false,
  rules: [equals("allowEnrollment", true)],
});
