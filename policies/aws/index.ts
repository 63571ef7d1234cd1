import type { PolicyDefinition } from "../lib/define";
import cloudtrailKmsEncryption from "./cloudtrailKmsEncryption";
import cloudtrailLogFileValidation from "./cloudtrailLogFileValidation";
import cloudtrailMultiRegion from "./cloudtrailMultiRegion";
import cloudtrailS3DataEvents from "./cloudtrailS3DataEvents";
import cloudwatchAuditLogGroupKms from "./cloudwatchAuditLogGroupKms";
import cloudwatchAuditLogGroupRetention from "./cloudwatchAuditLogGroupRetention";
import dataResourceProtect from "./dataResourceProtect";
import kmsKeyDeletionWindow from "./kmsKeyDeletionWindow";
import kmsKeyPolicyNoWildcard from "./kmsKeyPolicyNoWildcard";
import kmsKeyRotation from "./kmsKeyRotation";
import s3BucketAccessLogging from "./s3BucketAccessLogging";
import s3BucketAclsDisabled from "./s3BucketAclsDisabled";
import s3BucketKeyEnabled from "./s3BucketKeyEnabled";
import s3BucketPublicAccessBlock from "./s3BucketPublicAccessBlock";
import s3BucketSseKms from "./s3BucketSseKms";
import s3BucketTlsOnly from "./s3BucketTlsOnly";
import s3BucketVersioning from "./s3BucketVersioning";
import s3LifecycleRetention from "./s3LifecycleRetention";
import s3ObjectLockRetention from "./s3ObjectLockRetention";
import s3PublicAccessBlockFlags from "./s3PublicAccessBlockFlags";

/** The AWS controls, in the order of the README baseline table. */
export const awsPolicies: PolicyDefinition[] = [
  s3BucketSseKms,
  s3BucketKeyEnabled,
  s3BucketVersioning,
  s3ObjectLockRetention,
  s3LifecycleRetention,
  s3BucketPublicAccessBlock,
  s3PublicAccessBlockFlags,
  s3BucketAclsDisabled,
  s3BucketTlsOnly,
  s3BucketAccessLogging,
  kmsKeyRotation,
  kmsKeyDeletionWindow,
  kmsKeyPolicyNoWildcard,
  cloudtrailS3DataEvents,
  cloudtrailLogFileValidation,
  cloudtrailKmsEncryption,
  cloudtrailMultiRegion,
  cloudwatchAuditLogGroupKms,
  cloudwatchAuditLogGroupRetention,
  dataResourceProtect,
];
