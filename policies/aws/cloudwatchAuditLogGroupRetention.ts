import { configProperties } from "../lib/config";
import { defineStackPolicy } from "../lib/define";
import { show } from "../lib/format";
import { stackIndex } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";
import { at, isUnknown, plain } from "../lib/props";

export interface LogRetentionConfig {
  minRetentionDays: number;
}

export default defineStackPolicy<LogRetentionConfig>(
  {
    name: "hipaa-aws-cloudwatch-audit-log-group-retention",
    area: "aws",
    displayName: "CloudTrail log group kept for the retention period",
    description: "CloudWatch log groups that receive CloudTrail audit logs keep them at least the retention period (or forever).",
    severity: "high",
    hipaa: ["164.316(b)(2)(i)", "164.312(b)"],
    crossReferences: { checkov: ["CKV_AWS_338"] },
    checks:
      "Each aws.cloudwatch.LogGroup a Trail's cloudWatchLogsGroupArn depends on: retentionInDays absent or 0 (never expire), or at least minRetentionDays (CloudWatch accepts 2192 for 6 years).",
    appliesTo: [T.logGroup, T.trail],
    remediationSteps: "set retentionInDays: 2192 (or 0 for never) on the aws.cloudwatch.LogGroup",
    configSchema: { properties: { minRetentionDays: configProperties.minRetentionDays } },
    previewUnknowns: ["retentionInDays unknown", "a trail's cloudWatchLogsGroupArn unknown and depending on no log group of the stack"],
  },
  (ctx) => {
    const min = ctx.config.minRetentionDays;
    const required = `0 (never expire) or at least ${min} days`;
    const fix = `set retentionInDays: ${min === 2192 ? 2192 : `a CloudWatch retention value >= ${min}`} (or 0 for never) on this aws.cloudwatch.LogGroup`;
    const index = stackIndex(ctx.resources);
    for (const { group } of index.auditLogGroups.values()) {
      const v = at(plain(group.props), "retentionInDays");
      if (isUnknown(v)) ctx.reportUnknown(group, "retentionInDays", required, fix);
      else if (v !== undefined && v !== null && v !== 0 && (typeof v !== "number" || v < min)) {
        ctx.report(group, { property: "retentionInDays", found: `${show(v)} days`, required, fix });
      }
    }
    for (const trail of index.unresolvedAuditLogGroups) {
      ctx.reportUnknown(trail, "cloudWatchLogsGroupArn", `the audit log group to keep logs ${required}`, "set cloudWatchLogsGroupArn from an aws.cloudwatch.LogGroup of this stack: pulumi.interpolate`${logGroup.arn}:*`");
    }
  },
);
