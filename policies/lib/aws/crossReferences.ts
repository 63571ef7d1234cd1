import type { CrossReferences } from "../define";

/** The public-access controls of other tools, shared by the two policies that split the check between them. */
export const PUBLIC_ACCESS_CROSS_REFERENCES: CrossReferences = {
  awsConfig: ["S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED"],
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  prowler: ["s3_bucket_public_access"],
};
