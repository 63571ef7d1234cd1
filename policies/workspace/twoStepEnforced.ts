import { defineSettingControl } from "../lib/workspace/settingControl";

/** enforcedFrom of 1970-01-01T00:00:00Z means "not enforced"; a future date means "scheduled". */
function enforcedNow(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && at > 0 && at <= Date.now();
}

export default defineSettingControl({
  meta: {
    name: "hipaa-workspace-2sv-enforced",
    area: "workspace",
    displayName: "2-Step Verification enforced",
    description: "2-Step Verification is enforced for every org unit, directly or inherited from its nearest declared ancestor.",
    severity: "critical",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.1.1v1", "GWS.COMMONCONTROLS.1.2v1"], cis: ["4.1.1.1", "4.1.1.3"] },
    checks:
      "settings/security.two_step_verification_enforcement in effect on the root and every declared OU (own policy, else nearest declared ancestor's, else the root's) with enforcedFrom in the past; 1970-01-01T00:00:00Z (not enforced) or a future date fails. Group-scoped policies too.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps:
      'declare gcp.cloudidentity.Policy { policyQuery: { orgUnit }, setting: { type: "settings/security.two_step_verification_enforcement", valueJson: JSON.stringify({ enforcedFrom: "<a past timestamp>" }) } } (imported, as a read-only setting) and enforce 2SV in the Admin console',
  },
  settingType: "security.two_step_verification_enforcement",
  scope: "all",
  mustBeInEffect: true,
  rules: [{ field: "enforcedFrom", required: () => "a timestamp in the past (1970-01-01T00:00:00Z means not enforced)", ok: enforcedNow }],
});
