/**
 * `npm run fuzz-campaign` (tools/fuzz/campaign.ts): the policies split over processes by cost, each process
 * selecting exactly its policies' properties, the counts read back into one summary, and a short real campaign.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { catalog } from "../../policies/registry";
import { Stats } from "./drive";
import { main, parseCampaignArgs, parseCounts, splitPolicies, summaryTable, titlePattern } from "../../tools/fuzz/campaign";

describe("fuzz campaign arguments", () => {
  const defaults = { seed: 7, workers: 2 };
  test("defaults: 100,000 cases per policy, a new seed, one process per CPU", () => {
    expect(parseCampaignArgs([], defaults)).toEqual({ runs: 100_000, seed: 7, workers: 2, help: false });
  });
  test("flags", () => {
    expect(parseCampaignArgs(["--runs", "500", "--seed", "42", "--workers", "3", "--out", "d", "--only", "a, b"], defaults)).toEqual({
      runs: 500,
      seed: 42,
      workers: 3,
      out: "d",
      only: ["a", "b"],
      help: false,
    });
  });
  test.each([
    [["--runs", "0"], "--runs takes a whole number of at least 1, got \"0\""],
    [["--runs", "1e3x"], "--runs takes a whole number of at least 1"],
    [["--seed", "-1"], "--seed takes a whole number of at least 0"],
    [["--workers"], "--workers needs a value"],
    [["--out", "--runs"], "--out needs a value"],
    [["--fast"], 'unknown argument "--fast"'],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseCampaignArgs(argv, defaults)).toThrow(message);
  });
});

describe("splitting the pack over processes", () => {
  const pack = catalog.map((c) => ({ name: c.name, kind: c.kind }));

  test("every policy in exactly one group, groups of about equal cost", () => {
    const groups = splitPolicies(pack, 2);
    expect(groups.flat().sort()).toEqual(pack.map((p) => p.name).sort());
    const cost = (g: string[]) => g.reduce((s, n) => s + (pack.find((p) => p.name === n)!.kind === "stack" ? 5 : 1), 0);
    expect(Math.abs(cost(groups[0]) - cost(groups[1]))).toBeLessThanOrEqual(5);
  });

  test("no more groups than policies", () => {
    expect(splitPolicies(pack.slice(0, 2), 8)).toHaveLength(2);
  });

  test("a group's pattern selects its policies' property titles and no other policy's", () => {
    const [group, other] = splitPolicies(pack, 2);
    const re = new RegExp(titlePattern(group));
    for (const c of catalog) {
      const title = `fuzz: every policy on arbitrary, malformed, unknown and secret values ${c.name} (${c.kind === "stack" ? "AnalyzeStack, resources of 2 type(s) mutated" : "Analyze: 1 type(s)"})`;
      expect(re.test(title)).toBe(group.includes(c.name));
    }
    expect(other.some((n) => re.test(`${n} (Analyze`))).toBe(false);
    expect(re.test("fuzz: the fuzzed set is the whole pack every registry policy")).toBe(false);
  });
});

describe("counts", () => {
  const table = [
    "policy                                               cases violations cant-run",
    "hipaa-aws-kms-key-rotation                             1200        310        4",
    "hipaa-workspace-2sv-enforced                            900         12        0",
    "slowest engine call (CPU): 12 ms (AnalyzeStack with hipaa-workspace-2sv-enforced)",
  ].join("\n");

  test("read back from a suite's counts table", () => {
    expect(parseCounts(table)).toEqual(
      new Map([
        ["hipaa-aws-kms-key-rotation", { cases: 1200, violations: 310, cantRun: 4 }],
        ["hipaa-workspace-2sv-enforced", { cases: 900, violations: 12, cantRun: 0 }],
      ]),
    );
  });

  test("summary names a policy the campaign did not reach", () => {
    const summary = summaryTable(parseCounts(table), ["hipaa-aws-kms-key-rotation", "hipaa-aws-s3-bucket-versioning"]);
    expect(summary).toContain("| hipaa-aws-kms-key-rotation | 1,200 | 310 | 4 |");
    expect(summary).toContain("| hipaa-aws-s3-bucket-versioning | not reached |  |  |");
  });
});

describe("progress during a property", () => {
  test("the counter reports from record, at most once per interval", () => {
    const stats = new Stats();
    const reports: number[] = [];
    const policy = { name: "hipaa-aws-kms-key-rotation" } as never;
    stats.onProgress(() => reports.push(stats.cases.get("hipaa-aws-kms-key-rotation")!), 0);
    stats.record([policy], { violations: [], notApplicable: [] });
    stats.record([policy], { violations: [], notApplicable: [] });
    expect(reports).toEqual([1, 2]);
    stats.onProgress(() => reports.push(-1), 60_000);
    stats.record([policy], { violations: [], notApplicable: [] });
    expect(reports).toEqual([1, 2]);
  });
});

describe("a short real campaign", () => {
  jest.setTimeout(120_000);

  test("two policies, two processes: both reach the case count and the summary says so", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-campaign-"));
    const resource = catalog.find((c) => c.kind === "resource")!.name;
    const stack = catalog.find((c) => c.kind === "stack")!.name;
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    let code: number;
    try {
      code = await main(["--runs", "5", "--seed", "11", "--workers", "2", "--out", out, "--only", `${resource},${stack}`], (l) => lines.push(l));
    } finally {
      write.mockRestore();
    }
    expect(code).toBe(0);
    const summary = fs.readFileSync(path.join(out, "summary.txt"), "utf8");
    expect(summary).toContain("seed 11, 5 cases per policy, 2 processes");
    expect(summary).toContain("Every property passed.");
    expect(summary).toMatch(new RegExp(`\\| ${resource} \\| 5 \\|`));
    expect(summary).toMatch(new RegExp(`\\| ${stack} \\| 5 \\|`));
    expect(lines[0]).toContain("2 policies, seed 11, 2 jest processes");
  });

  test("an unknown policy name is refused with the pack's names", async () => {
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["--only", "hipaa-aws-nope"])).toBe(2);
      expect(String(err.mock.calls[0][0])).toContain("--only: no policy named hipaa-aws-nope; the pack has: hipaa-aws-");
    } finally {
      err.mockRestore();
    }
  });
});
