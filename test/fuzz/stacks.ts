/**
 * Realistic starting points for the fuzzer: the compliant stacks of the policy tests (archive in v7 and V2
 * tokens, known and as a first preview sees it; a Workspace tenant, known and in preview; both together with
 * the stack resource, providers and resources of other packages), the pack config each is meant for, and, per
 * resource type, realistic inputs to mutate.
 */
import { keyPolicy, archiveStack, Stack, T, urnOf } from "../policies/support/fixtures";
import type { WireResource } from "../policies/support/harness";
import { GROUP_SETTINGS, WORKSPACE_CONFIG, workspaceStack } from "../policies/support/workspaceFixtures";

export interface NamedStack {
  name: string;
  resources: readonly WireResource[];
  /** The `--policy-pack-config` the stack is compliant with (merged over the pack's defaults). */
  config: Record<string, unknown>;
  stackTags: Record<string, string>;
}

const BAA_TAGS = { "hipaa:baa-aws": "AWS Artifact BAA accepted 2025-03-01", "hipaa:baa-google": "Google Workspace BAA accepted 2025-03-01" };

/** Per-policy config that makes the Workspace tenant compliant, for whichever Workspace policies the pack has. */
function workspaceConfig(policyNames: readonly string[], schemaKeys: (name: string) => string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of policyNames) {
    if (!name.startsWith("hipaa-workspace-")) continue;
    const keys = schemaKeys(name);
    const entry: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(WORKSPACE_CONFIG)) if (keys.includes(k)) entry[k] = v;
    if (Object.keys(entry).length > 0) out[name] = entry;
  }
  return out;
}

function extras(s: Stack): void {
  s.add("pulumi:pulumi:Stack", "hipaa-guard-test", {});
  s.add("pulumi:providers:aws", "default_7_0_0", { region: "us-east-2", version: "7.0.0" });
  s.add("random:index/randomId:RandomId", "suffix", { byteLength: 4 });
  s.add(GROUP_SETTINGS, "privacy", { email: "privacy@example.org", allowExternalMembers: false, whoCanJoin: "INVITED_CAN_JOIN" });
  s.add("aws:kms/replicaKey:ReplicaKey", "archive-key-replica", { primaryKeyArn: "arn:aws:kms:us-east-2:111122223333:key/mrk-1234", deletionWindowInDays: 30, policy: keyPolicy() });
}

/** All starting stacks; `policyNames`/`schemaKeys` come from the pack so the config names only its policies. */
export function startingStacks(policyNames: readonly string[], schemaKeys: (name: string) => string[]): NamedStack[] {
  const ws = workspaceConfig(policyNames, schemaKeys);
  const stacks: NamedStack[] = [];
  for (const preview of [false, true]) {
    for (const v2 of [false, true]) {
      stacks.push({ name: `archive${v2 ? " (V2 tokens)" : ""}${preview ? ", preview" : ""}`, resources: archiveStack({ preview, v2 }).resources, config: {}, stackTags: BAA_TAGS });
    }
    stacks.push({ name: `workspace${preview ? ", preview" : ""}`, resources: workspaceStack({ preview }).stack.resources, config: ws, stackTags: BAA_TAGS });
    const both = archiveStack({ preview });
    for (const r of workspaceStack({ preview }).stack.resources) both.resources.push(r);
    extras(both);
    stacks.push({ name: `archive + workspace + others${preview ? ", preview" : ""}`, resources: both.resources, config: ws, stackTags: BAA_TAGS });
  }
  for (const s of stacks) {
    const urns = new Set(s.resources.map((r) => r.urn));
    if (urns.size !== s.resources.length) throw new Error(`stack ${s.name} has duplicate URNs`);
  }
  return stacks;
}

/** Types no starting stack has, with realistic inputs. */
const EXTRA_SEEDS: Record<string, Record<string, unknown>[]> = {
  "aws:kms/replicaKey:ReplicaKey": [{ primaryKeyArn: "arn:aws:kms:us-east-2:111122223333:key/mrk-1234", deletionWindowInDays: 30, policy: keyPolicy(), enabled: true }],
  "aws:kms/externalKey:ExternalKey": [
    { deletionWindowInDays: 30, policy: keyPolicy(), keyMaterialBase64: "AAAA", validTo: "2030-01-01T00:00:00Z", multiRegion: false },
  ],
  "aws:kms/replicaExternalKey:ReplicaExternalKey": [{ primaryKeyArn: "arn:aws:kms:us-east-2:111122223333:key/mrk-5678", deletionWindowInDays: 30, policy: keyPolicy() }],
  "aws:kms/keyPolicy:KeyPolicy": [{ keyId: "mrk-1234", policy: keyPolicy(), bypassPolicyLockoutSafetyCheck: false }],
  [GROUP_SETTINGS]: [{ email: "privacy@example.org", allowExternalMembers: false, whoCanJoin: "INVITED_CAN_JOIN", whoCanViewMembership: "ALL_MEMBERS_CAN_VIEW" }],
  [T.bucket]: [
    {
      bucket: "legacy-archive",
      objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 6 } } },
      versioning: { enabled: true },
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-2:111122223333:key/mrk-1234" }, bucketKeyEnabled: true } },
      lifecycleRules: [{ enabled: true, expiration: { days: 2192 }, noncurrentVersionExpiration: { days: 2192 } }],
      logging: { targetBucket: "access-logs-abc1234", targetPrefix: "legacy/" },
    },
  ],
  [T.bucketV2]: [
    {
      bucket: "legacy-archive",
      objectLockEnabled: true,
      versionings: [{ enabled: true }],
      objectLockConfiguration: { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [{ mode: "COMPLIANCE", days: 2192 }] }] },
      serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/archive" }], bucketKeyEnabled: true }] }],
      lifecycleRules: [{ enabled: true, expirations: [{ days: 2192 }], noncurrentVersionExpirations: [{ days: 2192 }] }],
      loggings: [{ targetBucket: "access-logs-abc1234", targetPrefix: "legacy/" }],
      policy: "{}",
    },
  ],
};

/** Realistic inputs per type token, from the starting stacks and EXTRA_SEEDS. */
export function seedsByType(stacks: readonly NamedStack[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  const add = (type: string, props: Record<string, unknown>) => {
    const list = out.get(type) ?? [];
    const key = JSON.stringify(props);
    if (!list.some((p) => JSON.stringify(p) === key)) list.push(props);
    out.set(type, list);
  };
  for (const s of stacks) for (const r of s.resources) add(r.type, r.inputs ?? {});
  for (const [type, list] of Object.entries(EXTRA_SEEDS)) for (const p of list) add(type, p);
  return out;
}

export { urnOf };
