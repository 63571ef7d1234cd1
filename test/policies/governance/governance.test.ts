import { Stack } from "../support/fixtures";
import { lines, run } from "../workspace/support";

const TAGS = "hipaa-governance-baa-stack-tags";
const SERVICES = "hipaa-governance-baa-covered-services";

function stackWith(...types: string[]): Stack {
  const stack = new Stack();
  stack.add("pulumi:pulumi:Stack", "hipaa-guard-test", {});
  types.forEach((type, i) => stack.add(type, `r${i}`, {}));
  return stack;
}

describe(TAGS, () => {
  test("AWS resources need hipaa:baa-aws, Google resources hipaa:baa-google", async () => {
    const both = stackWith("aws:s3/bucket:Bucket", "gcp:cloudidentity/policy:Policy");
    expect(await run(TAGS, both.resources, {}, { "hipaa:baa-aws": "AWS Artifact 2025-03-01", "hipaa:baa-google": "Workspace BAA 2025-02-11" })).toEqual([]);
    const found = await run(TAGS, both.resources, {}, { "hipaa:baa-aws": "AWS Artifact 2025-03-01" });
    expect(found.map((v) => v.urn)).toEqual([both.named("hipaa-guard-test").urn]);
    expect(lines(found)[0]).toContain("stack tag hipaa:baa-google is not set; required: a note of the BAA with Google (this stack deploys Google resources, e.g. gcp:cloudidentity/policy:Policy)");
  });

  test("an empty tag counts as missing; providers count as the vendor's resources", async () => {
    const found = await run(TAGS, stackWith("pulumi:providers:aws").resources, {}, { "hipaa:baa-aws": "  " });
    expect(lines(found)[0]).toContain("stack tag hipaa:baa-aws is empty");
  });

  test("a stack without cloud resources needs no tag", async () => {
    expect(await run(TAGS, stackWith("random:index/randomPet:RandomPet", "hipaa-guard:archive:PhiArchive").resources)).toEqual([]);
  });
});

describe(SERVICES, () => {
  test("allows the services hipaa-guard uses and ignores providers, components and utility packages", async () => {
    const ok = stackWith(
      "aws:s3/bucket:Bucket",
      "aws:kms/key:Key",
      "gcp:cloudidentity/policy:Policy",
      "googleworkspace:index/orgUnit:OrgUnit",
      "pulumi:providers:aws",
      "hipaa-guard:archive:LockedBucket",
      "random:index/randomId:RandomId",
    );
    expect(await run(SERVICES, ok.resources)).toEqual([]);
  });

  test("reports a service outside the allowlist, and the config can admit it", async () => {
    const stack = stackWith("aws:lightsail/instance:Instance");
    const found = await run(SERVICES, stack.resources);
    expect(lines(found)).toEqual([
      'aws:lightsail/instance:Instance "r0": service is aws:lightsail, which is not in the BAA-covered allowlist; required: a service covered by the organization\'s BAA. Fix: remove this resource from the PHI stack, or add "aws:lightsail" to allowedServices once your BAA covers it',
    ]);
    expect(await run(SERVICES, stack.resources, { allowedServices: ["aws:lightsail"] })).toEqual([]);
  });

  test("judges only the configured provider packages", async () => {
    const stack = stackWith("azure-native:storage:StorageAccount");
    expect(await run(SERVICES, stack.resources)).toHaveLength(1);
    expect(await run(SERVICES, stack.resources, { providerPackages: ["aws"] })).toEqual([]);
  });

  test("rejects a malformed allowlist entry in the pack config", async () => {
    await expect(run(SERVICES, stackWith("aws:s3/bucket:Bucket").resources, { allowedServices: ["S3 please"] })).rejects.toThrow(/allowedServices.0: Does not match pattern/);
  });
});
