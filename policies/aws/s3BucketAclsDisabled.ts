import { defineStackPolicy } from "../lib/define";
import { Finding, show } from "../lib/format";
import { stackIndex, uncertainRole } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";
import { at, isUnknown } from "../lib/props";

const OWNERSHIP = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"];
const REQUIRED = 'rule.objectOwnership "BucketOwnerEnforced" (ACLs disabled)';
const FIX = 'declare aws.s3.BucketOwnershipControls { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }';

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-acls-disabled",
    area: "aws",
    displayName: "S3 ACLs disabled (bucket owner enforced)",
    description: "PHI buckets disable ACLs: object ownership is BucketOwnerEnforced, so access is decided by policies only.",
    severity: "medium",
    hipaa: ["164.312(a)(1)"],
    checks:
      "For every PHI bucket: an aws.s3.BucketOwnershipControls paired with it whose rule.objectOwnership is BucketOwnerEnforced. Server-access-log destinations are not held to it (the log-bucket baseline allows the legacy log-delivery ACL), though BucketOwnerEnforced with a bucket-policy grant to logging.s3.amazonaws.com is recommended there too.",
    appliesTo: [T.bucket, T.bucketV2, T.ownership],
    remediationSteps: FIX,
    previewUnknowns: [
      "objectOwnership unknown",
      "an ownership-controls resource's bucket unknown and depending on no bucket of the stack, for a bucket with no other ownership controls",
      "a PHI-only finding on a bucket while some BucketLogging's targetBucket is unknown and depends on no bucket (the bucket might be a server-access-log destination)",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      if (entry.role !== "phi") continue;
      const bucket = entry.resource;
      const uncertain = uncertainRole(index, entry);
      const report = (r: typeof bucket, f: Finding) => (uncertain ? ctx.reportUnknown(r, uncertain, f.required, f.fix, f.of) : ctx.report(r, f));
      const controls = entry.companions.ownership;
      if (controls.length === 0) {
        if (index.unresolved.ownership.length > 0) ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.ownership.length} ownership control(s)`, REQUIRED, FIX);
        else report(bucket, { property: "object ownership controls", found: "missing (ACLs stay enabled)", required: REQUIRED, fix: FIX });
        continue;
      }
      for (const c of controls) {
        const v = at(c.props, "rule", "objectOwnership");
        if (isUnknown(v)) ctx.reportUnknown(c.resource, "rule.objectOwnership", REQUIRED, FIX, bucket);
        else if (v !== "BucketOwnerEnforced") report(c.resource, { of: bucket, property: "rule.objectOwnership", found: show(v, OWNERSHIP), required: REQUIRED, fix: FIX });
      }
    }
  },
);
