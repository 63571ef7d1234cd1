import { configProperties } from "../lib/config";
import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { T } from "../lib/aws/tokens";
import { isUnknown, plain } from "../lib/props";

export interface RotationConfig {
  maxKeyRotationDays: number;
}

const AWS_DEFAULT_PERIOD = 365;

/** Rotation exists only for symmetric encryption keys; asymmetric and HMAC keys cannot rotate. */
function rotatable(props: Record<string, unknown>): boolean {
  const spec = props.customerMasterKeySpec;
  const usage = props.keyUsage;
  return (spec === undefined || spec === "SYMMETRIC_DEFAULT" || isUnknown(spec)) && (usage === undefined || usage === "ENCRYPT_DECRYPT" || isUnknown(usage));
}

export default defineResourcePolicy<RotationConfig>(
  {
    name: "hipaa-aws-kms-key-rotation",
    area: "aws",
    displayName: "KMS key rotation",
    description: "Customer-managed KMS keys rotate automatically, at least every maxKeyRotationDays.",
    severity: "medium",
    hipaa: ["164.312(a)(2)(iv)"],
    crossReferences: { checkov: ["CKV_AWS_7"], prowler: ["kms_cmk_rotation_enabled"] },
    checks:
      "Each aws.kms.Key (symmetric encryption keys; asymmetric and HMAC keys cannot rotate): enableKeyRotation true and rotationPeriodInDays (absent = AWS default 365) at most maxKeyRotationDays. Remediation turns rotation on and lowers the period to the maximum.",
    appliesTo: [T.kmsKey],
    remediationSteps: "set enableKeyRotation: true and rotationPeriodInDays: 365 (or less) on the aws.kms.Key (or set this policy to remediate)",
    configSchema: { properties: { maxKeyRotationDays: configProperties.maxKeyRotationDays } },
    previewUnknowns: ["enableKeyRotation or rotationPeriodInDays unknown"],
  },
  {
    validate(ctx) {
      const max = ctx.config.maxKeyRotationDays;
      const p = ctx.props;
      if (!rotatable(p)) return;
      const fix = `set enableKeyRotation: true and rotationPeriodInDays: ${Math.min(max, AWS_DEFAULT_PERIOD)} on this aws.kms.Key`;
      if (isUnknown(p.enableKeyRotation)) ctx.reportUnknown("enableKeyRotation", "true", fix);
      else if (p.enableKeyRotation !== true) ctx.report({ property: "enableKeyRotation", found: show(p.enableKeyRotation), required: "true", fix });
      const period = p.rotationPeriodInDays ?? AWS_DEFAULT_PERIOD;
      const required = `at most ${max} days`;
      if (isUnknown(period)) ctx.reportUnknown("rotationPeriodInDays", required, fix);
      else if (typeof period !== "number" || period > max) {
        const found = p.rotationPeriodInDays === undefined ? `not set (AWS default ${AWS_DEFAULT_PERIOD} days)` : `${show(period)} days`;
        ctx.report({ property: "rotationPeriodInDays", found, required, fix });
      }
    },
    remediate(args, config) {
      const props = plain(args.props);
      if (!rotatable(props)) return undefined;
      let changed = false;
      if (props.enableKeyRotation !== true) {
        props.enableKeyRotation = true;
        changed = true;
      }
      const period = props.rotationPeriodInDays ?? AWS_DEFAULT_PERIOD;
      if (!isUnknown(period) && (typeof period !== "number" || period > config.maxKeyRotationDays)) {
        props.rotationPeriodInDays = config.maxKeyRotationDays;
        changed = true;
      }
      return changed ? props : undefined;
    },
  },
);
