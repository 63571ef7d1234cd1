import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl({
  meta: {
    name: "hipaa-workspace-2sv-no-trusted-devices",
    area: "workspace",
    displayName: "No 2SV-skipping trusted devices",
    description: "Users cannot mark a device as trusted to skip 2-Step Verification.",
    severity: "medium",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.1.5v1"] },
    checks: "settings/security.two_step_verification_device_trust in effect on every OU with allowTrustingDevice false; Google's default (true) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'declare the "settings/security.two_step_verification_device_trust" policy with allowTrustingDevice: false',
  },
  settingType: "security.two_step_verification_device_trust",
  scope: "all",
  mustBeInEffect: true,
  rules: [equals("allowTrustingDevice", false)],
});
