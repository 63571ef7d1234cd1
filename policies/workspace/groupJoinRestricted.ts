import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { isUnknown } from "../lib/props";
import { W } from "../lib/workspace/tokens";

const JOIN_MODES = ["ANYONE_CAN_JOIN", "ALL_IN_DOMAIN_CAN_JOIN", "INVITED_CAN_JOIN", "CAN_REQUEST_TO_JOIN"];

export default defineResourcePolicy(
  {
    name: "hipaa-workspace-group-join-restricted",
    area: "workspace",
    displayName: "Groups not open to anyone to join",
    description: "Nobody can join a Google group on their own from outside the organization.",
    severity: "high",
    hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"],
    crossReferences: { scuba: ["GWS.GROUPS.1.1v1"] },
    checks: "Each googleworkspace.GroupSettings: whoCanJoin is not ANYONE_CAN_JOIN (absent: the provider's default, CAN_REQUEST_TO_JOIN).",
    appliesTo: [W.groupSettings],
    remediationSteps: 'set whoCanJoin: "INVITED_CAN_JOIN" on the googleworkspace.GroupSettings',
    previewUnknowns: ["whoCanJoin unknown"],
  },
  {
    validate(ctx) {
      const value = ctx.props.whoCanJoin;
      const fix = 'set whoCanJoin: "INVITED_CAN_JOIN" on this googleworkspace.GroupSettings';
      const required = `one of ${JOIN_MODES.filter((m) => m !== "ANYONE_CAN_JOIN").join(", ")}`;
      if (isUnknown(value)) ctx.reportUnknown("whoCanJoin", required, fix);
      else if (value !== undefined && (typeof value !== "string" || !JOIN_MODES.includes(value) || value === "ANYONE_CAN_JOIN")) {
        ctx.report({ property: "whoCanJoin", found: show(value, JOIN_MODES), required, fix });
      }
    },
  },
);
