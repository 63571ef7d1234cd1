import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";

/** Google documents PRIVATE_TO_OWNER; some read paths spell the same choice LINK_SHARING_PRIVATE. */
const PRIVATE = ["PRIVATE_TO_OWNER", "LINK_SHARING_PRIVATE"];

export default defineSettingControl<Pick<WorkspaceConfig, "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-drive-default-private",
    area: "workspace",
    displayName: "New Drive files private to their owner",
    description: "New files in PHI org units start private to their owner.",
    severity: "high",
    hipaa: ["164.312(a)(1)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.1.8v1"] },
    checks: "settings/drive_and_docs.general_access_default in effect on every PHI OU with defaultFileAccess PRIVATE_TO_OWNER; Google's default (the primary audience with the link) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'declare the "settings/drive_and_docs.general_access_default" policy with defaultFileAccess "PRIVATE_TO_OWNER"',
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
  },
  settingType: "drive_and_docs.general_access_default",
  scope: "phi",
  mustBeInEffect: true,
  rules: [
    {
      field: "defaultFileAccess",
      vocabulary: [...PRIVATE, "PRIMARY_AUDIENCE_WITH_LINK", "PRIMARY_AUDIENCE_WITH_LINK_OR_SEARCH"],
      required: () => '"PRIVATE_TO_OWNER"',
      ok: (value) => typeof value === "string" && PRIVATE.includes(value),
    },
  ],
});
