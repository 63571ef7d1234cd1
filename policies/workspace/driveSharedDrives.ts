import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-drive-shared-drives",
    area: "workspace",
    displayName: "Shared drives closed to outsiders",
    description: "Shared drives of PHI org units admit no external users and no non-members, and managers cannot loosen that.",
    severity: "high",
    hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.2.1v1", "GWS.DRIVEDOCS.2.2v1", "GWS.DRIVEDOCS.2.3v1"], cis: ["3.1.2.1.2.1", "3.1.2.1.2.2", "3.1.2.1.2.3"] },
    checks:
      "settings/drive_and_docs.shared_drive_creation in effect on every PHI OU with allowExternalUserAccess false, allowNonMemberAccess false and allowManagersToOverrideSettings false; Google's defaults fail.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps:
      'declare the "settings/drive_and_docs.shared_drive_creation" policy with allowExternalUserAccess: false, allowNonMemberAccess: false, allowManagersToOverrideSettings: false',
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
  },
  settingType: "drive_and_docs.shared_drive_creation",
  scope: "phi",
  mustBeInEffect: true,
  rules: [equals("allowExternalUserAccess", false), equals("allowNonMemberAccess", false), equals("allowManagersToOverrideSettings", false)],
});
