import * as pulumi from "@pulumi/pulumi";

/**
 * An IAM policy statement whose values may still be outputs of other resources. Resource and identity
 * policies name a Principal or a Resource; a trust policy names no Resource.
 */
export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS: pulumi.Input<string> | pulumi.Input<string>[] } | { Service: string };
  Action: string | string[];
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

export function policyDocument(statements: Statement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

const objectsIn = (bucketArn: pulumi.Input<string>) => pulumi.interpolate`${bucketArn}/*`;

/** Refuses every request without TLS, and TLS older than 1.2 (164.312(e)(1)). */
export function tlsOnlyStatements(bucketArn: pulumi.Input<string>): Statement[] {
  const resources = [bucketArn, objectsIn(bucketArn)];
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyTlsOlderThan12",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
}

/** The ARN of a bucket, from its (explicit) name: known before the bucket exists. */
export const bucketArnOf = (bucketName: string) => `arn:aws:s3:::${bucketName}`;

/**
 * Refuses uploads that ask for anything but the bucket's default encryption: another algorithm, customer-
 * provided keys, or (with `defaultKeyOnly`) a key of their own choosing. Uploads that ask for nothing get
 * the default, SSE-KMS with the bucket's key, so every object is encrypted with that key. The Null
 * conditions keep header-less uploads allowed. Naming no key ARN keeps the document known during preview.
 */
export function kmsDefaultUploadStatements(bucketArn: string, defaultKeyOnly: boolean): Statement[] {
  const deny = (Sid: string, Condition: Statement["Condition"]): Statement => ({
    Sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: objectsIn(bucketArn),
    Condition,
  });
  return [
    deny("DenyUploadsNotEncryptedWithKms", {
      StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      Null: { "s3:x-amz-server-side-encryption": "false" },
    }),
    deny("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
    ...(defaultKeyOnly ? [deny("DenyUploadsChoosingAKey", { Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" } })] : []),
  ];
}

/** Lets one named trail check the bucket and write its log files, and nothing else. */
export function cloudTrailDeliveryStatements(
  bucketArn: pulumi.Input<string>,
  trailArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Statement[] {
  const principal = { Service: "cloudtrail.amazonaws.com" };
  return [
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: principal,
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: principal,
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/** Lets S3 server access logging deliver logs from the named source buckets of this account. */
export function accessLogDeliveryStatement(
  logBucketArn: pulumi.Input<string>,
  sourceBucketArns: pulumi.Input<string>[],
  accountId: pulumi.Input<string>,
): Statement {
  return {
    Sid: "S3ServerAccessLogsDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: objectsIn(logBucketArn),
    Condition: { ArnLike: { "aws:SourceArn": sourceBucketArns }, StringEquals: { "aws:SourceAccount": accountId } },
  };
}

const KEY_ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

export interface KeyPolicyArgs {
  accountId: pulumi.Input<string>;
  region: string;
  adminRoleArns: string[];
  /** The trail that encrypts its log files with this key, if any. */
  trailArn?: pulumi.Input<string>;
  /** The CloudWatch log group encrypted with this key, if any. */
  logGroupArn?: pulumi.Input<string>;
}

/**
 * A key policy whose every principal is named: the account (delegating to IAM), the key administrators,
 * and the AWS services that use the key, each held to the one resource it serves.
 */
export function keyPolicyStatements(args: KeyPolicyArgs): Statement[] {
  const statements: Statement[] = [
    {
      Sid: "AccountDelegatesToIam",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (args.adminRoleArns.length > 0) {
    statements.push({
      Sid: "KeyAdministrators",
      Effect: "Allow",
      Principal: { AWS: args.adminRoleArns },
      Action: KEY_ADMIN_ACTIONS,
      Resource: "*",
    });
  }
  if (args.trailArn !== undefined) {
    statements.push(
      {
        Sid: "CloudTrailEncryptLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": args.trailArn },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": pulumi.interpolate`arn:aws:cloudtrail:*:${args.accountId}:trail/*` },
        },
      },
      {
        Sid: "CloudTrailDescribeKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": args.trailArn } },
      },
    );
  }
  if (args.logGroupArn !== undefined) {
    statements.push({
      Sid: "CloudWatchLogsEncryptAuditLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${args.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": args.logGroupArn } },
    });
  }
  return statements;
}
