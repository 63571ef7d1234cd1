/**
 * The benchmark measures a realistic, compliant stack: the generator makes exactly N resources whose URNs,
 * parents, dependencies and property dependencies all resolve inside the stack, and the real pack, driven as
 * the CLI drives it, finds no mandatory violation in it (while it does see a broken copy).
 */
import { analyzeStack } from "../../tools/engine/analysis";
import type { PolicyPackSession } from "../../tools/engine/session";
import type { StackResource } from "../../tools/engine/stackResources";
import { stackTags } from "../../tools/check/run";
import { generateStack, GeneratedStack, recordTemplate, Template } from "../../tools/bench/generate";
import { openConfiguredSession } from "../../tools/bench/measure";
import { compiledPackDir, PRODUCTION_CONFIG } from "../../tools/bench/packs";

jest.setTimeout(120_000);

let template: Template;
beforeAll(async () => {
  template = await recordTemplate();
});

const refsOf = (r: StackResource): string[] =>
  [r.stack.parent, ...(r.stack.dependencies ?? []), ...Object.values(r.stack.propertyDependencies ?? {}).flat(), r.stack.provider?.urn].filter(
    (u): u is string => !!u,
  );

describe("generateStack", () => {
  it.each([300, 1000])("makes exactly %i resources with unique URNs that every reference resolves to", (size) => {
    const { resources, identity } = generateStack(template, size);
    expect(resources).toHaveLength(size);
    const urns = new Set(resources.map((r) => r.urn));
    expect(urns.size).toBe(size);
    const prefix = `urn:pulumi:${identity.stack}::${identity.project}::`;
    for (const r of resources) {
      expect(r.urn.startsWith(prefix)).toBe(true);
      expect(r.urn.endsWith(`::${r.name}`)).toBe(true);
      expect(r.urn.split("::")[2].split("$").pop()).toBe(r.type);
      for (const ref of refsOf(r)) expect(urns.has(ref) ? ref : `${r.urn} -> missing ${ref}`).toBe(ref);
    }
  });

  it("contains the example stack unchanged, and copies whose identities are all new", () => {
    const base = generateStack(template, 101 + 0);
    const big = generateStack(template, 1000);
    expect(big.base).toBe(base.resources.length);
    const baseUrns = new Set(base.resources.map((r) => r.urn));
    for (const r of base.resources) expect(big.resources.find((x) => x.urn === r.urn)?.stack.properties).toEqual(r.stack.properties);
    // Bucket names (global in S3), OU paths and group e-mails are unique across the stack.
    const values = (type: string, key: string) => big.resources.filter((r) => r.type === type).map((r) => r.stack.properties[key]);
    for (const [type, key] of [
      ["aws:s3/bucket:Bucket", "bucket"],
      ["googleworkspace:index/orgUnit:OrgUnit", "orgUnitPath"],
      ["googleworkspace:index/group:Group", "email"],
      ["aws:cloudtrail/trail:Trail", "name"],
      ["aws:cloudwatch/logGroup:LogGroup", "name"],
    ]) {
      const v = values(type, key);
      expect(v.length).toBeGreaterThan(1);
      expect(new Set(v).size).toBe(v.length);
    }
    // Copies reference their own buckets: every companion's bucket dependency names a bucket with the same value.
    const byUrn = new Map(big.resources.map((r) => [r.urn, r]));
    for (const r of big.resources) {
      if (baseUrns.has(r.urn)) continue;
      const dep = r.stack.propertyDependencies?.bucket?.[0];
      if (r.type.startsWith("aws:s3/bucket") && r.type !== "aws:s3/bucket:Bucket" && dep) {
        expect(byUrn.get(dep)?.stack.properties.bucket).toBe(r.stack.properties.bucket);
      }
    }
  });

  it("grows linearly: the units are copies, so 10x the size is 10x the (non-base) resources of each kind", () => {
    const a = generateStack(template, 1000);
    const b = generateStack(template, 10_000);
    expect(b.resources).toHaveLength(10_000);
    expect(b.units.archive).toBeGreaterThan(a.units.archive * 9);
    expect(b.units.workspace).toBeGreaterThan(a.units.workspace * 9);
  });

  it("refuses a size below the example stack", () => {
    expect(() => generateStack(template, 50)).toThrow(/at least the example stack's \d+ resources/);
  });
});

describe("the real pack on a generated stack", () => {
  let session: PolicyPackSession;
  let stack: GeneratedStack;
  beforeAll(async () => {
    stack = generateStack(template, 300);
    const id = template.identity;
    session = await openConfiguredSession(compiledPackDir(), {
      stack: id.stack,
      project: id.project,
      config: id.config,
      configFile: PRODUCTION_CONFIG,
      tags: stackTags(id.project, id.config, undefined, `Pulumi.${id.stack}.yaml`),
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it("finds no mandatory violation in 300 generated resources (Analyze and AnalyzeStack)", async () => {
    const result = await analyzeStack(session.client, stack.resources, { remediate: false });
    const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`);
    expect(mandatory).toEqual([]);
    // Every archive and workspace copy is in the stack the pack judged.
    expect(stack.units.archive).toBeGreaterThan(0);
    expect(stack.units.workspace).toBeGreaterThan(0);
  });

  it.each([
    ["aws:s3/bucketVersioning:BucketVersioning", "-a0002-", "hipaa-aws-s3-bucket-versioning", (p: any): void => void (p.versioningConfiguration.status = "Suspended")],
    ["googleworkspace:index/groupSettings:GroupSettings", "-w0003-", "hipaa-workspace-group-no-external-members", (p: any): void => void (p.allowExternalMembers = true)],
  ] as const)("does judge the copies: a broken %s in copy %s is one violation naming that copy", async (type, tag, policy, breakIt) => {
    const target = stack.resources.find((r) => r.type === type && r.name.includes(tag));
    expect(target).toBeDefined();
    const broken = stack.resources.map((r) => {
      if (r !== target) return r;
      const props = structuredClone(r.stack.properties);
      breakIt(props);
      return { ...r, analyze: { ...r.analyze, properties: props }, stack: { ...r.stack, properties: props } };
    });
    const result = await analyzeStack(session.client, broken, { remediate: false });
    const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
    expect([...new Set(mandatory.map((d) => d.policyName))]).toEqual([policy]);
    expect([...new Set(mandatory.map((d) => d.urn))]).toEqual([target!.urn]);
  });
});
