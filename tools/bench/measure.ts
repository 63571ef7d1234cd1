import { spawn } from "child_process";
import * as fs from "fs";
import { performance } from "perf_hooks";
import { AnalyzerClient, AnalyzeResult, toAnalyzeStackRequest } from "../engine/analyzerClient";
import { startEngineServer } from "../engine/engineServer";
import { loadPolicyPackConfigFile, reconcilePolicyPackConfig } from "../engine/policyConfig";
import { startPolicyPack } from "../engine/policyPackProcess";
import { openPolicyPack, PolicyPackSession } from "../engine/session";
import type { StackResource } from "../engine/stackResources";
import { toAnalyzeRequest } from "../engine/wire";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The floor of a pack start: a fresh `node` that only loads `@pulumi/policy` (resolved from the pack directory,
 * as the pack resolves it) and says so on stdout; spawn to that line.
 */
export async function timePolicyLoad(packDir: string): Promise<number> {
  const policy = require.resolve("@pulumi/policy", { paths: [packDir] });
  const script = `require(${JSON.stringify(policy)}); process.stdout.write("ready\\n");`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", script], { cwd: packDir, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node -e require(@pulumi/policy) exited ${code}`))));
  });
  const ms = performance.now() - t0;
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  return ms;
}

/** One pack start as the CLI starts it: spawn run-policy-pack → port line → GetAnalyzerInfo answered. */
export async function timePackStart(packDir: string, engineAddress: string, runScript?: string): Promise<number> {
  const t0 = performance.now();
  const pack = await startPolicyPack({ packDir, engineAddress, timeoutMs: 120_000, runScript });
  const client = new AnalyzerClient(pack.address);
  try {
    await client.waitForReady();
    await client.getAnalyzerInfo();
    return performance.now() - t0;
  } finally {
    client.close();
    await pack.stop();
  }
}

export interface StartResult {
  medianMs: number;
  samplesMs: number[];
}

async function repeat(n: number, fn: () => Promise<number>): Promise<StartResult> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(round(await fn()));
  return { medianMs: round(median(samples)), samplesMs: samples };
}

export const measurePolicyLoad = (packDir: string, n: number) => repeat(n, () => timePolicyLoad(packDir));

export async function measurePackStarts(packDir: string, n: number): Promise<StartResult> {
  const engine = await startEngineServer(() => undefined);
  try {
    return await repeat(n, () => timePackStart(packDir, engine.address));
  } finally {
    await engine.stop();
  }
}

/** Calls `fn` on every item with `limit` calls in flight, as the engine analyzes steps in parallel. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export interface Violations {
  mandatory: number;
  advisory: number;
  /** Mandatory violations per policy (empty for a compliant stack). */
  byPolicy: Record<string, number>;
}

function countViolations(results: AnalyzeResult[]): Violations {
  const out: Violations = { mandatory: 0, advisory: 0, byPolicy: {} };
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.enforcementLevel === "mandatory") {
        out.mandatory += 1;
        out.byPolicy[d.policyName] = (out.byPolicy[d.policyName] ?? 0) + 1;
      } else out.advisory += 1;
    }
  }
  return out;
}

export interface ThroughputResult {
  resources: number;
  concurrency: number;
  ms: number;
  perSecond: number;
  /** CPU time (user + system) the server process used per request during the pass, in µs (Linux only). */
  serverCpuUsPerRequest?: number;
  /** CPU time this (client) process used per request, in µs. */
  clientCpuUsPerRequest: number;
  violations: Violations;
}

/** User + system CPU time of a process in ms, from /proc/<pid>/stat; undefined where there is no /proc. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may contain spaces) start at state; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * Analyze over prebuilt requests (the engine builds them in Go; only the RPC is timed), `concurrency` in flight.
 * Also the CPU time both processes spent per request: on a machine with few cores they compete, so this is the
 * figure that carries over to other machines.
 */
export async function measureAnalyzeThroughput(client: AnalyzerClient, requests: readonly unknown[], concurrency: number, serverPid?: number): Promise<ThroughputResult> {
  const results: AnalyzeResult[] = [];
  const server0 = serverPid === undefined ? undefined : processCpuMs(serverPid);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(requests, concurrency, async (req) => {
    results.push(await client.analyzeRequest(req));
  });
  const ms = performance.now() - t0;
  const clientUsage = process.cpuUsage(client0);
  const server1 = serverPid === undefined ? undefined : processCpuMs(serverPid);
  const n = requests.length;
  return {
    resources: n,
    concurrency,
    ms: round(ms),
    perSecond: round((n / ms) * 1000, 0),
    serverCpuUsPerRequest: server0 !== undefined && server1 !== undefined ? round(((server1 - server0) * 1000) / n, 0) : undefined,
    clientCpuUsPerRequest: round((clientUsage.user + clientUsage.system) / n, 0),
    violations: countViolations(results),
  };
}

export interface AnalyzeStackResult {
  resources: number;
  medianMs: number;
  samplesMs: number[];
  violations: Violations;
}

/** AnalyzeStack over a prebuilt request, `samples` times; the median round trip. */
export async function measureAnalyzeStack(client: AnalyzerClient, request: unknown, resources: number, samples: number): Promise<AnalyzeStackResult> {
  const times: number[] = [];
  let last: AnalyzeResult | undefined;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    last = await client.analyzeStackRequest(request);
    times.push(round(performance.now() - t0));
  }
  return { resources, medianMs: round(median(times)), samplesMs: times, violations: countViolations(last ? [last] : []) };
}

/** VmHWM (peak resident set) of a process, in MB, from /proc/<pid>/status; undefined where there is no /proc. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Requests built and serialized ahead of time, so only the RPC (transport, the pack's decoding and work) is timed. */
export interface PreparedStack {
  size: number;
  analyzeRequests: unknown[];
  analyzeStackRequest: unknown;
}

/**
 * Serializes a request message once and makes it answer every later `serializeBinary` with those bytes: gRPC
 * serializes each call's message, which for the client (the Go engine in real life) is not what is measured.
 * The message stays an instance of its class, so the generated stubs accept it.
 */
export function preserialized<T extends { serializeBinary(): Uint8Array }>(message: T): T {
  const bytes = message.serializeBinary();
  Object.defineProperty(message, "serializeBinary", { value: () => bytes });
  return message;
}

export function prepare(resources: StackResource[]): PreparedStack {
  return {
    size: resources.length,
    analyzeRequests: resources.map((r) => preserialized(toAnalyzeRequest(r.analyze))),
    analyzeStackRequest: preserialized(toAnalyzeStackRequest(resources.map((r) => r.stack))),
  };
}

export interface SessionSetup {
  /** A --policy-pack-config file, reconciled over the pack's defaults as the CLI does; none: the pack's defaults. */
  configFile?: string;
  stack: string;
  project: string;
  tags: Record<string, string>;
  config: Record<string, unknown>;
}

/** Starts a pack as `npm run check` does and sends Configure and ConfigureStack. */
export async function openConfiguredSession(packDir: string, setup: SessionSetup, runScript?: string): Promise<PolicyPackSession> {
  const session = await openPolicyPack({ packDir, timeoutMs: 120_000, runScript });
  try {
    const given = setup.configFile ? loadPolicyPackConfigFile(setup.configFile) : {};
    // A pack without config support (the no-op) gets no Configure, as the CLI skips it.
    if (session.info.policies.length > 0) await session.client.configure(reconcilePolicyPackConfig(session.info, given, setup.configFile).config);
    await session.client.configureStack({
      stack: setup.stack,
      project: setup.project,
      organization: "organization",
      dryRun: true,
      tags: setup.tags,
      config: Object.fromEntries(Object.entries(setup.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    });
    return session;
  } catch (err) {
    await session.close();
    throw err;
  }
}

export interface SteadyResult {
  analyze: ThroughputResult;
  analyzeStack: AnalyzeStackResult[];
  peakRssMb?: number;
}

export interface SteadyOptions {
  /** Analyze calls in flight. */
  concurrency: number;
  /** Resources analyzed before timing starts (JIT and connection warm-up), from the start of the largest stack. */
  warmup: number;
  /** AnalyzeStack samples per size. */
  samples: number;
  progress?: (line: string) => void;
}

/**
 * Everything measured against one running pack: Analyze throughput over the largest stack, then AnalyzeStack per
 * stack size (smallest first), then the pack's peak RSS.
 */
export async function measureSteady(session: PolicyPackSession, stacks: PreparedStack[], opts: SteadyOptions): Promise<SteadyResult> {
  const progress = opts.progress ?? (() => undefined);
  const largest = stacks[stacks.length - 1];
  if (opts.warmup > 0) await pool(largest.analyzeRequests.slice(0, opts.warmup), opts.concurrency, async (r) => void (await session.client.analyzeRequest(r)));
  progress(`  Analyze × ${largest.size}, ${opts.concurrency} in flight…`);
  const analyze = await measureAnalyzeThroughput(session.client, largest.analyzeRequests, opts.concurrency, session.pack.pid);
  const analyzeStack: AnalyzeStackResult[] = [];
  for (const s of stacks) {
    progress(`  AnalyzeStack × ${s.size} (${opts.samples} times)…`);
    analyzeStack.push(await measureAnalyzeStack(session.client, s.analyzeStackRequest, s.size, opts.samples));
  }
  return { analyze, analyzeStack, peakRssMb: peakRssMb(session.pack.pid) };
}
