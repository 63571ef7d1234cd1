import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

const FIX = "set isMultiRegionTrail: true (and includeGlobalServiceEvents: true) on the aws.cloudtrail.Trail";

export default defineResourcePolicy(
  {
    name: "hipaa-aws-cloudtrail-multi-region",
    area: "aws",
    displayName: "CloudTrail multi-region trail",
    description: "CloudTrail trails record activity in every region, so access from an unexpected region is not missed.",
    severity: "medium",
    hipaa: ["164.312(b)"],
    crossReferences: { checkov: ["CKV_AWS_67"] },
    checks: "Each aws.cloudtrail.Trail: isMultiRegionTrail true (absent = false).",
    appliesTo: [T.trail],
    remediationSteps: FIX,
    previewUnknowns: ["isMultiRegionTrail unknown"],
  },
  {
    validate(ctx) {
      const v = ctx.props.isMultiRegionTrail;
      if (isUnknown(v)) ctx.reportUnknown("isMultiRegionTrail", "true", FIX);
      else if (v !== true) ctx.report({ property: "isMultiRegionTrail", found: show(v), required: "true", fix: FIX });
    },
  },
);
