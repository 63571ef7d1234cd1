import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { atMostSeconds } from "./rules";

export default defineSettingControl<Pick<WorkspaceConfig, "maxWebSessionHours">>({
  meta: {
    name: "hipaa-workspace-session-length",
    area: "workspace",
    displayName: "Web sessions of at most 12 hours",
    description: "Web sessions end after at most maxWebSessionHours (default 12), so an unattended session does not stay open.",
    severity: "medium",
    hipaa: ["164.312(a)(2)(iii)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.4.1v1"] },
    checks: "settings/security.session_controls in effect on every OU with webSessionDuration at most maxWebSessionHours; Google's default (14 days) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps: 'declare the "settings/security.session_controls" policy with webSessionDuration "43200s" (12 hours) or less; in the workspace stack, webSessionHours 12 or less',
    configSchema: { properties: { maxWebSessionHours: workspaceConfigProperties.maxWebSessionHours } },
  },
  settingType: "security.session_controls",
  scope: "all",
  mustBeInEffect: true,
  rules: [atMostSeconds("webSessionDuration", (c) => c.maxWebSessionHours, { name: "hours", seconds: 3600 })],
});
