import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Statement, policyDocument, tlsOnlyStatements } from "./policyDocuments";

/**
 * The protections every bucket of the archive shares, whatever it holds: versioning, all four public access
 * blocks, and ACLs disabled (bucket owner enforced).
 */
export function applyBucketBaseline(name: string, bucket: aws.s3.Bucket, region: string, parent: pulumi.Resource) {
  const opts = { parent };
  const versioning = new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { region, bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    { region, bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    opts,
  );
  const ownership = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { region, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opts,
  );
  return { versioning, publicAccessBlock, ownership };
}

/** The bucket policy: TLS-only for everyone, plus the statements this bucket needs. */
export function tlsOnlyBucketPolicy(
  name: string,
  bucket: aws.s3.Bucket,
  bucketArn: string,
  region: string,
  statements: Statement[],
  opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
  return new aws.s3.BucketPolicy(
    `${name}-policy`,
    { region, bucket: bucket.id, policy: policyDocument([...tlsOnlyStatements(bucketArn), ...statements]) },
    opts,
  );
}
