import { defineStackPolicy } from "../lib/define";
import { accessLogging } from "../lib/aws/s3";
import { stackIndex, uncertainRole } from "../lib/aws/stackIndex";
import { COMPANION_TYPES, T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

const REQUIRED = "server access logging to a log bucket (PHI bucket)";
const FIX = 'declare aws.s3.BucketLogging { bucket: bucket.id, targetBucket: logBucket.bucket, targetPrefix: "<bucket>/" }';

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-access-logging",
    area: "aws",
    displayName: "S3 server access logging on PHI buckets",
    description: "Every PHI bucket records server access logs to a log bucket.",
    severity: "medium",
    hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"],
    crossReferences: { awsConfig: ["S3_BUCKET_LOGGING_ENABLED"], checkov: ["CKV_AWS_18"], prowler: ["s3_bucket_server_access_logging_enabled"] },
    checks:
      "For every PHI bucket (buckets that are not themselves server-access-log destinations): an aws.s3.BucketLogging(V2) paired with it, else an inline logging (Bucket) / loggings (BucketV2) with a targetBucket.",
    appliesTo: [T.bucket, T.bucketV2, ...COMPANION_TYPES.logging],
    remediationSteps: FIX,
    previewUnknowns: [
      "a BucketLogging's bucket unknown and depending on no bucket of the stack, for a bucket with no other logging",
      "a bucket with no BucketLogging whose inline logging is unknown (declared from another resource's output; an unknown with no property dependency is the provider's computed output of a new bucket and reads as not declared)",
      "a PHI-only finding on a bucket while some BucketLogging's targetBucket is unknown and depends on no bucket (the bucket might be a server-access-log destination)",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      if (entry.role !== "phi") continue;
      const bucket = entry.resource;
      const configs = accessLogging(entry);
      if (configs.length === 0) {
        if (index.unresolved.logging.length > 0) ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.logging.length} logging configuration(s)`, REQUIRED, FIX);
        else if (uncertainRole(index, entry)) ctx.reportUnknown(bucket, uncertainRole(index, entry)!, REQUIRED, FIX);
        else ctx.report(bucket, { property: "server access logging", found: "not configured (no BucketLogging, no inline logging)", required: REQUIRED, fix: FIX });
        continue;
      }
      for (const c of configs) {
        if (c.resource !== bucket) continue; // a paired BucketLogging is logging, whatever its (possibly unknown) target
        if (isUnknown(c.value)) ctx.reportUnknown(bucket, c.path, REQUIRED, FIX);
      }
    }
  },
);
