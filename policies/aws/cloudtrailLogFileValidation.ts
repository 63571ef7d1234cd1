import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

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
      const v = ctx.props.enableLogFileValidation;
      if (isUnknown(v)) ctx.reportUnknown("enableLogFileValidation", "true", FIX);
      else if (v !== true) ctx.report({ property: "enableLogFileValidation", found: show(v), required: "true", fix: FIX });
    },
  },
);
