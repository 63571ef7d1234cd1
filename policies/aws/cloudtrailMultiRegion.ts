import { defineResourcePolicy, requireTrue } from "../lib/define";
import { T } from "../lib/aws/tokens";

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
      requireTrue(ctx, "isMultiRegionTrail", ctx.props.isMultiRegionTrail, FIX);
    },
  },
);
