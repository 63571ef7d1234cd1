import { defineStackPolicy } from "../lib/define";
import { customerManagedKey } from "../lib/aws/keys";
import { declaredOutput, stackIndex } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";
import { plain } from "../lib/props";

const REQUIRED = "kmsKeyId from a customer-managed aws.kms.Key (or a literal key ARN)";
const FIX = "set kmsKeyId: key.arn on the aws.cloudtrail.Trail, with a key policy that lets cloudtrail.amazonaws.com use kms:GenerateDataKey* for this trail";

export default defineStackPolicy(
  {
    name: "hipaa-aws-cloudtrail-kms-encryption",
    area: "aws",
    displayName: "CloudTrail log files encrypted with KMS",
    description: "CloudTrail trails encrypt their log files with a customer-managed KMS key (SSE-KMS).",
    severity: "high",
    hipaa: ["164.312(a)(2)(iv)", "164.312(b)"],
    crossReferences: { awsConfig: ["CLOUD_TRAIL_ENCRYPTION_ENABLED"], checkov: ["CKV_AWS_35"], prowler: ["cloudtrail_kms_encryption_enabled"] },
    checks: "Each aws.cloudtrail.Trail: kmsKeyId depends on an aws.kms Key/Alias of the stack, or is a literal key ARN or customer alias (never alias/aws/*, never absent).",
    appliesTo: [T.trail],
    remediationSteps: FIX,
    previewUnknowns: ["kmsKeyId unknown, declared from the output of a resource that is not an aws.kms Key/Alias (an unknown without any dependency is an undeclared, provider-computed value and reads as not set)"],
  },
  (ctx) => {
    for (const trail of stackIndex(ctx.resources).trails) {
      const value = declaredOutput(trail, plain(trail.props), "kmsKeyId");
      const verdict = customerManagedKey(trail, "kmsKeyId", value);
      if ("unknown" in verdict) ctx.reportUnknown(trail, "kmsKeyId", REQUIRED, FIX);
      else if (!verdict.ok) {
        const found = value === undefined || value === null || value === "" ? "not set (log files get SSE-S3 only)" : verdict.found;
        ctx.report(trail, { property: "kmsKeyId", found, required: REQUIRED, fix: FIX });
      }
    }
  },
);
