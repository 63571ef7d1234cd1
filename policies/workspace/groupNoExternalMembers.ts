import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { isUnknown, plain } from "../lib/props";
import { W } from "../lib/workspace/tokens";

export default defineResourcePolicy(
  {
    name: "hipaa-workspace-group-no-external-members",
    area: "workspace",
    displayName: "Groups without external members",
    description: "Google groups admit no members from outside the organization.",
    severity: "high",
    hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"],
    crossReferences: { scuba: ["GWS.GROUPS.1.1v1"] },
    checks: "Each googleworkspace.GroupSettings: allowExternalMembers false (absent: the provider's default, false). Remediation sets it to false.",
    appliesTo: [W.groupSettings],
    remediationSteps: "set allowExternalMembers: false on the googleworkspace.GroupSettings (or set this policy to remediate)",
    previewUnknowns: ["allowExternalMembers unknown"],
  },
  {
    validate(ctx) {
      const value = ctx.props.allowExternalMembers;
      const fix = "set allowExternalMembers: false on this googleworkspace.GroupSettings";
      if (isUnknown(value)) ctx.reportUnknown("allowExternalMembers", "false", fix);
      else if (value !== undefined && value !== false) ctx.report({ property: "allowExternalMembers", found: show(value), required: "false", fix });
    },
    remediate(args) {
      const props = plain(args.props);
      if (props.allowExternalMembers === undefined || props.allowExternalMembers === false) return undefined;
      props.allowExternalMembers = false;
      return props;
    },
  },
);
