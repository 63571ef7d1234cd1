import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * `npm run -s fuzz-campaign`: a deep fuzz campaign over every policy of the pack. jest runs one test file on
 * one worker, and every per-policy property lives in test/fuzz/policies.fuzz.test.ts, so `npm run fuzz` with a
 * large FUZZ_RUNS uses a single core. This splits the policies over one jest process per core (stack policies
 * cost about five times a resource policy's case), prints progress from the counts each process leaves behind,
 * and writes a summary with every policy's cases, violations and "can't run" advisories.
 */

export const USAGE = `usage: npm run -s fuzz-campaign -- [options]

Runs the per-policy fuzz properties (test/fuzz/policies.fuzz.test.ts) with many cases per policy, split over
several jest processes. Exit 0 when every property passed, 1 when one failed (its counterexample is in the
worker's log), 2 on bad arguments.

  --runs N       cases per policy (default 100000)
  --seed N       fast-check seed (default: a new one, printed)
  --workers N    jest processes (default: the number of CPUs)
  --out DIR      logs, counts and summary.txt (default .cache/fuzz-campaign/<seed>)
  --only A,B     only these policies (names from policies/registry.ts)
  --help         this text
`;

export class CampaignUsageError extends Error {}

export interface CampaignArgs {
  runs: number;
  seed: number;
  workers: number;
  out?: string;
  only?: string[];
  help: boolean;
}

function wholeNumber(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new CampaignUsageError(`${flag} takes a whole number of at least ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export function parseCampaignArgs(argv: string[], defaults = { seed: Date.now() % 2 ** 31, workers: os.cpus().length }): CampaignArgs {
  const args: CampaignArgs = { runs: 100_000, seed: defaults.seed, workers: Math.max(1, defaults.workers), help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new CampaignUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--help" || flag === "-h") args.help = true;
    else if (flag === "--runs") args.runs = wholeNumber(flag, value(), 1);
    else if (flag === "--seed") args.seed = wholeNumber(flag, value(), 0);
    else if (flag === "--workers") args.workers = wholeNumber(flag, value(), 1);
    else if (flag === "--out") args.out = value();
    else if (flag === "--only") args.only = value().split(",").map((s) => s.trim()).filter(Boolean);
    else throw new CampaignUsageError(`unknown argument ${JSON.stringify(flag)}; see --help`);
  }
  return args;
}

export interface PolicyCost {
  name: string;
  kind: "resource" | "stack";
}

/** A stack policy's case (a whole stack, mutated) costs about five resource-policy cases. */
const CASE_COST: Record<PolicyCost["kind"], number> = { resource: 1, stack: 5 };

/** Splits the policies into `workers` groups of about equal cost (largest first, each to the cheapest group). */
export function splitPolicies(policies: readonly PolicyCost[], workers: number): string[][] {
  const groups = Array.from({ length: Math.min(workers, policies.length) }, () => ({ cost: 0, names: [] as string[] }));
  const byCost = [...policies].sort((a, b) => CASE_COST[b.kind] - CASE_COST[a.kind] || a.name.localeCompare(b.name));
  for (const p of byCost) {
    const cheapest = groups.reduce((min, g) => (g.cost < min.cost ? g : min));
    cheapest.names.push(p.name);
    cheapest.cost += CASE_COST[p.kind];
  }
  return groups.map((g) => g.names);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** jest `-t` pattern for exactly these policies' properties (titles are `<name> (Analyze…` or `<name> (AnalyzeStack…`). */
export function titlePattern(names: readonly string[]): string {
  return `(${names.map(escapeRegExp).join("|")}) \\(Analyze`;
}

export interface PolicyCount {
  cases: number;
  violations: number;
  cantRun: number;
}

/** Reads the counts table a fuzz suite writes to FUZZ_STATS_FILE (test/fuzz/drive.ts `Stats.table`). */
export function parseCounts(text: string): Map<string, PolicyCount> {
  const counts = new Map<string, PolicyCount>();
  for (const line of text.split("\n")) {
    const m = /^(hipaa-[a-z0-9-]+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) counts.set(m[1], { cases: Number(m[2]), violations: Number(m[3]), cantRun: Number(m[4]) });
  }
  return counts;
}

export function summaryTable(counts: ReadonlyMap<string, PolicyCount>, names: readonly string[]): string {
  const rows = names.map((n) => {
    const c = counts.get(n);
    return `| ${n} | ${c ? c.cases.toLocaleString("en-US") : "not reached"} | ${c?.violations.toLocaleString("en-US") ?? ""} | ${c?.cantRun.toLocaleString("en-US") ?? ""} |`;
  });
  return ["| policy | cases | violations | can't run (preview) |", "| --- | ---: | ---: | ---: |", ...rows].join("\n");
}

const REPO_ROOT = path.resolve(__dirname, "../..");
const SUITE = "test/fuzz/policies.fuzz.test.ts";

function registryPolicies(): PolicyCost[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { catalog } = require("../../policies/registry") as { catalog: { name: string; kind: PolicyCost["kind"] }[] };
  return catalog.map((c) => ({ name: c.name, kind: c.kind }));
}

/** FUZZ_STATS_FILE of one process; reportHooks (test/fuzz/corpus.ts) writes to it with the suite's label appended. */
const statsFile = (out: string, worker: number) => path.join(out, `counts-${worker}.txt`);
const SUITE_LABEL = "policies";

function readCounts(out: string, workers: number): Map<string, PolicyCount> {
  const all = new Map<string, PolicyCount>();
  for (let w = 0; w < workers; w++) {
    const file = `${statsFile(out, w)}.${SUITE_LABEL}`;
    if (fs.existsSync(file)) for (const [k, v] of parseCounts(fs.readFileSync(file, "utf8"))) all.set(k, v);
  }
  return all;
}

export async function main(argv: string[], log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  let args: CampaignArgs;
  let policies: PolicyCost[];
  try {
    args = parseCampaignArgs(argv);
    policies = registryPolicies();
    if (args.only) {
      const known = new Set(policies.map((p) => p.name));
      const unknown = args.only.filter((n) => !known.has(n));
      if (unknown.length > 0) throw new CampaignUsageError(`--only: no policy named ${unknown.join(", ")}; the pack has: ${[...known].join(", ")}`);
      policies = policies.filter((p) => args.only!.includes(p.name));
    }
  } catch (err) {
    if (!(err instanceof CampaignUsageError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const out = path.resolve(args.out ?? path.join(REPO_ROOT, ".cache", "fuzz-campaign", String(args.seed)));
  fs.mkdirSync(out, { recursive: true });
  const groups = splitPolicies(policies, args.workers);
  const started = Date.now();
  log(`fuzz campaign: ${args.runs.toLocaleString("en-US")} cases per policy, ${policies.length} policies, seed ${args.seed}, ${groups.length} jest processes; logs and counts in ${out}`);

  const exits = groups.map(
    (names, w) =>
      new Promise<number>((resolve) => {
        const logFile = fs.openSync(path.join(out, `worker-${w}.log`), "w");
        const child: ChildProcess = spawn(process.execPath, [require.resolve("jest/bin/jest", { paths: [REPO_ROOT] }), "--ci", SUITE, "-t", titlePattern(names)], {
          cwd: REPO_ROOT,
          stdio: ["ignore", logFile, logFile],
          env: {
            ...process.env,
            FUZZ_RUNS: String(args.runs),
            FUZZ_SEED: String(args.seed),
            FUZZ_STATS_FILE: statsFile(out, w),
            // Most of a case is short-lived garbage: a larger young generation cuts GC time by about a third.
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=128`.trim(),
          },
        });
        child.on("exit", (code) => resolve(code ?? 1));
      }),
  );
  const progress = setInterval(() => {
    const counts = readCounts(out, groups.length);
    const done = policies.filter((p) => (counts.get(p.name)?.cases ?? 0) >= args.runs).length;
    const cases = [...counts.values()].reduce((s, c) => s + c.cases, 0);
    log(`  ${Math.round((Date.now() - started) / 60_000)} min: ${done}/${policies.length} policies done, ${cases.toLocaleString("en-US")} cases`);
  }, 60_000);
  const codes = await Promise.all(exits);
  clearInterval(progress);

  const counts = readCounts(out, groups.length);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const failed = codes.map((c, w) => ({ c, w })).filter(({ c }) => c !== 0);
  const summary = [
    `Fuzz campaign, seed ${args.seed}, ${args.runs.toLocaleString("en-US")} cases per policy, ${groups.length} processes, ${minutes} min, ${new Date().toISOString()}`,
    failed.length === 0 ? "Every property passed." : `FAILED in ${failed.map(({ w }) => path.join(out, `worker-${w}.log`)).join(", ")}`,
    "",
    summaryTable(counts, policies.map((p) => p.name)),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "summary.txt"), summary);
  process.stdout.write(summary);
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`fuzz campaign failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(2);
    },
  );
}
