import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-drive-access-checker",
    area: "workspace",
    displayName: "Access checker suggests recipients only",
    description: "When a shared file's recipients lack access, Drive offers to share with those recipients only, never wider.",
    severity: "medium",
    hipaa: ["164.312(a)(1)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.1.6v1"] },
    checks: "settings/drive_and_docs.external_sharing in effect on every PHI OU with accessCheckerSuggestions RECIPIENTS_ONLY.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'set accessCheckerSuggestions: "RECIPIENTS_ONLY" in the "settings/drive_and_docs.external_sharing" policy',
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
  },
  settingType: "drive_and_docs.external_sharing",
  scope: "phi",
  mustBeInEffect: true,
  rules: [equals("accessCheckerSuggestions", "RECIPIENTS_ONLY", ["RECIPIENTS_ONLY", "RECIPIENTS_OR_AUDIENCE", "RECIPIENTS_OR_AUDIENCE_OR_PUBLIC"])],
});
