/**
 * Runs the pack's policies in-process with arguments built the way @pulumi/policy 1.21's server builds them
 * (node_modules/@pulumi/policy/server.js): properties deserialized from wire form with secrets unwrapped
 * (`deserializeProperties(struct, false)`, once per request as the pack arranges) and wrapped in
 * `unknownCheckingProxy`; stack resources with their
 * outputs, parent/dependencies/propertyDependencies resolved to resource objects (unknown URNs dropped);
 * `getConfig()` returning the policy's config without `enforcementLevel`; violations shaped as its
 * `makeReportViolationFun` shapes them (description + "\n" + message); an `UnknownValueError` escaping a policy
 * turned into the advisory "can't run policy during preview" diagnostic; `notApplicable` collected.
 *
 * Config goes through the engine's reconciliation (pkg/resource/analyzer/config.go ReconcilePolicyPackConfig):
 * schema defaults, then the `--policy-pack-config` file ("all" first, then per policy), then JSON-schema
 * validation; this helper also rejects config for policy names the pack does not have (a typo guard).
 */
import * as fs from "fs";
import type {
  EnforcementLevel,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { AnalyzerInfo } from "../../../tools/engine/analyzerClient";
import { parsePolicyPackConfig, reconcilePolicyPackConfig } from "../../../tools/engine/policyConfig";
import { policies as packPolicies } from "../../../policies/registry";

/* eslint-disable @typescript-eslint/no-require-imports */
const { deserializeProperties, serializeProperties } = require("@pulumi/policy/deserialize");
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy");
/* eslint-enable @typescript-eslint/no-require-imports */

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The sentinel the engine sends for an unknown (string) value during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** A value in wire form marked secret, as the engine sends it. */
export function secret<T>(value: T): { [SIG_KEY]: string; value: T } {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** A resource as the engine describes it (the same shape `test/support/runStack.ts` records). */
export interface WireResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  options?: { protect?: boolean; ignoreChanges?: string[]; additionalSecretOutputs?: string[]; deleteBeforeReplace?: boolean };
}

export interface Violation {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  severity?: string;
  message: string;
  urn?: string;
}

export interface PolicyConfigEntry {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}
export type PackConfig = Map<string, PolicyConfigEntry>;

export const CONFIG_DIR = `${__dirname}/../../../policies/config`;

/**
 * The engine's view of the pack config: the same reconciliation `npm run check` applies
 * (tools/engine/policyConfig.ts, the CLI's ReconcilePolicyPackConfig) over `given` (the JSON of a
 * `--policy-pack-config` file, or a file name in policies/config). Throws on invalid config, and also on
 * config for a policy name the pack does not have (a typo guard).
 */
export function packConfig(given: string | Record<string, unknown> = {}, policies: readonly AnyPolicy[] = packPolicies): PackConfig {
  const file = typeof given === "string" ? (given.includes("/") ? given : `${CONFIG_DIR}/${given}`) : "test config";
  const text = typeof given === "string" ? fs.readFileSync(file, "utf8") : JSON.stringify(given);
  const info = {
    policies: policies.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel ?? "advisory", configSchema: p.configSchema })),
    initialConfig: {},
  } as unknown as AnalyzerInfo;
  const { config, unknownPolicies } = reconcilePolicyPackConfig(info, parsePolicyPackConfig(text, file), file);
  if (unknownPolicies.length > 0) throw new Error(`invalid policy pack config: ${unknownPolicies.map((n) => `${n}: no such policy in the pack`).join("; ")}`);
  return new Map(Object.entries(config));
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as ReadonlyMap<string, string>;
}

function struct(props: Record<string, unknown> | undefined) {
  // Struct.toJavaScript() of the gRPC message: the wire form, with JSON semantics (no undefined values).
  const wire = JSON.parse(JSON.stringify(props ?? {}));
  return { toJavaScript: () => wire };
}

const deeplyFrozen = new WeakSet<object>();

/** Freezes `value` and everything in it; such a value can be decoded once for all later calls. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !deeplyFrozen.has(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
    deeplyFrozen.add(value);
  }
  return value;
}

/** Keys @pulumi/policy's unknown-checking proxy answers itself (proxy.js `isSpecialProxy`, `getSpecialProxyTarget`). */
const PROXY_KEYS = ["__isSpecialProxy", "__getSpecialProxyTarget"];

/**
 * Freezes decoded properties, except an object that has one of the proxy's own keys: a proxy over a frozen
 * object must answer with the property's own value, which the SDK's proxy does not do for those keys, so the
 * tests would throw where the real server (whose objects are not frozen) does not.
 */
function readOnly<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    if (!PROXY_KEYS.some((k) => Object.prototype.hasOwnProperty.call(value, k))) Object.freeze(value);
    for (const v of Object.values(value)) readOnly(v);
  }
  return value;
}

const decodedOnce = new WeakMap<object, Record<string, unknown>>();

/**
 * Decoded properties as the pack's policies get them: decoded once per request and shared by every policy
 * (policies/lib/decodeOnce.ts). Frozen here, so a policy that writes to what it was given throws in the
 * tests instead of changing what the next policy sees. Deep-frozen wire properties (the fuzz corpus) are
 * decoded once.
 */
function decoded(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const decode = (): Record<string, unknown> => readOnly(deserializeProperties(struct(props), false));
  if (props === undefined || !deeplyFrozen.has(props)) return decode();
  let d = decodedOnce.get(props);
  if (d === undefined) {
    d = decode();
    decodedOnce.set(props, d);
  }
  return d;
}

/** Every resource's decoded outputs, in order: what AnalyzeStack's resource list is built around. */
const decodedOutputs = (resources: readonly WireResource[]) => resources.map((r) => decoded(r.outputs ?? r.inputs));

function resourceOptions(r: WireResource): PolicyResourceOptions {
  const o = r.options ?? {};
  const opts: PolicyResourceOptions = {
    protect: o.protect ?? false,
    ignoreChanges: o.ignoreChanges ?? [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: o.additionalSecretOutputs ?? [],
  };
  if (o.deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = o.deleteBeforeReplace;
  if (r.parent) opts.parent = r.parent;
  return opts;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const t = (resourceClass as { __pulumiType?: string } | undefined)?.__pulumiType;
  return typeof t === "string" ? t === type : false;
}

export interface RunOptions {
  config?: PackConfig;
  stackTags?: Record<string, string>;
}

interface Collector {
  violations: Violation[];
  notApplicable: { policyName: string; reason?: string }[];
}

function levelOf(p: AnyPolicy, config: PackConfig): EnforcementLevel {
  return config.get(p.name)?.enforcementLevel ?? p.enforcementLevel ?? "advisory";
}

function reporter(p: AnyPolicy, level: EnforcementLevel, out: Collector) {
  return (message: string, urn?: string) => {
    out.violations.push({
      policyName: p.name,
      enforcementLevel: level,
      severity: p.severity,
      message: message ? `${p.description}\n${message}` : p.description,
      urn,
    });
  };
}

function getConfigFor(p: AnyPolicy, config: PackConfig) {
  return <T extends object>(): T => {
    const c = config.get(p.name);
    return (c ? { ...c.properties } : {}) as T;
  };
}

function handle(e: unknown, p: AnyPolicy, out: Collector): void {
  if (e instanceof UnknownValueError) {
    out.violations.push({
      policyName: p.name,
      enforcementLevel: "advisory",
      severity: p.severity,
      message: `can't run policy '${p.name}' from policy pack 'hipaa-guard@v0.1.0' during preview: ${(e as Error).message}`,
    });
  } else if (e instanceof NotApplicableError) {
    out.notApplicable.push({ policyName: p.name, reason: e.reason });
  } else {
    throw e;
  }
}

/** Analyze: every resource policy against one resource's inputs. */
export async function analyzeResource(r: WireResource, policies: readonly AnyPolicy[], opts: RunOptions = {}): Promise<Collector> {
  const config = opts.config ?? packConfig({}, policies);
  const stackTags = freezeMap(new Map(Object.entries(opts.stackTags ?? {})));
  const out: Collector = { violations: [], notApplicable: [] };
  let inputs: Record<string, unknown> | undefined;
  for (const p of policies) {
    let level = levelOf(p, config);
    if (level === "disabled" || !("validateResource" in p) || typeof p.validateResource !== "function") continue;
    if (level === "remediate") level = "mandatory";
    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
    for (const validation of validations) {
      try {
        inputs ??= decoded(r.inputs);
        const props = unknownCheckingProxy(inputs);
        const args = {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: resourceOptions(r),
          stackTags,
          isType: (c: unknown) => isTypeOf(r.type, c),
          asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
          getConfig: getConfigFor(p, config),
          notApplicable: throwNotApplicable,
        };
        await Promise.resolve(validation(args as never, reporter(p, level, out)));
      } catch (e) {
        handle(e, p, out);
      }
    }
  }
  return out;
}

/** The PolicyResource list AnalyzeStack builds, from outputs (`outputs[i]`: resource i's, decoded already). */
export function stackResources(resources: readonly WireResource[], outputs = decodedOutputs(resources)): PolicyResource[] {
  const built = resources.map((r, i) => {
    const props = unknownCheckingProxy(outputs[i]);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: resourceOptions(r),
      dependencies: [],
      propertyDependencies: {},
      isType: ((c: unknown) => isTypeOf(r.type, c)) as never,
      asType: ((c: unknown) => (isTypeOf(r.type, c) ? props : undefined)) as never,
    };
    return { resource, wire: r };
  });
  const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
  for (const { resource, wire } of built) {
    if (wire.parent && byUrn.has(wire.parent)) resource.parent = byUrn.get(wire.parent);
    resource.dependencies = (wire.dependencies ?? []).map((d) => byUrn.get(d)!).filter(Boolean);
    for (const [k, urns] of Object.entries(wire.propertyDependencies ?? {})) {
      resource.propertyDependencies[k] = urns.map((d) => byUrn.get(d)!).filter(Boolean);
    }
  }
  return built.map((b) => b.resource);
}

/** AnalyzeStack: every stack policy against all resources (outputs). */
export async function analyzeStack(resources: readonly WireResource[], policies: readonly AnyPolicy[], opts: RunOptions = {}): Promise<Collector> {
  const config = opts.config ?? packConfig({}, policies);
  const stackTags = freezeMap(new Map(Object.entries(opts.stackTags ?? {})));
  const out: Collector = { violations: [], notApplicable: [] };
  let outputs: Record<string, unknown>[] | undefined;
  for (const p of policies) {
    let level = levelOf(p, config);
    if (level === "disabled" || !("validateStack" in p) || typeof p.validateStack !== "function") continue;
    if (level === "remediate") level = "mandatory";
    try {
      // The server builds the resource list afresh for every stack policy, around properties decoded once.
      outputs ??= decodedOutputs(resources);
      const args = { resources: stackResources(resources, outputs), getConfig: getConfigFor(p, config), stackTags, notApplicable: throwNotApplicable };
      await Promise.resolve(p.validateStack(args as never, reporter(p, level, out)));
    } catch (e) {
      handle(e, p, out);
    }
  }
  return out;
}

/** A whole run: Analyze on every resource's inputs, then AnalyzeStack. */
export async function analyzeAll(resources: readonly WireResource[], policies: readonly AnyPolicy[] = packPolicies, opts: RunOptions = {}): Promise<Collector> {
  const config = opts.config ?? packConfig({}, policies);
  const out: Collector = { violations: [], notApplicable: [] };
  for (const r of resources) {
    const res = await analyzeResource(r, policies, { ...opts, config });
    out.violations.push(...res.violations);
    out.notApplicable.push(...res.notApplicable);
  }
  const st = await analyzeStack(resources, policies, { ...opts, config });
  out.violations.push(...st.violations);
  out.notApplicable.push(...st.notApplicable);
  return out;
}

/**
 * Remediate: the policy's remediateResource on the resource's inputs, deserialized with secrets kept as
 * `Secret` (proxySecrets true), result serialized back to wire form. Undefined when nothing changed.
 */
export async function remediate(r: WireResource, policy: AnyPolicy, opts: RunOptions = {}): Promise<Record<string, unknown> | undefined> {
  const config = opts.config ?? packConfig({}, [policy]);
  if (!("remediateResource" in policy) || typeof policy.remediateResource !== "function") throw new Error(`${policy.name} has no remediation`);
  const props = unknownCheckingProxy(deserializeProperties(struct(r.inputs), true));
  const args = {
    urn: r.urn,
    name: r.name,
    type: r.type,
    opts: resourceOptions(r),
    props,
    stackTags: freezeMap(new Map()),
    getConfig: getConfigFor(policy, config),
    isType: (c: unknown) => isTypeOf(r.type, c),
    asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
    notApplicable: throwNotApplicable,
  };
  const result = await Promise.resolve(policy.remediateResource(args as never));
  return result ? await serializeProperties(result) : undefined;
}

export function policyNamed(name: string, policies: readonly AnyPolicy[] = packPolicies): AnyPolicy {
  const p = policies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
}

/** Runs ONE policy over a set of resources (Analyze for each resource when it is a resource policy, else AnalyzeStack). */
export async function check(name: string, resources: readonly WireResource[], config: string | Record<string, unknown> = {}): Promise<Violation[]> {
  const policy = policyNamed(name);
  const cfg = packConfig(config);
  const out = await analyzeAll(resources, [policy], { config: cfg });
  return out.violations;
}
