import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackTags } from "../check/run";
import type { PolicyPackSession } from "../engine/session";
import { generateStack, recordTemplate, Template } from "./generate";
import { measurePackStarts, measurePolicyLoad, measureSteady, openConfiguredSession, PreparedStack, prepare, SessionSetup, SteadyOptions } from "./measure";
import { awsGuardPackDir, BENCH_CACHE, compiledPackDir, emptyPackDir, PRODUCTION_CONFIG, REPO_ROOT, resolvedVersion, typeScriptPackDir } from "./packs";
import type { BenchResult, PackBench } from "./report";

export interface BenchOptions {
  sizes: number[];
  startSamples: number;
  analyzeStackSamples: number;
  concurrency: number;
  warmup: number;
  /** Leave out @pulumi/awsguard. */
  skipAwsGuard: boolean;
  /** Leave out the TypeScript-entry start. */
  skipTypeScript: boolean;
  /** Write V8 CPU profiles of the hipaa-guard pack's steady session (Analyze + AnalyzeStack) into this directory. */
  profileDir?: string;
  /** The hipaa-guard pack directory; default policies/ (compiled entry). */
  packDir?: string;
  progress: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, "progress"> = {
  sizes: [1000, 10000],
  startSamples: 5,
  analyzeStackSamples: 3,
  concurrency: 16,
  warmup: 500,
  skipAwsGuard: false,
  skipTypeScript: false,
};

/** The no-op Analyzer as a pack-like process: a launcher run-script and a directory with PulumiPolicy.yaml. */
function noopPack(): { packDir: string; runScript: string } {
  const dir = path.join(BENCH_CACHE, "noop");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: no-op Analyzer (benchmark ceiling)\n");
  const runScript = path.join(dir, "launch.js");
  const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
  const server = path.join(__dirname, "noopAnalyzer.ts");
  fs.writeFileSync(runScript, `require(${JSON.stringify(tsNode)});\nrequire(${JSON.stringify(server)}).main();\n`);
  return { packDir: dir, runScript };
}

/** The share of all CPUs' time that was busy over `ms`, from /proc/stat; undefined where there is no /proc. */
async function cpuBusyShare(ms: number): Promise<number | undefined> {
  const read = () => {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    return { idle, total: cpu.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const b = read();
    return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` with NODE_OPTIONS extended for the processes it spawns (the pack inherits process.env). */
async function withNodeOptions<T>(extra: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!extra) return fn();
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = [before, extra].filter(Boolean).join(" ");
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}

/**
 * NODE_OPTIONS that make the pack write a V8 CPU profile (`--cpu-prof` is not allowed in NODE_OPTIONS): a preload
 * starts the profiler through the inspector and, on SIGTERM (how packs are stopped), writes
 * `<dir>/pack-<pid>.cpuprofile` (open it in Chrome DevTools or speedscope) and exits.
 */
function profileNodeOptions(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const preload = path.join(BENCH_CACHE, "cpu-profile-preload.js");
  fs.writeFileSync(
    preload,
    `const fs = require("fs");
const path = require("path");
const inspector = require("inspector");
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable", () => session.post("Profiler.start"));
process.on("SIGTERM", () => {
  session.post("Profiler.stop", (err, result) => {
    if (!err) fs.writeFileSync(path.join(${JSON.stringify(path.resolve(dir))}, "pack-" + process.pid + ".cpuprofile"), JSON.stringify(result.profile));
    process.exit(0);
  });
});
`,
  );
  return `--require ${preload}`;
}

async function steady(label: string, packDir: string, setup: SessionSetup, stacks: PreparedStack[], opts: SteadyOptions, runScript?: string) {
  opts.progress?.(`${label}: starting for Analyze / AnalyzeStack…`);
  const session: PolicyPackSession = await openConfiguredSession(packDir, setup, runScript);
  try {
    const result = await measureSteady(session, stacks, opts);
    return { session, result };
  } finally {
    await session.close();
  }
}

/** `npm run bench`: every figure for each pack, beside its floor or ceiling from the same run. */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const progress = options.progress;
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const busyAtStart = await cpuBusyShare(1000);
  if (busyAtStart !== undefined && busyAtStart > 0.1) {
    progress(`warning: the CPUs were ${Math.round(busyAtStart * 100)}% busy before the benchmark started: something else is running, the figures will be noisy`);
  }

  progress("recording the example stack (prod) under mocks…");
  const template: Template = await recordTemplate();
  const generated = sizes.map((size) => generateStack(template, size));
  const stacks = generated.map((g) => prepare(g.resources));
  const { identity } = template;
  const setupBase = {
    stack: identity.stack,
    project: identity.project,
    config: identity.config,
    tags: stackTags(identity.project, identity.config, undefined, `Pulumi.${identity.stack}.yaml`),
  };

  const packs: { id: string; dir: string; setup: SessionSetup; tsDir?: string }[] = [
    { id: "hipaa-guard", dir: options.packDir ? path.resolve(options.packDir) : compiledPackDir(progress), setup: { ...setupBase, configFile: PRODUCTION_CONFIG } },
  ];
  if (!options.skipTypeScript) packs[0].tsDir = typeScriptPackDir();
  if (!options.skipAwsGuard) packs.push({ id: "awsguard", dir: awsGuardPackDir(progress), setup: { ...setupBase } });
  const steadyOpts: SteadyOptions = { concurrency: options.concurrency, warmup: options.warmup, samples: options.analyzeStackSamples, progress };

  const results: PackBench[] = [];
  for (const p of packs) {
    progress(`${p.id}: node loading @pulumi/policy × ${options.startSamples}…`);
    const floor = await measurePolicyLoad(p.dir, options.startSamples);
    let emptyPackStart;
    if (p.id === "hipaa-guard") {
      progress(`${p.id}: start of a one-no-op-policy pack on the same SDK × ${options.startSamples}…`);
      emptyPackStart = await measurePackStarts(emptyPackDir(), options.startSamples);
    }
    progress(`${p.id}: pack start (compiled entry) × ${options.startSamples}…`);
    const start = await measurePackStarts(p.dir, options.startSamples);
    let startTs;
    if (p.tsDir) {
      progress(`${p.id}: pack start (TypeScript entry) × ${options.startSamples}…`);
      startTs = await measurePackStarts(p.tsDir, options.startSamples);
    }
    const profile = p.id === "hipaa-guard" && options.profileDir ? profileNodeOptions(options.profileDir) : undefined;
    const { session, result } = await withNodeOptions(profile, () => steady(p.id, p.dir, p.setup, stacks, steadyOpts));
    const kinds = session.info.policies.map((x) => x.kind);
    results.push({
      id: p.id,
      label: p.id === "awsguard" ? `@pulumi/awsguard ${resolvedVersion(p.dir, "@pulumi/awsguard")}` : `${session.info.name} ${session.info.version}`,
      policies: { resource: kinds.filter((k) => k === "resource").length, stack: kinds.filter((k) => k === "stack").length },
      sdk: { policy: resolvedVersion(p.dir, "@pulumi/policy"), pulumi: resolvedVersion(p.dir, "@pulumi/pulumi") },
      floor,
      emptyPackStart,
      start,
      startTs,
      steady: result,
    });
  }

  const noop = noopPack();
  const { result: ceiling } = await steady("no-op Analyzer", noop.packDir, setupBase, stacks, steadyOpts, noop.runScript);

  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? "unknown CPU",
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform} ${os.release()}`,
      cpuBusyAtStart: busyAtStart === undefined ? undefined : Math.round(busyAtStart * 100) / 100,
    },
    sizes,
    settings: { startSamples: options.startSamples, analyzeStackSamples: options.analyzeStackSamples, concurrency: options.concurrency, warmup: options.warmup },
    generated: generated.map((g) => ({ size: g.resources.length, base: g.base, units: g.units })),
    ceiling,
    packs: results,
  };
}
