import { ProgramRun, RecordedResource } from "../../../tools/offline/recordProgram";
import { PROJECT_DIR, runExampleStack, runWithConfig } from "../../support/runStack";
import { loadStackSource } from "../../../tools/offline/stackConfig";
import { withComputedUnknowns } from "../support/fixtures";
import { analyzeAll, packConfig, Violation, WireResource } from "../support/harness";

/** Recorded registrations → the engine's view of them (inputs for Analyze, outputs for AnalyzeStack). */
function wire(run: ProgramRun): WireResource[] {
  return run.resources.map((r: RecordedResource) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
    inputs: r.inputs,
    outputs: r.outputs,
    options: { protect: r.options.protect, ignoreChanges: r.options.ignoreChanges, additionalSecretOutputs: r.options.additionalSecretOutputs },
  }));
}

/** The prod stack's config with its archive settings changed: a deliberately weakened copy. */
function weakenedProd(archive: Record<string, unknown>): Promise<ProgramRun> {
  const { config } = loadStackSource(PROJECT_DIR, "prod");
  const current = config["hipaa-guard:archive"] as Record<string, unknown>;
  return runWithConfig({ ...config, "hipaa-guard:archive": { ...current, ...archive } }, "prod");
}

/** The stack's tags, from `pulumi:tags` in its config file, as Pulumi Cloud sets them. */
function stackTagsOf(stack: string): Record<string, string> {
  return (loadStackSource(PROJECT_DIR, stack).config["pulumi:tags"] ?? {}) as Record<string, string>;
}

const mandatory = (vs: Violation[]) => vs.filter((v) => v.enforcementLevel === "mandatory");
const summary = (vs: Violation[]) => vs.map((v) => `${v.policyName}: ${v.message.split("\n")[1] ?? v.message}`);

describe("the project's example stacks under the pack", () => {
  jest.setTimeout(60_000);

  it("prod passes every mandatory policy under production.json", async () => {
    const run = await runExampleStack("prod");
    const { violations } = await analyzeAll(wire(run), undefined, { config: packConfig("production.json"), stackTags: stackTagsOf("prod") });
    expect(summary(mandatory(violations))).toEqual([]);
    expect(summary(violations)).toEqual([]);
  });

  it("dev passes every mandatory policy under non-production.json (protect stays advisory)", async () => {
    const run = await runExampleStack("dev");
    const { violations } = await analyzeAll(wire(run), undefined, { config: packConfig("non-production.json"), stackTags: stackTagsOf("dev") });
    expect(summary(mandatory(violations))).toEqual([]);
    expect(new Set(violations.map((v) => v.policyName))).toEqual(new Set(["hipaa-aws-data-resource-protect"]));
  });

  it("dev fails production.json: GOVERNANCE object lock and unprotected data resources", async () => {
    const run = await runExampleStack("dev");
    const { violations } = await analyzeAll(wire(run), undefined, { config: packConfig("production.json"), stackTags: stackTagsOf("dev") });
    expect(new Set(mandatory(violations).map((v) => v.policyName))).toEqual(
      new Set(["hipaa-aws-s3-object-lock-retention", "hipaa-aws-data-resource-protect"]),
    );
  });

  it("a weakened prod (objectLockMode GOVERNANCE) violates hipaa-aws-s3-object-lock-retention", async () => {
    const run = await weakenedProd({ objectLockMode: "GOVERNANCE" });
    const { violations } = await analyzeAll(wire(run), undefined, { config: packConfig("production.json"), stackTags: stackTagsOf("prod") });
    const names = mandatory(violations).map((v) => v.policyName);
    expect(new Set(names)).toEqual(new Set(["hipaa-aws-s3-object-lock-retention"]));
    // archive, audit-trail bucket and replica: one finding each, naming the mode found.
    expect(names).toHaveLength(3);
    for (const v of violations) expect(v.message).toContain('rule.defaultRetention.mode is "GOVERNANCE"; required: mode "COMPLIANCE"');
  });

  it("a weakened prod (retentionYears 1) violates the retention policies", async () => {
    const run = await weakenedProd({ retentionYears: 1 });
    const { violations } = await analyzeAll(wire(run), undefined, { config: packConfig("production.json"), stackTags: stackTagsOf("prod") });
    expect(new Set(mandatory(violations).map((v) => v.policyName))).toEqual(
      new Set(["hipaa-aws-s3-object-lock-retention", "hipaa-aws-s3-lifecycle-retention", "hipaa-aws-cloudwatch-audit-log-group-retention"]),
    );
  });

  it("prod in preview passes too: bucket and key policies are known before the resources exist", async () => {
    const run = await runExampleStack("prod", { preview: true });
    // The mocks leave ids, names and ARNs unknown; a real provider also leaves undeclared computed properties unknown.
    const { violations } = await analyzeAll(withComputedUnknowns(wire(run)), undefined, {
      config: packConfig("production.json"),
      stackTags: stackTagsOf("prod"),
    });
    expect(summary(violations)).toEqual([]);
  });
});
