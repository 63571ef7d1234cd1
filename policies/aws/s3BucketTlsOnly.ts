import type { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../lib/define";
import { arnMatches, conditionValues, isWildcardPrincipal, parsePolicy, Statement, strings } from "../lib/iam";
import { bucketPolicies } from "../lib/aws/s3";
import { stackIndex } from "../lib/aws/stackIndex";
import { T } from "../lib/aws/tokens";
import { isUnknown } from "../lib/props";

const REQUIRED_TLS = 'a Deny statement for Principal "*", Action "s3:*", on the bucket\'s objects, with Condition Bool aws:SecureTransport "false"';
const REQUIRED_TLS12 = 'a Deny statement for Principal "*", Action "s3:*", on the bucket\'s objects, with Condition NumericLessThan s3:TlsVersion "1.2"';
const FIX =
  'declare aws.s3.BucketPolicy { bucket: bucket.id, policy } whose policy JSON includes {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucket.arn, bucket.arn + "/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}} and {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucket.arn, bucket.arn + "/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}';

function coversAllS3Actions(st: Statement): boolean {
  return strings(st.Action).some((a) => a === "*" || a.toLowerCase() === "s3:*");
}

/** The statement's Resource covers the bucket's objects (any object when the bucket name is not known yet). */
function coversObjects(st: Statement, bucketName: string | undefined): boolean {
  const resources = strings(st.Resource);
  if (bucketName === undefined) return resources.some((r) => r === "*" || r.endsWith("/*"));
  return resources.some((r) => r === "*" || arnMatches(r, `arn:aws:s3:::${bucketName}/any-object`));
}

function denies(st: Statement, bucketName: string | undefined): boolean {
  return st.Effect === "Deny" && isWildcardPrincipal(st.Principal) && coversAllS3Actions(st) && coversObjects(st, bucketName);
}

function deniesPlainHttp(st: Statement, bucketName: string | undefined): boolean {
  return denies(st, bucketName) && conditionValues(st.Condition, ["Bool", "BoolIfExists"], "aws:SecureTransport").some((v) => v === false || v === "false");
}

function deniesOldTls(st: Statement, bucketName: string | undefined): boolean {
  return (
    denies(st, bucketName) &&
    conditionValues(st.Condition, ["NumericLessThan", "NumericLessThanIfExists"], "s3:TlsVersion").some((v) => (typeof v === "number" || typeof v === "string") && Number(v) >= 1.2)
  );
}

export default defineStackPolicy(
  {
    name: "hipaa-aws-s3-bucket-tls-only",
    area: "aws",
    displayName: "S3 bucket policy denies non-TLS and TLS below 1.2",
    description: "Every bucket has a bucket policy that denies requests without TLS and with TLS older than 1.2.",
    severity: "high",
    hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"],
    crossReferences: { awsConfig: ["S3_BUCKET_SSL_REQUESTS_ONLY"], prowler: ["s3_bucket_secure_transport_policy"] },
    checks:
      "For every bucket: its aws.s3.BucketPolicy (else the inline policy) is parsed; it needs a Deny for Principal * and Action s3:* (or *) on the bucket's objects with Bool aws:SecureTransport false, and one with NumericLessThan s3:TlsVersion 1.2 (or higher).",
    appliesTo: [T.bucket, T.bucketV2, T.policy],
    remediationSteps: FIX,
    previewUnknowns: [
      "the policy document unknown during preview (typically because it embeds the bucket's ARN, which depends on the bucket): reported even when the policy depends on the bucket, because its statements cannot be read",
      "a bucket policy's bucket unknown and depending on no bucket of the stack, for a bucket with no other bucket policy",
    ],
  },
  (ctx) => {
    const index = stackIndex(ctx.resources);
    const both = `${REQUIRED_TLS}, and ${REQUIRED_TLS12}`;
    for (const entry of index.buckets) {
      const bucket = entry.resource;
      const name = typeof entry.props.bucket === "string" && !isUnknown(entry.props.bucket) ? entry.props.bucket : undefined;
      const docs = bucketPolicies(entry);
      if (docs.length === 0) {
        if (index.unresolved.policy.length > 0) ctx.reportUnknown(bucket, `the bucket of ${index.unresolved.policy.length} bucket policy(ies)`, both, FIX);
        else ctx.report(bucket, { property: "bucket policy", found: "missing", required: both, fix: FIX });
        continue;
      }
      for (const doc of docs) {
        const of: PolicyResource | undefined = doc.resource === bucket ? undefined : bucket;
        const parsed = parsePolicy(doc.value);
        if ("unknown" in parsed) {
          ctx.reportUnknown(doc.resource, doc.path, both, FIX, bucket);
          continue;
        }
        if ("error" in parsed) {
          ctx.report(doc.resource, { of, property: doc.path, found: doc.value === undefined ? "not set" : `${parsed.error} (document not shown)`, required: both, fix: FIX });
          continue;
        }
        if (!parsed.statements.some((st) => deniesPlainHttp(st, name))) {
          ctx.report(doc.resource, { of, property: doc.path, found: "a document with no such statement (not shown)", required: REQUIRED_TLS, fix: FIX });
        }
        if (!parsed.statements.some((st) => deniesOldTls(st, name))) {
          ctx.report(doc.resource, { of, property: doc.path, found: "a document with no such statement (not shown)", required: REQUIRED_TLS12, fix: FIX });
        }
      }
    }
  },
);
