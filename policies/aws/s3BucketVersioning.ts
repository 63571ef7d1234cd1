import { defineStackPolicy } from "../lib/define";
import { show } from "../lib/format";
import { versioningStatus } from "../lib/aws/s3";
import { stackIndex } from "../lib/aws/stackIndex";
import { COMPANION_TYPES, T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

const REQUIRED = 'versioning status "Enabled"';
const FIX = 'declare aws.s3.BucketVersioning { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }';

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-versioning",
    area: "aws",
    displayName: "S3 bucket versioning enabled",
    description: "Every bucket keeps prior versions of its objects (versioning enabled).",
    severity: "high",
    hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"],
    crossReferences: { awsConfig: ["S3_BUCKET_VERSIONING_ENABLED"], checkov: ["CKV_AWS_21"], prowler: ["s3_bucket_object_versioning"] },
    checks:
      "For every bucket (PHI and log destinations): its BucketVersioning(V2) versioningConfiguration.status, else its inline versioning.enabled (Bucket) / versionings[0].enabled (BucketV2), must be Enabled.",
    appliesTo: [T.bucket, T.bucketV2, ...COMPANION_TYPES.versioning],
    remediationSteps: FIX,
    previewUnknowns: [
      "versioningConfiguration.status (or inline enabled) unknown",
      "a versioning configuration's bucket unknown and depending on no bucket of the stack, for a bucket with no other versioning configuration",
      "a bucket with no versioning companion whose inline versioning is unknown (declared from another resource's output; an unknown with no property dependency is the provider's computed output of a new bucket and reads as not declared)",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      const bucket = entry.resource;
      const statuses = versioningStatus(entry);
      if (statuses.length === 0) {
        if (index.unresolved.versioning.length > 0) {
          ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.versioning.length} versioning configuration(s)`, REQUIRED, FIX);
        } else {
          ctx.report(bucket, { property: "versioning", found: "not configured (no BucketVersioning, no inline versioning)", required: REQUIRED, fix: FIX });
        }
        continue;
      }
      for (const s of statuses) {
        if (isUnknown(s.value)) ctx.reportUnknown(s.resource, s.path, REQUIRED, FIX, bucket);
        else if (s.value !== "Enabled") {
          ctx.report(s.resource, { of: bucket, property: s.path, found: show(s.value, ["Enabled", "Suspended", "Disabled"]), required: REQUIRED, fix: FIX });
        }
      }
    }
  },
);
