import { defineStackPolicy } from "../lib/define";
import { Finding as BaseFinding, show } from "../lib/format";
import { customerManagedKey } from "../lib/aws/keys";
import { encryptionRules, isUnknownPart } from "../lib/aws/s3";
import { stackIndex, uncertainRole } from "../lib/aws/stackIndex";
import { COMPANION_TYPES, T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

/** A finding that only holds because the bucket is held to the PHI baseline. */
type Finding = BaseFinding & { phiOnly?: boolean };

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"] as const;
const KMS = ["aws:kms", "aws:kms:dsse"];
const REQUIRED_PHI = 'sseAlgorithm "aws:kms" or "aws:kms:dsse" with kmsMasterKeyId from a customer-managed aws.kms.Key (PHI bucket)';
const REQUIRED_LOG = 'a default encryption rule, sseAlgorithm "AES256", "aws:kms" or "aws:kms:dsse" (server-access-log destination)';
const FIX_PHI =
  'declare aws.s3.BucketServerSideEncryptionConfiguration { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] } with key an aws.kms.Key of this stack';
const FIX_LOG =
  'declare aws.s3.BucketServerSideEncryptionConfiguration { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } (S3 delivers server access logs only to SSE-S3 buckets)';

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-sse-kms",
    area: "aws",
    displayName: "S3 default encryption with a customer-managed KMS key",
    description: "PHI buckets encrypt by default with SSE-KMS under a customer-managed key; server-access-log buckets have default encryption.",
    severity: "high",
    hipaa: ["164.312(a)(2)(iv)"],
    crossReferences: {
      awsConfig: ["S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "S3_DEFAULT_ENCRYPTION_KMS"],
      checkov: ["CKV_AWS_145"],
    },
    checks:
      "For every bucket (Bucket, BucketV2): its BucketServerSideEncryptionConfiguration(V2), else its inline serverSideEncryptionConfiguration(s). PHI buckets need sseAlgorithm aws:kms or aws:kms:dsse and a kmsMasterKeyId that depends on an aws.kms.Key of the stack or is a literal key ARN / customer alias (never alias/aws/*). Server-access-log destinations accept any default encryption (AES256 included).",
    appliesTo: [T.bucket, T.bucketV2, ...COMPANION_TYPES.encryption],
    remediationSteps: FIX_PHI,
    previewUnknowns: [
      "sseAlgorithm, or a whole rule, unknown",
      "kmsMasterKeyId unknown and not depending on an aws.kms Key/Alias of the stack",
      "the encryption configuration's bucket unknown and depending on no bucket of the stack, for a bucket with no other encryption configuration",
      "a bucket with no encryption companion whose inline serverSideEncryptionConfiguration is unknown (declared from another resource's output; an unknown with no property dependency is the provider's computed output of a new bucket and reads as not declared)",
      "a PHI-only finding on a bucket while some BucketLogging's targetBucket is unknown and depends on no bucket (the bucket might be a server-access-log destination)",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    for (const entry of index.buckets) {
      const bucket = entry.resource;
      const phi = entry.role === "phi";
      const required = phi ? REQUIRED_PHI : REQUIRED_LOG;
      const fix = phi ? FIX_PHI : FIX_LOG;
      const uncertain = uncertainRole(index, entry);
      // A PHI-only failure on a bucket that might be a log destination cannot be settled during preview.
      const phiReport = (r: typeof bucket, finding: Finding) =>
        uncertain && finding.phiOnly ? ctx.reportUnknown(r, uncertain, finding.required, finding.fix, finding.of) : ctx.report(r, finding);
      const { parts, rules } = encryptionRules(entry);
      if (parts.length === 0) {
        if (index.unresolved.encryption.length > 0) {
          ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.encryption.length} encryption configuration(s)`, required, fix);
        } else {
          ctx.report(bucket, { property: "default encryption", found: "not configured (no BucketServerSideEncryptionConfiguration, no inline configuration)", required, fix });
        }
        continue;
      }
      if (rules.length === 0) {
        ctx.report(parts[0].resource, { of: bucket, property: "rules", found: "empty", required, fix });
        continue;
      }
      for (const rule of rules) {
        if (isUnknownPart(rule)) {
          ctx.reportUnknown(rule.resource, rule.path, required, fix, bucket);
          continue;
        }
        const alg = rule.algorithm.value;
        if (isUnknown(alg)) {
          ctx.reportUnknown(rule.resource, rule.algorithm.path, required, fix, bucket);
          continue;
        }
        const allowed: readonly string[] = phi ? KMS : ALGORITHMS;
        if (typeof alg !== "string" || !allowed.includes(alg)) {
          const phiOnly = typeof alg === "string" && ALGORITHMS.includes(alg as (typeof ALGORITHMS)[number]);
          phiReport(rule.resource, { of: bucket, property: rule.algorithm.path, found: show(alg, ALGORITHMS), required, fix, phiOnly });
          continue;
        }
        if (!phi) continue;
        const topProp = rule.keyId.path.split(/[.[]/)[0];
        const verdict = customerManagedKey(rule.resource, topProp, rule.keyId.value);
        if ("unknown" in verdict) ctx.reportUnknown(rule.resource, rule.keyId.path, required, fix, bucket);
        else if (!verdict.ok) phiReport(rule.resource, { of: bucket, property: rule.keyId.path, found: verdict.found, required, fix, phiOnly: true });
      }
    }
  },
);
