/**
 * Runs policies on generated input through the in-process harness (test/policies/support/harness.ts, which builds
 * arguments as @pulumi/policy 1.21's server does) and checks what matters in a pipeline:
 *
 *  - no policy throws: the harness rethrows anything a policy throws except what the engine itself does not
 *    treat as an error (an UnknownValueError becomes the advisory "can't run policy during preview";
 *    `notApplicable` is collected). A throw here would be an engine error that blocks every deployment.
 *  - no policy takes seconds of CPU on one input (catastrophic regex backtracking, loops): FUZZ_SLOW_MS.
 *  - no secret plaintext in any violation message or not-applicable reason (they end up in PR comments), and a
 *    remediation never turns a secret input into a plaintext output (it would be stored in the state as such).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PackConfig, Violation, WireResource, analyzeAll, analyzeResource, analyzeStack, remediate } from "../policies/support/harness";
import { SIG_KEY, SECRET_SIG, containsSecretMark, isRecord } from "./arbitraries";

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

interface Outcome {
  violations: Violation[];
  notApplicable: { policyName: string; reason?: string }[];
}

/** Counters over a run, printed with FUZZ_REPORT=1. */
export class Stats {
  readonly cases = new Map<string, number>();
  readonly violations = new Map<string, number>();
  /** "can't run policy during preview": an UnknownValueError escaped the policy (its findings were lost). */
  readonly cantRun = new Map<string, number>();
  readonly notApplicable = new Map<string, number>();
  slowest = { ms: 0, what: "" };
  private progress?: { every: number; last: number; report: () => void };

  /** Calls `report` from `record` at most every `everyMs` (a campaign's progress). */
  onProgress(report: () => void, everyMs = 30_000): void {
    this.progress = { every: everyMs, last: Date.now(), report };
  }

  count(map: Map<string, number>, key: string, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  record(policies: readonly AnyPolicy[], out: Outcome): void {
    for (const p of policies) this.count(this.cases, p.name);
    for (const v of out.violations) {
      if (v.message.startsWith("can't run policy")) this.count(this.cantRun, v.policyName);
      else this.count(this.violations, v.policyName);
    }
    for (const n of out.notApplicable) this.count(this.notApplicable, n.policyName);
    const progress = this.progress;
    if (progress && Date.now() - progress.last >= progress.every) {
      progress.last = Date.now();
      progress.report();
    }
  }

  table(): string {
    const names = [...this.cases.keys()].sort();
    const rows = names.map(
      (n) => `${n.padEnd(52)} ${String(this.cases.get(n)).padStart(9)} ${String(this.violations.get(n) ?? 0).padStart(10)} ${String(this.cantRun.get(n) ?? 0).padStart(8)}`,
    );
    return [
      `${"policy".padEnd(52)} ${"cases".padStart(9)} ${"violations".padStart(10)} ${"cant-run".padStart(8)}`,
      ...rows,
      `slowest engine call (CPU): ${Math.round(this.slowest.ms)} ms (${this.slowest.what})`,
    ].join("\n");
  }
}

export const stats = new Stats();

/**
 * A case slower than this fails: a policy that backtracks or loops for seconds on some input holds up (or, past
 * the engine's timeout, fails) the deployment much as a throw does. Typical engine calls take a few ms.
 */
export const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 3000);

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/** A policy threw: fail with the policy, the resource and the stack trace. */
class PolicyThrew extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what} threw (an engine error that would block the deployment):\n${describeError(cause)}`);
    this.name = "PolicyThrew";
  }
}

/** One engine call: a throw becomes a PolicyThrew failure, and so does a call using more than SLOW_MS of CPU. */
async function engineCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  // CPU time, not wall time: a loaded machine (CI, a campaign beside other work) must not fail a fast call.
  const start = process.cpuUsage();
  let result: T;
  try {
    result = await run();
  } catch (e) {
    throw new PolicyThrew(what, e);
  }
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  if (ms > stats.slowest.ms) stats.slowest = { ms, what };
  if (ms > SLOW_MS) throw new Error(`${what} took ${Math.round(ms)} ms (more than FUZZ_SLOW_MS=${SLOW_MS})`);
  return result;
}

function checkMessages(out: Outcome): void {
  for (const v of out.violations) {
    if (containsSecretMark(v.message)) {
      throw new Error(`policy ${v.policyName} printed a secret's plaintext in a violation message:\n${v.message.slice(0, 2000)}`);
    }
  }
  for (const n of out.notApplicable) {
    if (containsSecretMark(n.reason)) throw new Error(`policy ${n.policyName} printed a secret's plaintext in a notApplicable reason: ${n.reason}`);
  }
}

const names = (policies: readonly AnyPolicy[]) => (policies.length > 3 ? `the whole pack (${policies.length} policies)` : policies.map((p) => p.name).join(", "));

export async function checkResource(r: WireResource, policies: readonly AnyPolicy[], config: PackConfig, stackTags: Record<string, string>): Promise<void> {
  const out = await engineCall(`Analyze of ${r.type} "${r.name}" with ${names(policies)}`, () => analyzeResource(r, policies, { config, stackTags }));
  stats.record(policies, out);
  checkMessages(out);
}

export async function checkStack(resources: readonly WireResource[], policies: readonly AnyPolicy[], config: PackConfig, stackTags: Record<string, string>): Promise<void> {
  const out = await engineCall(`AnalyzeStack with ${names(policies)}`, () => analyzeStack(resources, policies, { config, stackTags }));
  stats.record(policies, out);
  checkMessages(out);
}

export async function checkAll(resources: readonly WireResource[], policies: readonly AnyPolicy[], config: PackConfig, stackTags: Record<string, string>): Promise<void> {
  const out = await engineCall(`Analyze and AnalyzeStack with ${names(policies)}`, () => analyzeAll(resources, policies, { config, stackTags }));
  stats.record(policies, out);
  checkMessages(out);
}

/** Strings carrying a secret plaintext outside any secret wrapper, in a wire value. */
export function plaintextSecrets(v: unknown, inSecret = false, out: string[] = []): string[] {
  if (typeof v === "string") {
    if (!inSecret && containsSecretMark(v)) out.push(v.slice(0, 200));
  } else if (Array.isArray(v)) {
    for (const x of v) plaintextSecrets(x, inSecret, out);
  } else if (isRecord(v)) {
    const secret = v[SIG_KEY] === SECRET_SIG;
    for (const [k, x] of Object.entries(v)) if (k !== SIG_KEY) plaintextSecrets(x, inSecret || secret, out);
  }
  return out;
}

/** Remediate (at level remediate): no throw, not slow, and secrets stay secret in what it returns. */
export async function checkRemediation(r: WireResource, policy: AnyPolicy, config: PackConfig): Promise<void> {
  const result = await engineCall(`Remediate of ${r.type} "${r.name}" with ${policy.name}`, () => remediate(r, policy, { config }));
  if (result === undefined) return;
  const leaked = plaintextSecrets(result);
  if (leaked.length > 0) {
    throw new Error(`policy ${policy.name}'s remediation returned a secret input as plaintext (it would be stored unencrypted): ${JSON.stringify(leaked)}`);
  }
}
