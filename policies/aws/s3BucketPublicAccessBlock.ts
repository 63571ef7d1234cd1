import { defineStackPolicy } from "../lib/define";
import { PUBLIC_ACCESS_CROSS_REFERENCES } from "../lib/aws/crossReferences";
import { stackIndex } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";

const REQUIRED = "an aws.s3.BucketPublicAccessBlock for the bucket";
const FIX =
  "declare aws.s3.BucketPublicAccessBlock { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }";

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-public-access-block",
    area: "aws",
    displayName: "S3 bucket has a public access block",
    description: "Every bucket has its own public access block (its four flags are checked by hipaa-aws-s3-public-access-block-flags).",
    severity: "high",
    hipaa: ["164.312(a)(1)"],
    crossReferences: PUBLIC_ACCESS_CROSS_REFERENCES,
    checks: "For every bucket (Bucket, BucketV2): some aws.s3.BucketPublicAccessBlock is paired with it (by its bucket property dependency, or a literal bucket name).",
    appliesTo: [T.bucket, T.bucketV2, T.publicAccessBlock],
    remediationSteps: FIX,
    previewUnknowns: ["a public access block's bucket unknown and depending on no bucket of the stack, for a bucket with no other public access block"],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      if (entry.companions.publicAccessBlock.length > 0) continue;
      if (index.unresolved.publicAccessBlock.length > 0) {
        ctx.reportUnknown(entry.resource, `the bucket of ${index.unresolved.publicAccessBlock.length} public access block(s)`, REQUIRED, FIX);
      } else {
        ctx.report(entry.resource, { property: "public access block", found: "missing", required: REQUIRED, fix: FIX });
      }
    }
  },
);
