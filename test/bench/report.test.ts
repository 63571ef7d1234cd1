/** The benchmark report: a markdown table with each pack's figure beside its floor or ceiling, and the targets. */
import { parseArgs } from "../../tools/bench/cli";
import type { SteadyResult } from "../../tools/bench/measure";
import { BenchResult, checkTargets, markdownReport } from "../../tools/bench/report";

const violations = (mandatory = 0) => ({ mandatory, advisory: 0, byPolicy: {} });
const steady = (perSecond: number, small: number, big: number, peakRssMb: number, mandatory = 0): SteadyResult => ({
  analyze: { resources: 10_000, concurrency: 16, ms: 10_000_000 / perSecond, perSecond, serverCpuUsPerRequest: 1_000_000 / perSecond, clientCpuUsPerRequest: 250, violations: violations(mandatory) },
  analyzeStack: [
    { resources: 1000, medianMs: small, samplesMs: [small, small, small], violations: violations() },
    { resources: 10_000, medianMs: big, samplesMs: [big, big, big], violations: violations() },
  ],
  peakRssMb,
});
const start = (medianMs: number) => ({ medianMs, samplesMs: [medianMs, medianMs, medianMs, medianMs, medianMs] });

const sample: BenchResult = {
  date: "2026-12-04T17:00:00.000Z",
  machine: { cpus: 2, cpuModel: "Test CPU", memoryGb: 8, node: "20.0.0", platform: "linux", cpuBusyAtStart: 0.02 },
  sizes: [1000, 10_000],
  settings: { startSamples: 5, analyzeStackSamples: 3, concurrency: 16, warmup: 500 },
  generated: [
    { size: 1000, base: 101, units: { archive: 12, workspace: 11, group: 4, orgUnit: 0 } },
    { size: 10_000, base: 101, units: { archive: 132, workspace: 131, group: 4, orgUnit: 0 } },
  ],
  ceiling: steady(3000, 100, 690, 400),
  packs: [
    {
      id: "hipaa-guard",
      label: "hipaa-guard 0.1.0",
      policies: { resource: 11, stack: 27 },
      sdk: { policy: "1.21.0", pulumi: "3.276.0" },
      floor: start(400),
      emptyPackStart: start(520),
      start: start(560),
      startTs: start(4000),
      steady: steady(2850, 50, 500, 250),
    },
    {
      id: "awsguard",
      label: "@pulumi/awsguard 0.3.1",
      policies: { resource: 24, stack: 2 },
      sdk: { policy: "1.21.0", pulumi: "3.248.0" },
      floor: start(700),
      start: start(2000),
      steady: steady(1500, 200, 2600, 420, 665),
    },
  ],
};

describe("markdownReport", () => {
  const table = markdownReport(sample);
  const lines = table.split("\n");

  it("has one column per pack, plus the floor/ceiling and the target", () => {
    expect(lines[0]).toBe("| measure | hipaa-guard 0.1.0 | @pulumi/awsguard 0.3.1 | floor / ceiling (same run) | target |");
    expect(lines[1]).toBe("| --- | ---: | ---: | ---: | --- |");
    const rows = lines.filter((l) => l.startsWith("| ") && !l.startsWith("| measure") && !l.startsWith("| ---"));
    for (const row of rows) expect(row.split(" | ")).toHaveLength(5);
  });

  it("puts each figure beside its floor or ceiling with the ratio and a met/missed mark", () => {
    const row = (start: string) => lines.find((l) => l.startsWith(`| ${start}`))!;
    expect(row("pack start, compiled")).toContain("560 ms = 1.40× floor ✅");
    expect(row("pack start, compiled")).toContain("2.00 s = 2.86× floor ❌");
    expect(row("pack start, compiled")).toContain(
      "node loading @pulumi/policy: 400 ms (@pulumi/policy 1.21.0, pulumi 3.276.0; a one-no-op-policy pack starts in 520 ms); 700 ms (@pulumi/policy 1.21.0, pulumi 3.248.0)",
    );
    expect(row("pack start, TypeScript")).toContain("4.00 s = 10.00× floor ❌ | — |");
    expect(row("Analyze throughput")).toContain("2,850/s = 95% ✅ | 1,500/s = 50% ❌ | no-op Analyzer: 3,000/s | ≥ 90% of ceiling");
    expect(row("Analyze: CPU time")).toContain("351 µs | 667 µs | no-op Analyzer: 333 µs; the client: 250 µs |");
    expect(row("AnalyzeStack, 10,000")).toContain("500 ms ✅ | 2.60 s ❌ | no-op Analyzer: 690 ms | < 700 ms");
    expect(row("AnalyzeStack growth")).toContain("10.0× ✅ | 13.0× ❌");
    expect(row("peak RSS")).toContain("250 MB ✅ | 420 MB ❌ | no-op Analyzer: 400 MB | < 300 MB");
    expect(row("mandatory violations")).toContain("| 0 | 665 |");
  });

  it("says where and how it was measured", () => {
    expect(table).toContain("2 × Test CPU, 8 GB, Node.js 20.0.0 (linux), CPUs 2% busy before the start.");
    expect(table).toContain("hipaa-guard 0.1.0: 11 resource + 27 stack policies");
    expect(table).toContain("10,000 = example stack (101) + 132 archive, 131 workspace, 4 group units");
  });
});

describe("checkTargets", () => {
  it("checks every target per pack", () => {
    const checks = checkTargets(sample);
    const of = (pack: string) => Object.fromEntries(checks.filter((c) => c.pack === pack).map((c) => [c.target, c.met]));
    expect(of("hipaa-guard")).toEqual({
      "start (compiled) / floor": true,
      "start (TypeScript) / floor": false,
      "Analyze throughput / ceiling": true,
      "AnalyzeStack 10000 ms": true,
      "AnalyzeStack growth": true,
      "peak RSS MB": true,
    });
    expect(Object.values(of("awsguard")).every((met) => !met)).toBe(true);
  });
});

describe("parseArgs", () => {
  it("reads sizes and switches, and refuses what it does not know", () => {
    expect(parseArgs(["--json", "--sizes", "300,1000", "--no-awsguard"])).toMatchObject({ json: true, sizes: [300, 1000], skipAwsGuard: true });
    expect(() => parseArgs(["--sizes", "1000"])).toThrow(/at least two/);
    expect(() => parseArgs(["--fast"])).toThrow(/unknown argument "--fast"/);
  });
});
