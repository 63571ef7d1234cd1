/**
 * What the fuzz suites (./policies.fuzz.test.ts, ./stacks.fuzz.test.ts) draw from: the pack's policies with
 * their catalog entries, the realistic starting stacks and per-type seeds, the dictionary, valid pack config,
 * and stack edits (mutations at random paths, structural edits keeping property dependencies intact).
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { ControlDoc, catalog, policies as registryPolicies } from "../../policies/registry";
import { validateSchema } from "../../policies/lib/config";
import { PackConfig, WireResource, deepFreeze, packConfig } from "../policies/support/harness";
import { Dictionary, Mutation, applyMutations, buildDictionary, mutationsArb, propsArb, stackTagsArb } from "./arbitraries";
import { AnyPolicy, stats } from "./drive";
import { FUZZ_REPORT, FUZZ_RUNS, FUZZ_SEED } from "./settings";
import { NamedStack, seedsByType, startingStacks, urnOf } from "./stacks";

// ---------------------------------------------------------------------------------------------------------
// What is fuzzed: every policy of the registry (its policies with their catalog entries, in pack order).
// ---------------------------------------------------------------------------------------------------------

export const POLICIES: AnyPolicy[] = [...registryPolicies];
export const DEFINITIONS: { policy: AnyPolicy; control: ControlDoc }[] = POLICIES.map((policy, i) => ({ policy, control: catalog[i] }));
export const byName = new Map(DEFINITIONS.map((d) => [d.policy.name, d]));

const schemaOf = (name: string): PolicyConfigSchema | undefined => byName.get(name)?.policy.configSchema;
// Frozen: cases copy what they change, and the harness decodes an unchanged resource once for all cases.
export const STACKS: readonly NamedStack[] = deepFreeze(
  startingStacks(
    POLICIES.map((p) => p.name),
    (name) => Object.keys(schemaOf(name)?.properties ?? {}),
  ),
);
export const SEEDS = seedsByType(STACKS);
for (const seeds of SEEDS.values()) deepFreeze(seeds);
export const DICT: Dictionary = buildDictionary(
  [...STACKS.flatMap((s) => s.resources.map((r) => r.outputs)), ...[...SEEDS.values()].flat(), ...STACKS.map((s) => s.config)],
  path.join(__dirname, "../../policies"),
);

/** Names a property dependency may have: the dictionary's identifiers (not Object.prototype's). */
export const DEP_KEYS = DICT.keys.filter((k) => /^[a-z][A-Za-z0-9]*$/.test(k) && !(k in Object.prototype));

/** Type tokens for a policy that applies to every type ("*"): every known type, and made-up ones. */
export const ALL_TYPES = [...new Set([...SEEDS.keys(), ...DEFINITIONS.flatMap((d) => d.control.appliesTo).filter((t) => t !== "*")])].sort();
export const anyTypeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ALL_TYPES) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("aws", "aws-native", "gcp", "google-native", "googleworkspace", "azure-native", "random", "pulumi", "kubernetes", ""), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
      .map(([pkg, mod, name]) => `${pkg}:${mod}/${name}:${name}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("pulumi:pulumi:Stack", "pulumi:providers:aws", "pulumi:providers:gcp", "aws", "aws:", ":", "", "aws:s3", "::::", "pkg:index:Comp") },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

// ---------------------------------------------------------------------------------------------------------
// Config: valid values of each policy's schema (the engine validates config before a policy runs).
// ---------------------------------------------------------------------------------------------------------

function configValueArb(prop: Record<string, any>): fc.Arbitrary<unknown> {
  if (prop.type === "integer") return fc.oneof(fc.constant(prop.default), fc.integer({ min: prop.minimum ?? -(2 ** 31), max: prop.maximum ?? 2 ** 31 }));
  if (prop.type === "number") return fc.oneof(fc.constant(prop.default), fc.double({ min: prop.minimum ?? -1e9, max: prop.maximum ?? 1e9, noNaN: true }));
  if (prop.type === "boolean") return fc.boolean();
  if (prop.type === "array" && prop.items?.type === "string") {
    const re = prop.items.pattern ? new RegExp(prop.items.pattern) : undefined;
    const fromDict = DICT.strings.filter((s) => s.length < 60 && (!re || re.test(s)));
    const candidates = [...new Set([...(prop.default ?? []), ...fromDict])];
    return candidates.length > 0 ? fc.oneof(fc.constant(prop.default), fc.subarray(candidates, { maxLength: Math.min(8, candidates.length) })) : fc.constant(prop.default);
  }
  return fc.constant(prop.default);
}

/**
 * Random valid config for the given policies (a `--policy-pack-config` document, small in a counterexample),
 * sometimes merged over `base` (a stack's compliant config). `resolve` turns it into the engine's view.
 */
export function configArb(policies: readonly AnyPolicy[], base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const perPolicy = policies
    .filter((p) => p.configSchema && Object.keys(p.configSchema.properties).length > 0)
    .map((p) =>
      fc.record(Object.fromEntries(Object.entries(p.configSchema!.properties).map(([k, prop]) => [k, configValueArb(prop as Record<string, any>)])), { requiredKeys: [] }).map((c) => [p.name, c] as const),
    );
  const random = fc.tuple(...perPolicy).map((entries) => {
    const given: Record<string, unknown> = {};
    for (const [name, c] of entries) {
      const problems: string[] = [];
      validateSchema({ type: "object", properties: schemaOf(name)!.properties } as never, c, name, problems);
      if (problems.length === 0) given[name] = c;
    }
    return given;
  });
  return fc.oneof(fc.constant(base), random, random.map((r) => ({ ...base, ...r })));
}

const resolved = new Map<string, PackConfig>();
/** The engine's view of a config document (memoized: the same documents come up again and again). */
export function resolve(given: Record<string, unknown>): PackConfig {
  const key = JSON.stringify(given);
  let config = resolved.get(key);
  if (!config) {
    config = packConfig(given, POLICIES);
    if (resolved.size > 10_000) resolved.clear();
    resolved.set(key, config);
  }
  return config;
}

// ---------------------------------------------------------------------------------------------------------
// Stack edits: mutations at random paths of chosen resources, and structural edits that keep property
// dependencies pointing at resources of the stack (the engine drops unknown URNs; so does the harness).
// ---------------------------------------------------------------------------------------------------------

export interface ResourceEdit {
  /** Index among the candidate resources (modulo). */
  pick: number;
  outputs: Mutation[];
  /** Edit the inputs too (Analyze reads inputs, AnalyzeStack outputs). */
  inputs: Mutation[] | null;
  protect: boolean | null;
}

export type Structural =
  | { kind: "remove"; pick: number }
  | { kind: "duplicate"; pick: number }
  | { kind: "add"; type: string; props: Record<string, unknown>; deps: { key: string; pick: number }[] };

export function resourceEditsArb(maxEdits: number): fc.Arbitrary<ResourceEdit[]> {
  return fc.array(
    fc.record({
      pick: fc.nat(),
      outputs: mutationsArb(DICT, 4),
      inputs: fc.option(mutationsArb(DICT, 3), { freq: 2 }),
      protect: fc.option(fc.boolean(), { freq: 4 }),
    }),
    { minLength: 1, maxLength: maxEdits },
  );
}

export function structuralArb(types: readonly string[]): fc.Arbitrary<Structural[]> {
  const typeArb = fc.constantFrom(...types);
  const seedOrRandom = fc.oneof(
    fc.tuple(typeArb, fc.nat(), mutationsArb(DICT, 3)).map(([type, i, ms]) => {
      const seeds = SEEDS.get(type);
      return { type, props: seeds ? applyMutations(seeds[i % seeds.length], ms) : {} };
    }),
    fc.tuple(typeArb, propsArb(DICT)).map(([type, props]) => ({ type, props })),
  );
  return fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }),
      fc
        .tuple(seedOrRandom, fc.array(fc.record({ key: fc.constantFrom(...DEP_KEYS), pick: fc.nat() }), { maxLength: 3 }))
        .map(([{ type, props }, deps]) => ({ kind: "add" as const, type, props, deps })),
    ),
    { maxLength: 2 },
  );
}

let added = 0;
export function applyStackEdits(stack: readonly WireResource[], targetTypes: ReadonlySet<string> | undefined, edits: ResourceEdit[], structural: Structural[]): WireResource[] {
  const resources = stack.slice();
  for (const s of structural) {
    if (resources.length === 0) break;
    if (s.kind === "remove") resources.splice(s.pick % resources.length, 1);
    else if (s.kind === "duplicate") {
      const r = resources[s.pick % resources.length];
      const name = `${r.name}-dup${added++}`;
      resources.push({ ...r, name, urn: urnOf(r.type, name) });
    } else {
      const name = `fuzz-${added++}`;
      // Property dependencies are keyed by top-level property names (schema names, never `__proto__` and the like).
      const keys = Object.keys(s.props).filter((k) => /^[a-z][A-Za-z0-9]*$/.test(k) && !(k in Object.prototype));
      const deps = new Map<string, string[]>();
      for (const d of s.deps) {
        const key = keys.length > 0 ? keys[d.pick % keys.length] : d.key;
        deps.set(key, [...(deps.get(key) ?? []), resources[d.pick % resources.length].urn]);
      }
      const propertyDependencies = Object.fromEntries(deps);
      const dependencies = [...new Set([...deps.values()].flat())];
      resources.push({ urn: urnOf(s.type, name), type: s.type, name, dependencies, propertyDependencies, inputs: s.props, outputs: s.props, options: { protect: true } });
    }
  }
  const candidates = resources.map((r, i) => ({ r, i })).filter(({ r }) => !targetTypes || targetTypes.has(r.type));
  const pool = candidates.length > 0 ? candidates : resources.map((r, i) => ({ r, i }));
  for (const e of edits) {
    if (pool.length === 0) break;
    const { i } = pool[e.pick % pool.length];
    const r = resources[i];
    const outputs = applyMutations(r.outputs ?? r.inputs ?? {}, e.outputs);
    const inputs = e.inputs ? applyMutations(r.inputs ?? {}, e.inputs) : r.inputs;
    resources[i] = { ...r, outputs, inputs, options: e.protect === null ? r.options : { ...r.options, protect: e.protect } };
    pool[pool.findIndex((c) => c.i === i)].r = resources[i];
  }
  return resources;
}

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

export const stackTagsOrBaa = (base: Record<string, string>) => fc.oneof(fc.constant(base), stackTagsArb(DICT), fc.constant({}));

/** Inputs for a resource of `type`: a realistic seed mutated at random paths, or arbitrary props. */
export function inputsArb(type: fc.Arbitrary<string>): fc.Arbitrary<{ type: string; inputs: Record<string, unknown> }> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(type, fc.nat(), mutationsArb(DICT, 6)).map(([t, i, ms]) => {
        const seeds = SEEDS.get(t) ?? [{}];
        return { type: t, inputs: applyMutations(seeds[i % seeds.length], ms) };
      }),
    },
    { weight: 1, arbitrary: fc.tuple(type, propsArb(DICT)).map(([t, inputs]) => ({ type: t, inputs })) },
  );
}

export const resourceOptionsArb = fc.record(
  { protect: fc.boolean(), ignoreChanges: fc.array(fc.constantFrom(...DICT.keys), { maxLength: 2 }), deleteBeforeReplace: fc.boolean() },
  { requiredKeys: [] },
);


/**
 * Registers the reporting hooks of a fuzz suite: FUZZ_STATS_FILE gets the counts every 30 s and after every
 * property (a long campaign shows its progress and leaves them behind in case it is stopped early),
 * FUZZ_REPORT prints them at the end.
 */
export function reportHooks(label: string): void {
  const header = () => `fuzz ${label}: FUZZ_RUNS=${FUZZ_RUNS} FUZZ_SEED=${FUZZ_SEED}`;
  const file = process.env.FUZZ_STATS_FILE;
  const write = (when: string) => {
    if (file) fs.writeFileSync(`${file}.${label}`, `${header()} at ${new Date().toISOString()}, ${when}\n${stats.table()}\n`);
  };
  // Cases settle in microtasks, so a timer would never get its turn during a property: the counter calls back.
  if (file) stats.onProgress(() => write(`during: ${expect.getState().currentTestName}`));
  afterEach(() => write(`after: ${expect.getState().currentTestName}`));
  afterAll(() => {
    if (FUZZ_REPORT) console.log(`${header()}\n${stats.table()}`);
  });
}
