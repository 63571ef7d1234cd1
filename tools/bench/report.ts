import type { StartResult, SteadyResult } from "./measure";

/** One policy pack's figures from a benchmark run. */
export interface PackBench {
  id: string;
  /** e.g. `hipaa-guard 0.1.0`. */
  label: string;
  policies: { resource: number; stack: number };
  /** @pulumi/policy and @pulumi/pulumi as the pack resolves them. */
  sdk: { policy: string; pulumi: string };
  /** Floor: a fresh node loading @pulumi/policy (the pack's copy). */
  floor: StartResult;
  /** Second reference: the start of a pack with one no-op policy on the same SDK (run-policy-pack's own cost). */
  emptyPackStart?: StartResult;
  /** Start of the compiled (JavaScript) entry. */
  start: StartResult;
  /** Start of the TypeScript entry (hipaa-guard only). */
  startTs?: StartResult;
  steady: SteadyResult;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; cpuBusyAtStart?: number };
  /** Stack sizes, smallest first; the largest is used for Analyze throughput and peak memory. */
  sizes: number[];
  settings: { startSamples: number; analyzeStackSamples: number; concurrency: number; warmup: number };
  generated: { size: number; base: number; units: Record<string, number> }[];
  /** The same client against a no-op Analyzer (same stubs): the ceiling for throughput, the transport floor for AnalyzeStack. */
  ceiling: SteadyResult;
  packs: PackBench[];
}

export const TARGETS = {
  startVsFloor: 1.5,
  throughputVsCeiling: 0.9,
  analyzeStackLargestMs: 700,
  growth: 12,
  peakRssMb: 300,
} as const;

export interface TargetCheck {
  pack: string;
  target: string;
  value: number;
  limit: number;
  met: boolean;
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n >= 1000 ? `${fmt(n / 1000, 2)} s` : `${fmt(n)} ms`);
const mark = (met: boolean) => (met ? "✅" : "❌");

const largestStack = (steady: SteadyResult) => steady.analyzeStack[steady.analyzeStack.length - 1];
const smallestStack = (steady: SteadyResult) => steady.analyzeStack[0];
export const growthOf = (steady: SteadyResult) => largestStack(steady).medianMs / smallestStack(steady).medianMs;

/** Every target, per pack, with its value from this run. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const p of result.packs) {
    const ratio = p.start.medianMs / p.floor.medianMs;
    out.push({ pack: p.id, target: "start (compiled) / floor", value: ratio, limit: TARGETS.startVsFloor, met: ratio <= TARGETS.startVsFloor });
    if (p.startTs) {
      const r = p.startTs.medianMs / p.floor.medianMs;
      out.push({ pack: p.id, target: "start (TypeScript) / floor", value: r, limit: TARGETS.startVsFloor, met: r <= TARGETS.startVsFloor });
    }
    const share = p.steady.analyze.perSecond / result.ceiling.analyze.perSecond;
    out.push({ pack: p.id, target: "Analyze throughput / ceiling", value: share, limit: TARGETS.throughputVsCeiling, met: share >= TARGETS.throughputVsCeiling });
    const big = largestStack(p.steady).medianMs;
    out.push({ pack: p.id, target: `AnalyzeStack ${largestStack(p.steady).resources} ms`, value: big, limit: TARGETS.analyzeStackLargestMs, met: big < TARGETS.analyzeStackLargestMs });
    const growth = growthOf(p.steady);
    out.push({ pack: p.id, target: "AnalyzeStack growth", value: growth, limit: TARGETS.growth, met: growth <= TARGETS.growth });
    if (p.steady.peakRssMb !== undefined) {
      out.push({ pack: p.id, target: "peak RSS MB", value: p.steady.peakRssMb, limit: TARGETS.peakRssMb, met: p.steady.peakRssMb < TARGETS.peakRssMb });
    }
  }
  return out;
}

/** The results as a markdown table: each pack's figure beside the floor or ceiling measured in the same run, and the target. */
export function markdownReport(result: BenchResult): string {
  const packs = result.packs;
  const sizes = result.sizes;
  const big = sizes[sizes.length - 1];
  const small = sizes[0];
  const header = `| measure | ${packs.map((p) => p.label).join(" | ")} | floor / ceiling (same run) | target |`;
  const rule = `| --- | ${packs.map(() => "---:").join(" | ")} | ---: | --- |`;
  const rows: string[] = [];
  const row = (measure: string, cells: string[], reference: string, target: string) => rows.push(`| ${measure} | ${cells.join(" | ")} | ${reference} | ${target} |`);

  const floors = [
    ...new Set(
      packs.map(
        (p) =>
          `${ms(p.floor.medianMs)} (@pulumi/policy ${p.sdk.policy}, pulumi ${p.sdk.pulumi}` +
          (p.emptyPackStart ? `; a one-no-op-policy pack starts in ${ms(p.emptyPackStart.medianMs)}` : "") +
          ")",
      ),
    ),
  ];
  row(
    "pack start, compiled entry: spawn → port → GetAnalyzerInfo (median of " + result.settings.startSamples + ")",
    packs.map((p) => {
      const r = p.start.medianMs / p.floor.medianMs;
      return `${ms(p.start.medianMs)} = ${fmt(r, 2)}× floor ${mark(r <= TARGETS.startVsFloor)}`;
    }),
    `node loading @pulumi/policy: ${floors.join("; ")}`,
    `≤ ${TARGETS.startVsFloor}× floor`,
  );
  row(
    "pack start, TypeScript entry (run-policy-pack's ts-node, type-checked)",
    packs.map((p) => {
      if (!p.startTs) return "—";
      const r = p.startTs.medianMs / p.floor.medianMs;
      return `${ms(p.startTs.medianMs)} = ${fmt(r, 2)}× floor ${mark(r <= TARGETS.startVsFloor)}`;
    }),
    "same floor",
    `≤ ${TARGETS.startVsFloor}× floor`,
  );
  const ceiling = result.ceiling.analyze.perSecond;
  row(
    `Analyze throughput, ${result.settings.concurrency} in flight, ${fmt(big)} resources`,
    packs.map((p) => {
      const share = p.steady.analyze.perSecond / ceiling;
      return `${fmt(p.steady.analyze.perSecond)}/s = ${fmt(share * 100)}% ${mark(share >= TARGETS.throughputVsCeiling)}`;
    }),
    `no-op Analyzer: ${fmt(ceiling)}/s`,
    `≥ ${fmt(TARGETS.throughputVsCeiling * 100)}% of ceiling`,
  );
  const cpu = (t: SteadyResult["analyze"]) => (t.serverCpuUsPerRequest === undefined ? "n/a" : `${fmt(t.serverCpuUsPerRequest)} µs`);
  row(
    "Analyze: CPU time of the pack process per request (same pass)",
    packs.map((p) => cpu(p.steady.analyze)),
    `no-op Analyzer: ${cpu(result.ceiling.analyze)}; the client: ${fmt(result.ceiling.analyze.clientCpuUsPerRequest)} µs`,
    "—",
  );
  result.sizes.forEach((size, i) => {
    const isBig = i === sizes.length - 1;
    row(
      `AnalyzeStack, ${fmt(size)} resources (median of ${result.settings.analyzeStackSamples})`,
      packs.map((p) => {
        const v = p.steady.analyzeStack[i].medianMs;
        return isBig ? `${ms(v)} ${mark(v < TARGETS.analyzeStackLargestMs)}` : ms(v);
      }),
      `no-op Analyzer: ${ms(result.ceiling.analyzeStack[i].medianMs)}`,
      isBig ? `< ${TARGETS.analyzeStackLargestMs} ms` : "—",
    );
  });
  row(
    `AnalyzeStack growth ${fmt(big)} / ${fmt(small)}`,
    packs.map((p) => `${fmt(growthOf(p.steady), 1)}× ${mark(growthOf(p.steady) <= TARGETS.growth)}`),
    `no-op Analyzer: ${fmt(growthOf(result.ceiling), 1)}×`,
    `≤ ${TARGETS.growth}×`,
  );
  row(
    `peak RSS of the pack process (VmHWM) after ${fmt(big)}`,
    packs.map((p) => (p.steady.peakRssMb === undefined ? "n/a" : `${fmt(p.steady.peakRssMb)} MB ${mark(p.steady.peakRssMb < TARGETS.peakRssMb)}`)),
    result.ceiling.peakRssMb === undefined ? "n/a" : `no-op Analyzer: ${fmt(result.ceiling.peakRssMb)} MB`,
    `< ${TARGETS.peakRssMb} MB`,
  );
  row(
    `mandatory violations (Analyze + AnalyzeStack, ${fmt(big)})`,
    packs.map((p) => fmt(p.steady.analyze.violations.mandatory + largestStack(p.steady).violations.mandatory)),
    "—",
    "0 for hipaa-guard (compliant stack)",
  );
  const m = result.machine;
  const policies = packs.map((p) => `${p.label}: ${p.policies.resource} resource + ${p.policies.stack} stack policies`).join("; ");
  const composition = result.generated
    .map((g) => `${fmt(g.size)} = example stack (${g.base}) + ${Object.entries(g.units).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ")} units`)
    .join("; ");
  return [
    header,
    rule,
    ...rows,
    "",
    `${result.date}, ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryGb)} GB, Node.js ${m.node} (${m.platform})${m.cpuBusyAtStart === undefined ? "" : `, CPUs ${fmt(m.cpuBusyAtStart * 100)}% busy before the start`}. ${policies}. ` +
      `Stacks: ${composition}. Requests are built and serialized before timing (the engine does that in Go), so times are transport + the pack's decoding and work; ${result.settings.warmup} warm-up Analyze calls precede the timed pass.`,
  ].join("\n");
}
