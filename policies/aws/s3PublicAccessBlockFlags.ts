import { defineResourcePolicy, requireTrue } from "../lib/define";
import { PUBLIC_ACCESS_CROSS_REFERENCES } from "../lib/aws/crossReferences";
import { T } from "../lib/aws/tokens";
import { plain } from "../lib/props";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export default defineResourcePolicy(
  {
    name: "hipaa-aws-s3-public-access-block-flags",
    area: "aws",
    displayName: "S3 public access block: all four flags",
    description: "Every S3 public access block sets blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    severity: "high",
    hipaa: ["164.312(a)(1)"],
    crossReferences: PUBLIC_ACCESS_CROSS_REFERENCES,
    checks: "Each aws.s3.BucketPublicAccessBlock input: the four flags must be true (absent means false). Remediation sets them.",
    appliesTo: [T.publicAccessBlock],
    remediationSteps: "set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock (or set this policy to remediate).",
    previewUnknowns: ["a flag whose value is unknown"],
  },
  {
    validate(ctx) {
      for (const flag of FLAGS) {
        requireTrue(ctx, flag, ctx.props[flag], `set ${flag}: true on this aws.s3.BucketPublicAccessBlock`);
      }
    },
    remediate(args) {
      // The proxy's target: reads do not throw on unknowns, writes keep secretness (@pulumi/policy secretsPreservingProxy).
      const props = plain(args.props);
      let changed = false;
      for (const flag of FLAGS) {
        if (props[flag] !== true) {
          props[flag] = true;
          changed = true;
        }
      }
      return changed ? props : undefined;
    },
  },
);
