import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-takeout-disabled",
    area: "workspace",
    displayName: "Google Takeout off",
    description: "Users of PHI org units cannot export their data with Google Takeout.",
    severity: "high",
    hipaa: ["164.312(a)(1)", "164.308(a)(3)(i)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.12.1v1"] },
    checks: "settings/takeout.service_status in effect on every PHI OU with serviceState DISABLED; Google's default (ENABLED) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'declare the "settings/takeout.service_status" policy with serviceState "DISABLED"; in the workspace stack, remove takeoutEnabled overrides from PHI OUs',
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
  },
  settingType: "takeout.service_status",
  scope: "phi",
  mustBeInEffect: true,
  rules: [equals("serviceState", "DISABLED", ["ENABLED", "DISABLED"])],
});
