import { keyPolicy, Stack, T } from "../support/fixtures";
import { check, policyNamed, remediate, secret, UNKNOWN } from "../support/harness";

const ROTATION = "hipaa-aws-kms-key-rotation";
const WINDOW = "hipaa-aws-kms-key-deletion-window";
const POLICY = "hipaa-aws-kms-key-policy-no-wildcard";

const key = (props: Record<string, unknown>, type: string = T.key) =>
  new Stack().add(type, "archive-key", { enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, policy: keyPolicy(), ...props });

describe(ROTATION, () => {
  it("passes rotation every 365 days, or the AWS default period", async () => {
    expect(await check(ROTATION, [key({})])).toEqual([]);
    expect(await check(ROTATION, [key({ rotationPeriodInDays: undefined })])).toEqual([]);
    expect(await check(ROTATION, [key({ rotationPeriodInDays: 90 })])).toEqual([]);
  });

  it("fails rotation off, and remediates it", async () => {
    const r = key({ enableKeyRotation: false });
    expect((await check(ROTATION, [r])).map((v) => v.message)).toEqual([
      expect.stringContaining('aws:kms/key:Key "archive-key": enableKeyRotation is false; required: true. Fix: set enableKeyRotation: true'),
    ]);
    const fixed = await remediate(r, policyNamed(ROTATION));
    expect(fixed).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 365 });
    expect(await check(ROTATION, [{ ...r, inputs: fixed }])).toEqual([]);
    expect(await remediate({ ...r, inputs: fixed }, policyNamed(ROTATION))).toBeUndefined();
  });

  it("fails a period above maxKeyRotationDays (config), and remediation lowers it", async () => {
    const r = key({ rotationPeriodInDays: 730 });
    expect((await check(ROTATION, [r]))[0].message).toContain("rotationPeriodInDays is 730 days; required: at most 365 days");
    expect((await remediate(r, policyNamed(ROTATION)))!.rotationPeriodInDays).toBe(365);
    expect(await check(ROTATION, [r], { [ROTATION]: { maxKeyRotationDays: 730 } })).toEqual([]);
    const absent = key({ rotationPeriodInDays: undefined });
    expect((await check(ROTATION, [absent], { [ROTATION]: { maxKeyRotationDays: 180 } }))[0].message).toContain("rotationPeriodInDays is not set (AWS default 365 days); required: at most 180 days");
  });

  it("skips keys that cannot rotate (asymmetric, HMAC)", async () => {
    expect(await check(ROTATION, [key({ enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" })])).toEqual([]);
    expect(await check(ROTATION, [key({ enableKeyRotation: false, customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" })])).toEqual([]);
  });

  it("reports unknown values; remediation keeps the secret policy secret", async () => {
    expect((await check(ROTATION, [key({ enableKeyRotation: UNKNOWN })]))[0].message).toContain("cannot be verified during preview: enableKeyRotation is unknown");
    const r = key({ enableKeyRotation: false, policy: secret(keyPolicy()) });
    expect((await remediate(r, policyNamed(ROTATION)))!.policy).toEqual(secret(keyPolicy()));
  });
});

describe(WINDOW, () => {
  it("passes 30 days or the default; fails 7 days; honours config", async () => {
    expect(await check(WINDOW, [key({})])).toEqual([]);
    expect(await check(WINDOW, [key({ deletionWindowInDays: undefined })])).toEqual([]);
    const short = key({ deletionWindowInDays: 7 });
    expect((await check(WINDOW, [short]))[0].message).toContain('"archive-key": deletionWindowInDays is 7 days; required: at least 30 days');
    expect(await check(WINDOW, [short], { [WINDOW]: { minKeyDeletionWindowDays: 7 } })).toEqual([]);
    await expect(check(WINDOW, [short], { [WINDOW]: { minKeyDeletionWindowDays: 45 } })).rejects.toThrow(/minKeyDeletionWindowDays: Must be less than or equal to 30/);
  });

  it("covers replica keys and reports unknown windows", async () => {
    expect(await check(WINDOW, [key({ deletionWindowInDays: 10 }, "aws:kms/replicaKey:ReplicaKey")])).toHaveLength(1);
    expect((await check(WINDOW, [key({ deletionWindowInDays: UNKNOWN })]))[0].message).toContain("cannot be verified during preview: deletionWindowInDays is unknown");
  });
});

describe(POLICY, () => {
  const wildcard = (principal: unknown, extra: Record<string, unknown> = {}) => keyPolicy([{ Sid: "Open", Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*", ...extra }]);

  it("passes named principals, the default policy, and a conditioned wildcard", async () => {
    expect(await check(POLICY, [key({})])).toEqual([]);
    expect(await check(POLICY, [key({ policy: undefined })])).toEqual([]);
    expect(await check(POLICY, [key({ policy: wildcard("*", { Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } } }) })])).toEqual([]);
    expect(await check(POLICY, [key({ policy: keyPolicy([{ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" }]) })])).toEqual([]);
  });

  for (const principal of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::111122223333:root", "*"] }]) {
    it(`fails an unconditioned Allow for ${JSON.stringify(principal)}`, async () => {
      expect((await check(POLICY, [key({ policy: wildcard(principal) })])).map((v) => v.message)).toEqual([
        expect.stringContaining('"archive-key": policy Statement[1] is an Allow for principal "*" with no Condition'),
      ]);
    });
  }

  it("covers the separate aws.kms.KeyPolicy resource", async () => {
    const kp = new Stack().add("aws:kms/keyPolicy:KeyPolicy", "kp", { keyId: "k", policy: wildcard("*") });
    expect((await check(POLICY, [kp]))[0].message).toContain('aws:kms/keyPolicy:KeyPolicy "kp": policy Statement[1]');
  });

  it("fails invalid JSON and reports an unknown policy; never prints a secret policy", async () => {
    const vs = await check(POLICY, [key({ policy: secret("{oops sekrit-arn-0000") })]);
    expect(vs[0].message).toContain("policy is not valid JSON (document not shown)");
    expect(JSON.stringify(vs)).not.toContain("sekrit");
    const leaky = await check(POLICY, [key({ policy: secret(wildcard({ AWS: "*" }, { Sid: "TopSecretSid" })) })]);
    expect(leaky).toHaveLength(1);
    expect(JSON.stringify(leaky)).not.toContain("TopSecretSid");
    expect((await check(POLICY, [key({ policy: UNKNOWN })]))[0].message).toContain("cannot be verified during preview: policy is unknown");
  });
});
