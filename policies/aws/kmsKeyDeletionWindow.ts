import { configProperties } from "../lib/config";
import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

export interface DeletionWindowConfig {
  minKeyDeletionWindowDays: number;
}

export default defineResourcePolicy<DeletionWindowConfig>(
  {
    name: "hipaa-aws-kms-key-deletion-window",
    area: "aws",
    displayName: "KMS key deletion window",
    description: "KMS keys keep a deletion waiting period of at least minKeyDeletionWindowDays, so a mistaken deletion can be cancelled before data becomes unreadable.",
    severity: "medium",
    hipaa: ["164.312(a)(2)(iv)", "164.308(a)(7)(ii)(A)"],
    crossReferences: { awsConfig: ["KMS_CMK_NOT_SCHEDULED_FOR_DELETION"] },
    checks: "Each aws.kms Key, ReplicaKey, ExternalKey, ReplicaExternalKey: deletionWindowInDays (absent = AWS default 30) at least minKeyDeletionWindowDays.",
    appliesTo: [T.kmsKey, T.kmsReplicaKey, T.kmsExternalKey, T.kmsReplicaExternalKey],
    remediationSteps: "set deletionWindowInDays: 30 on the key (or remove it: AWS defaults to 30)",
    configSchema: { properties: { minKeyDeletionWindowDays: configProperties.minKeyDeletionWindowDays } },
    previewUnknowns: ["deletionWindowInDays unknown"],
  },
  {
    validate(ctx) {
      const min = ctx.config.minKeyDeletionWindowDays;
      const v = ctx.props.deletionWindowInDays;
      const required = `at least ${min} days`;
      const fix = "set deletionWindowInDays: 30 on this key (or remove it: AWS defaults to 30)";
      if (isUnknown(v)) ctx.reportUnknown("deletionWindowInDays", required, fix);
      else if (v !== undefined && v !== null && (typeof v !== "number" || v < min)) {
        ctx.report({ property: "deletionWindowInDays", found: `${show(v)} days`, required, fix });
      }
    },
  },
);
