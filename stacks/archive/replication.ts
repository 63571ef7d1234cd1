import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./policyDocuments";

interface ReplicatedBucket {
  bucket: aws.s3.Bucket;
  versioning: aws.s3.BucketVersioning;
  keyArn: pulumi.Input<string>;
}

export interface ReplicationArgs {
  region: string;
  source: ReplicatedBucket;
  destination: ReplicatedBucket;
}

/**
 * Cross-region replication of every object, KMS-encrypted ones included (re-encrypted with the replica's
 * key), and of delete markers: a retrievable exact copy of the archive in another region (164.308(a)(7)(ii)(A)).
 */
export class Replication extends pulumi.ComponentResource {
  readonly config: aws.s3.BucketReplicationConfig;

  constructor(name: string, args: ReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:Replication", name, {}, opts);
    const { source, destination } = args;
    const child = { parent: this };
    const role = new aws.iam.Role(
      name,
      {
        assumeRolePolicy: policyDocument([
          { Sid: "S3AssumesRole", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]),
      },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      name,
      {
        role: role.name,
        policy: policyDocument([
          {
            Sid: "ReadSourceConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: source.bucket.arn,
          },
          {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: [
              "s3:GetObjectVersionForReplication",
              "s3:GetObjectVersionAcl",
              "s3:GetObjectVersionTagging",
              "s3:GetObjectRetention",
              "s3:GetObjectLegalHold",
            ],
            Resource: pulumi.interpolate`${source.bucket.arn}/*`,
          },
          {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
            Resource: pulumi.interpolate`${destination.bucket.arn}/*`,
          },
          { Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: source.keyArn },
          { Sid: "EncryptReplica", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: destination.keyArn },
        ]),
      },
      child,
    );
    this.config = new aws.s3.BucketReplicationConfig(
      name,
      {
        region: args.region,
        bucket: source.bucket.id,
        role: role.arn,
        rules: [
          {
            id: "replicate-everything",
            status: "Enabled",
            priority: 1,
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: { bucket: destination.bucket.arn, encryptionConfiguration: { replicaKmsKeyId: destination.keyArn } },
          },
        ],
      },
      { ...child, dependsOn: [source.versioning, destination.versioning, rolePolicy] },
    );
    this.registerOutputs({});
  }
}
