import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

const MODES = ["DISALLOWED", "ALLOWLISTED_DOMAINS", "ALLOWED"];

export default defineSettingControl<Pick<WorkspaceConfig, "allowedExternalDomains" | "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-drive-external-sharing",
    area: "workspace",
    displayName: "Drive sharing stays inside the organization",
    description:
      "Drive files of PHI org units cannot be shared outside the organization, except with the BAA partner domains of the pack config; no invitations to non-Google accounts; users are warned before sharing externally.",
    severity: "critical",
    hipaa: ["164.312(a)(1)", "164.312(e)(1)", "164.314(a)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.1.1v1", "GWS.DRIVEDOCS.1.3v1", "GWS.DRIVEDOCS.1.4v1"], cis: ["3.1.2.1.1.3"] },
    checks:
      "settings/drive_and_docs.external_sharing in effect on every PHI OU (fail closed: all but the pack config's exemptOrgUnits): externalSharingMode DISALLOWED, or ALLOWLISTED_DOMAINS when the pack config names allowedExternalDomains (the allowlist itself is an Admin console setting the Policy API does not expose); allowNonGoogleInvites false; warnForExternalSharing true. A PHI OU inheriting an exempt parent's sharing is reported. Google's default (ALLOWED) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps:
      'declare the "settings/drive_and_docs.external_sharing" policy with externalSharingMode "DISALLOWED" (or "ALLOWLISTED_DOMAINS" with BAA partners), allowNonGoogleInvites false, warnForExternalSharing true; in the workspace stack, remove externalSharingMode overrides from PHI OUs',
    configSchema: {
      properties: { allowedExternalDomains: workspaceConfigProperties.allowedExternalDomains, exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits },
    },
  },
  settingType: "drive_and_docs.external_sharing",
  scope: "phi",
  mustBeInEffect: true,
  rules: [
    {
      field: "externalSharingMode",
      vocabulary: MODES,
      required: (_ctx, config) => (config.allowedExternalDomains.length > 0 ? '"DISALLOWED" or "ALLOWLISTED_DOMAINS"' : '"DISALLOWED" (the pack config names no BAA partner domains)'),
      ok: (value, _ctx, config) => value === "DISALLOWED" || (value === "ALLOWLISTED_DOMAINS" && config.allowedExternalDomains.length > 0),
    },
    equals("allowNonGoogleInvites", false),
    equals("warnForExternalSharing", true),
  ],
});
