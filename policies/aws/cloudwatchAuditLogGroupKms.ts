import { defineStackPolicy } from "../lib/define";
import { customerManagedKey } from "../lib/aws/keys";
import { declaredOutput, stackIndex } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";
import { plain } from "../lib/props";

const REQUIRED = "kmsKeyId from a customer-managed aws.kms.Key (or a literal key ARN)";
const FIX =
  "set kmsKeyId: key.arn on the aws.cloudwatch.LogGroup, with a key policy statement for logs.<region>.amazonaws.com conditioned on kms:EncryptionContext:aws:logs:arn";

export default defineStackPolicy(
  {
    name: "hipaa-aws-cloudwatch-audit-log-group-kms",
    area: "aws",
    displayName: "CloudTrail log group encrypted with KMS",
    description: "CloudWatch log groups that receive CloudTrail audit logs are encrypted with a customer-managed KMS key.",
    severity: "high",
    hipaa: ["164.312(a)(2)(iv)", "164.312(b)"],
    crossReferences: { checkov: ["CKV_AWS_158"] },
    checks:
      "Each aws.cloudwatch.LogGroup that a Trail's cloudWatchLogsGroupArn depends on (or names literally): kmsKeyId depends on an aws.kms Key/Alias of the stack or is a literal key ARN. A trail whose cloudWatchLogsGroupArn is unknown and depends on no log group is reported as unverifiable.",
    appliesTo: [T.logGroup, T.trail],
    remediationSteps: FIX,
    previewUnknowns: [
      "the log group's kmsKeyId unknown, declared from the output of a resource that is not an aws.kms Key/Alias (an unknown without any dependency reads as not set)",
      "a trail's cloudWatchLogsGroupArn unknown and depending on no log group of the stack",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const { group } of index.auditLogGroups.values()) {
      const value = declaredOutput(group, plain(group.props), "kmsKeyId");
      const verdict = customerManagedKey(group, "kmsKeyId", value);
      if ("unknown" in verdict) ctx.reportUnknown(group, "kmsKeyId", REQUIRED, FIX);
      else if (!verdict.ok) {
        const found = value === undefined || value === null || value === "" ? "not set (CloudWatch Logs default encryption only)" : verdict.found;
        ctx.report(group, { property: "kmsKeyId", found, required: REQUIRED, fix: FIX });
      }
    }
    for (const trail of index.unresolvedAuditLogGroups) {
      ctx.reportUnknown(trail, "cloudWatchLogsGroupArn", `the audit log group to have ${REQUIRED}`, "set cloudWatchLogsGroupArn from an aws.cloudwatch.LogGroup of this stack: pulumi.interpolate`${logGroup.arn}:*`");
    }
  },
);
