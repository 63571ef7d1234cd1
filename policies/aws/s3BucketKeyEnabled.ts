import { defineResourcePolicy, requireTrue } from "../lib/define";
import { T } from "../lib/aws/tokens";
import { Props, UNKNOWN, at, isRecord, isUnknown, list, plain } from "../lib/props";

interface RuleRef {
  path: string;
  rule: Record<string, unknown> | typeof UNKNOWN;
  algorithms: unknown[];
}

/** The SSE rules of a resource's inputs, in each form: companion (v7/V2), inline Bucket, inline BucketV2. */
function sseRules(type: string, props: Props): RuleRef[] {
  const out: RuleRef[] = [];
  const add = (path: string, rule: unknown, algorithms: unknown[]) => {
    if (isUnknown(rule)) out.push({ path, rule: UNKNOWN, algorithms: [UNKNOWN] });
    else if (isRecord(rule)) out.push({ path, rule, algorithms });
  };
  if (type === T.sse || type === T.sseV2) {
    const rules = list(at(props, "rules"));
    if (rules === UNKNOWN) add("rules", UNKNOWN, []);
    else rules.forEach((r, i) => add(`rules[${i}]`, r, [at(r, "applyServerSideEncryptionByDefault", "sseAlgorithm")]));
  } else if (type === T.bucket) {
    const rule = at(props, "serverSideEncryptionConfiguration", "rule");
    add("serverSideEncryptionConfiguration.rule", rule, [at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")]);
  } else if (type === T.bucketV2) {
    const confs = list(at(props, "serverSideEncryptionConfigurations"));
    if (confs === UNKNOWN) add("serverSideEncryptionConfigurations", UNKNOWN, []);
    else
      confs.forEach((c, i) => {
        const rules = list(at(c, "rules"));
        if (rules === UNKNOWN) return add(`serverSideEncryptionConfigurations[${i}].rules`, UNKNOWN, []);
        rules.forEach((r, j) => {
          const defs = list(at(r, "applyServerSideEncryptionByDefaults"));
          const algorithms = defs === UNKNOWN ? [UNKNOWN] : defs.map((d) => at(d, "sseAlgorithm"));
          add(`serverSideEncryptionConfigurations[${i}].rules[${j}]`, r, algorithms);
        });
        return undefined;
      });
  }
  return out;
}

const FIX = "set bucketKeyEnabled: true next to applyServerSideEncryptionByDefault in the SSE-KMS rule (or set this policy to remediate)";

export default defineResourcePolicy(
  {
    name: "hipaa-aws-s3-bucket-key-enabled",
    area: "aws",
    displayName: "S3 Bucket Key for SSE-KMS",
    description: "SSE-KMS default encryption rules enable the S3 Bucket Key (fewer KMS calls, lower cost and throttling risk).",
    severity: "low",
    enforcementLevel: "advisory",
    hipaa: ["164.312(a)(2)(iv)"],
    checks:
      "Each rule with sseAlgorithm aws:kms in a BucketServerSideEncryptionConfiguration(V2), or inline on Bucket/BucketV2, must set bucketKeyEnabled true (DSSE-KMS does not support Bucket Keys and is skipped). Remediation sets it.",
    appliesTo: [T.sse, T.sseV2, T.bucket, T.bucketV2],
    remediationSteps: FIX,
    previewUnknowns: ["sseAlgorithm aws:kms with bucketKeyEnabled unknown"],
  },
  {
    validate(ctx) {
      for (const ref of sseRules(ctx.type, ctx.props)) {
        if (ref.rule === UNKNOWN || !ref.algorithms.includes("aws:kms")) continue; // only an aws:kms rule is concerned
        requireTrue(ctx, `${ref.path}.bucketKeyEnabled`, ref.rule.bucketKeyEnabled, FIX);
      }
    },
    remediate(args) {
      const props = plain(args.props);
      let changed = false;
      for (const ref of sseRules(args.type, props)) {
        if (ref.rule === UNKNOWN || !ref.algorithms.includes("aws:kms") || ref.rule.bucketKeyEnabled === true) continue;
        ref.rule.bucketKeyEnabled = true;
        changed = true;
      }
      return changed ? props : undefined;
    },
  },
);
