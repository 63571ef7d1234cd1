import { attemptWithConfig } from "../support/runStack";

const valid = {
  region: "us-east-2",
  bucketNamePrefix: "example-prod",
  adminRoleArns: ["arn:aws:iam::111122223333:role/platform-admins"],
};

/** Runs the program with one archive config: the error it stopped with, and what it registered besides the root stack. */
async function attempt(archive: unknown) {
  const run = await attemptWithConfig({ components: ["archive"], archive });
  return { error: run.error, registered: run.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack") };
}

describe("archive config validation", () => {
  test.each([
    ["an unknown Object Lock mode", { ...valid, objectLockMode: "STRICT" }, ["hipaa-guard:archive.objectLockMode is \"STRICT\"", "one of COMPLIANCE | GOVERNANCE"]],
    ["a negative retention", { ...valid, retentionYears: -1 }, ["hipaa-guard:archive.retentionYears is -1", "a whole number from 1 to 100"]],
    ["a fractional retention", { ...valid, retentionYears: 6.5 }, ["retentionYears is 6.5", "a whole number"]],
    ["days given as words", { ...valid, deepArchiveAfterDays: "soon" }, ["deepArchiveAfterDays is \"soon\"", "a whole number from 0 to 36500"]],
    ["a rotation period KMS refuses", { ...valid, kmsRotationDays: 30 }, ["kmsRotationDays is 30", "from 90 to 2560"]],
    ["protectData as a string", { ...valid, protectData: "yes" }, ["protectData is \"yes\"", "true or false"]],
    ["a missing region", { bucketNamePrefix: "example-prod" }, ["hipaa-guard:archive.region is required", "an AWS region"]],
    ["a bucket name prefix S3 would refuse", { ...valid, bucketNamePrefix: "Riverbend_Prod" }, ['bucketNamePrefix is "Riverbend_Prod"', "lowercase letters, digits and hyphens"]],
    ["a malformed region", { ...valid, region: "Ohio" }, ["region is \"Ohio\"", "an AWS region such as us-east-2"]],
    ["a replica in the same region", { ...valid, replicaRegion: "us-east-2" }, ["replicaRegion is \"us-east-2\", the same as region"]],
    ["an admin that is not a role ARN", { ...valid, adminRoleArns: ["alice@example.com"] }, ["adminRoleArns[0] is \"alice@example.com\"", "an IAM role ARN"]],
    ["a misspelt key", { ...valid, retentionYear: 6 }, ["unknown key \"retentionYear\"", "allowed keys: region, bucketNamePrefix, retentionYears"]],
    ["a list instead of an object", ["us-east-2"], ["hipaa-guard:archive is [\"us-east-2\"]", "an object with keys region"]],
  ])("%s stops the program before any resource is registered", async (_case, archive, expected) => {
    const { error, registered } = await attempt(archive);
    expect(error).toBeDefined();
    expect(error!.name).toBe("StackConfigError");
    for (const fragment of expected) expect(error!.message).toContain(fragment);
    expect(registered).toEqual([]);
  });

  test("every problem in one config is reported in one message", async () => {
    const { error } = await attempt({ region: "nowhere", bucketNamePrefix: "ok-prefix", objectLockMode: "STRICT", retentionYears: 0 });
    expect(error!.message).toMatch(/3 problems/);
    expect(error!.message).toContain("region is \"nowhere\"");
    expect(error!.message).toContain("objectLockMode is \"STRICT\"");
    expect(error!.message).toContain("retentionYears is 0");
  });

  test("a config value that is not JSON is reported as config, not a crash", async () => {
    const { error } = await attempt("us-east-2");
    expect(error!.name).toBe("StackConfigError");
    expect(error!.message).toContain("hipaa-guard:archive is \"us-east-2\", which is not an object");
  });

  test("weak but valid choices are left to the policy pack", async () => {
    const { error, registered } = await attempt({ ...valid, retentionYears: 3, objectLockMode: "GOVERNANCE" });
    expect(error).toBeUndefined();
    expect(registered).toContain("aws:s3/bucket:Bucket");
  });
});
