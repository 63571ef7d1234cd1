import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-drive-no-publishing",
    area: "workspace",
    displayName: "No publishing Drive files to the web",
    description: "Users of PHI org units cannot publish Drive files to the web or make them visible to anyone with the link.",
    severity: "critical",
    hipaa: ["164.312(a)(1)", "164.312(e)(1)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.1.5v1"] },
    checks: "settings/drive_and_docs.external_sharing in effect on every PHI OU with allowPublishingFiles false; Google's default (true) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'set allowPublishingFiles: false in the "settings/drive_and_docs.external_sharing" policy; remove allowPublishingFiles overrides from PHI OUs',
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
  },
  settingType: "drive_and_docs.external_sharing",
  scope: "phi",
  mustBeInEffect: true,
  rules: [equals("allowPublishingFiles", false)],
});
