import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl({
  meta: {
    name: "hipaa-workspace-less-secure-apps-off",
    area: "workspace",
    displayName: "No less secure apps",
    description: "Apps that sign in with only a password (bypassing 2-Step Verification) cannot connect.",
    severity: "high",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.10.5v1"] },
    checks: "Every settings/security.less_secure_apps policy (OU or group) has allowLessSecureApps false; Google's default is off.",
    appliesTo: ["gcp:cloudidentity/policy:Policy"],
    remediationSteps: 'set allowLessSecureApps: false in the "settings/security.less_secure_apps" policy; in the workspace stack, remove allowLessSecureApps overrides',
  },
  settingType: "security.less_secure_apps",
  scope: "all",
  mustBeInEffect: false,
  rules: [equals("allowLessSecureApps", false)],
});
