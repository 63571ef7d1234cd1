import { defineResourcePolicy, requireTrue } from "../lib/define";
import { T } from "../lib/aws/tokens";

const FIX = "set enableLogFileValidation: true on the aws.cloudtrail.Trail";

export default defineResourcePolicy(
  {
    name: "hipaa-aws-cloudtrail-log-file-validation",
    area: "aws",
    displayName: "CloudTrail log file validation",
    description: "CloudTrail trails sign their log files (log file integrity validation), so tampering with audit records is detectable.",
    severity: "medium",
    hipaa: ["164.312(b)", "164.312(c)(2)"],
    crossReferences: { awsConfig: ["CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED"], checkov: ["CKV_AWS_36"], prowler: ["cloudtrail_log_file_validation_enabled"] },
    checks: "Each aws.cloudtrail.Trail: enableLogFileValidation true (absent = false).",
    appliesTo: [T.trail],
    remediationSteps: FIX,
    previewUnknowns: ["enableLogFileValidation unknown"],
  },
  {
    validate(ctx) {
      requireTrue(ctx, "enableLogFileValidation", ctx.props.enableLogFileValidation, FIX);
    },
  },
);
