import * as path from "path";
import { stackResourcesFromRun, StackResource } from "../../tools/engine/stackResources";
import { openPolicyPack, PolicyPackSession } from "../../tools/engine/session";
import { analyzeStack, AnalysisResult } from "../../tools/engine/analysis";
import { loadPolicyPackConfigFile, reconcilePolicyPackConfig } from "../../tools/engine/policyConfig";
import type { PolicyConfigEntry } from "../../tools/engine/analyzerClient";
import { PROJECT_DIR, runExampleStack } from "../support/runStack";
import { loadStackSource } from "../../tools/offline/stackConfig";
import { stackTags } from "../../tools/check/run";

/** The pack under test: `policies/`, or HIPAA_CHECK_PACK_DIR (a differently built copy, e.g. while areas are being registered). */
export const PACK_DIR = process.env.HIPAA_CHECK_PACK_DIR ? path.resolve(process.env.HIPAA_CHECK_PACK_DIR) : path.join(PROJECT_DIR, "policies");
export const PRODUCTION_CONFIG = path.join(PROJECT_DIR, "policies", "config", "production.json");
export const NON_PRODUCTION_CONFIG = path.join(PROJECT_DIR, "policies", "config", "non-production.json");

/** The real pack, started as the CLI starts it; pack log lines are kept for failure messages. */
export async function startPack(): Promise<PolicyPackSession & { log: string[] }> {
  const log: string[] = [];
  const session = await openPolicyPack({ packDir: PACK_DIR, onLog: (l) => log.push(l) });
  return Object.assign(session, { log });
}

/** Sends `Configure` with the file's config reconciled over the pack's defaults (as the CLI does). */
export async function configure(session: PolicyPackSession, given: Record<string, PolicyConfigEntry> | string): Promise<void> {
  const entries = typeof given === "string" ? loadPolicyPackConfigFile(given) : given;
  await session.client.configure(reconcilePolicyPackConfig(session.info, entries).config);
}

/** An example stack's resources in wire form, with its stack tags sent over ConfigureStack. */
export async function exampleStack(session: PolicyPackSession, stack: string, options: { preview?: boolean } = {}): Promise<StackResource[]> {
  const source = loadStackSource(PROJECT_DIR, stack);
  const run = await runExampleStack(stack, options);
  await session.client.configureStack({
    stack,
    project: source.project,
    organization: "organization",
    dryRun: true,
    tags: stackTags(source.project, source.config, undefined, source.configFile),
  });
  return stackResourcesFromRun(run, { project: source.project, stack, config: source.config });
}

export function analyze(session: PolicyPackSession, resources: StackResource[], remediate = false): Promise<AnalysisResult> {
  return analyzeStack(session.client, resources, { remediate });
}

export const policiesOf = (result: AnalysisResult, level?: string) =>
  [...new Set(result.diagnostics.filter((d) => !level || d.enforcementLevel === level).map((d) => d.policyName))].sort();

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** A copy of `resources` where `fn` edits the inputs and outputs of the resource named `name` (of `type`, if given). */
export function mutate(resources: StackResource[], name: string, fn: (props: any) => void, type?: string): StackResource[] {
  let found = false;
  const out = resources.map((r) => {
    if (r.name !== name || (type && r.type !== type)) return r;
    found = true;
    const c = clone(r);
    fn(c.analyze.properties);
    fn(c.stack.properties);
    return c;
  });
  if (!found) throw new Error(`no resource named ${name}${type ? ` of type ${type}` : ""}`);
  return out;
}

/** A copy of `resources` without the resource named `name` of `type`. */
export function without(resources: StackResource[], name: string, type: string): StackResource[] {
  const out = resources.filter((r) => !(r.name === name && r.type === type));
  if (out.length === resources.length) throw new Error(`no ${type} named ${name}`);
  return out;
}

/** A copy where the resource's options are changed (both shapes). */
export function withOptions(resources: StackResource[], name: string, type: string, options: Record<string, unknown>): StackResource[] {
  return resources.map((r) => {
    if (r.name !== name || r.type !== type) return r;
    const c = clone(r);
    Object.assign(c.analyze.options, options);
    Object.assign(c.stack.options, options);
    return c;
  });
}

/** A copy where `prop` of the resource no longer depends on any resource (as when the value is a literal or absent). */
export function dropDependency(resources: StackResource[], name: string, type: string, prop: string): StackResource[] {
  return resources.map((r) => {
    if (r.name !== name || r.type !== type) return r;
    const c = clone(r);
    delete c.stack.propertyDependencies?.[prop];
    return c;
  });
}

const SETTING = "gcp:cloudidentity/policy:Policy";

/** A copy where the Cloud Identity policy `name` has `patch` merged into its setting.valueJson. */
export function patchSetting(resources: StackResource[], name: string, patch: Record<string, unknown>): StackResource[] {
  return mutate(resources, name, (p) => {
    p.setting.valueJson = JSON.stringify({ ...JSON.parse(p.setting.valueJson), ...patch });
  }, SETTING);
}

/** A copy with one more custom resource: `template` re-typed as `type` and renamed `name`. */
export function withExtra(resources: StackResource[], templateName: string, type: string, name: string): StackResource[] {
  const template = resources.find((r) => r.name === templateName && r.custom);
  if (!template) throw new Error(`no custom resource named ${templateName}`);
  const c = clone(template);
  const urn = template.urn.replace(/::[^:]+::[^:]+$/, "") + `::${type}::${name}`;
  for (const shape of [c.analyze, c.stack]) Object.assign(shape, { urn, type, name });
  return [...resources, { ...c, urn, type, name }];
}
