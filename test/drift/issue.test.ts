/**
 * tools/drift/issue.sh, the drift workflow's decision on a preview's exit code, run against a fake `gh`
 * that records its arguments and answers `gh issue list` from a file.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { issueMarker } from "../../tools/drift/format";

jest.setTimeout(60000);

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(__dirname, "fixtures");

/**
 * issue.sh runs the report through `npm run drift-report` (about a second per call, under ts-node). Most
 * tests run the same CLI transpiled once to plain JavaScript instead (DRIFT_REPORT); the first keeps npm.
 */
let fastReport = "";
beforeAll(() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "drift-cli-"));
  const src = path.join(ROOT, "tools", "drift");
  for (const file of fs.readdirSync(src).filter((f) => f.endsWith(".ts"))) {
    const js = ts.transpileModule(fs.readFileSync(path.join(src, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.writeFileSync(path.join(out, file.replace(/\.ts$/, ".js")), js);
  }
  fastReport = `node ${path.join(out, "cli.js")}`;
});

const FAKE_GH = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
const call = { args };
const bodyFile = args.indexOf("--body-file");
if (bodyFile >= 0) call.body = fs.readFileSync(args[bodyFile + 1], "utf8");
fs.appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify(call) + "\\n");
if (process.env.FAKE_GH_FAIL && args.join(" ").startsWith(process.env.FAKE_GH_FAIL)) process.exit(1);
if (args[0] === "issue" && args[1] === "list") process.stdout.write(fs.readFileSync(process.env.FAKE_GH_ISSUES, "utf8"));
if (args[0] === "issue" && args[1] === "create") console.log("https://github.com/riverbend/infra/issues/42");
`;

interface Call {
  args: string[];
  body?: string;
}

interface Outcome {
  code: number | null;
  stdout: string;
  calls: Call[];
  /** gh calls other than `issue list` and `label create`. */
  actions: string[];
  summary: string;
  dir: string;
}

function runIssue(stack: string, previewCode: string, events: string | null, issues: Array<{ number: number; body: string }> = [], env: Record<string, string> = {}): Outcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-issue-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "gh"), FAKE_GH, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "issues.json"), JSON.stringify(issues));
  const log = path.join(dir, `events-${stack}.jsonl`);
  if (events) fs.copyFileSync(path.join(FIXTURES, events), log);
  const summary = path.join(dir, "summary.md");
  const result = spawnSync(path.join(ROOT, "tools", "drift", "issue.sh"), [stack, previewCode, log], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      FAKE_GH_LOG: path.join(dir, "gh.log"),
      FAKE_GH_ISSUES: path.join(dir, "issues.json"),
      DRIFT_OUT_DIR: dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: "riverbend/infra",
      GITHUB_RUN_ID: "777",
      DRIFT_REPORT: fastReport,
      ...env,
    },
  });
  const calls: Call[] = fs.existsSync(path.join(dir, "gh.log"))
    ? fs.readFileSync(path.join(dir, "gh.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Call)
    : [];
  return {
    code: result.status,
    stdout: result.stdout + result.stderr,
    calls,
    actions: calls.filter((c) => !(c.args[0] === "issue" && c.args[1] === "list") && c.args[0] !== "label").map((c) => c.args.slice(0, 3).join(" ")),
    summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "",
    dir,
  };
}

const devIssue = { number: 7, body: `# Drift detected in stack dev\n\n${issueMarker("dev")}\n\nold report` };
const prodIssue = { number: 8, body: `# Drift detected in stack prod\n\n${issueMarker("prod")}\n\nold report` };
const otherIssue = { number: 9, body: "a drift issue someone wrote by hand, mentioning stack=dev" };

test("exit 0 (clean): closes the stack's open drift issue, with a comment; not another stack's", () => {
  const r = runIssue("dev", "0", "no-drift.jsonl", [otherIssue, prodIssue, devIssue], { DRIFT_REPORT: "" });
  expect(r.code).toBe(0);
  expect(r.actions).toEqual(["issue close 7"]);
  const close = r.calls.find((c) => c.args[1] === "close") as Call;
  expect(close.args.join(" ")).toMatch(/--comment No drift in stack dev as of .* \(https:\/\/github.com\/riverbend\/infra\/actions\/runs\/777\)/);
  const list = r.calls.find((c) => c.args[1] === "list") as Call;
  expect(list.args).toEqual(expect.arrayContaining(["--label", "drift", "--state", "open"]));
  expect(r.summary).toContain("# No drift in stack dev");
});

test("exit 0 with no open issue: nothing to do", () => {
  const r = runIssue("dev", "0", "no-drift.jsonl", [prodIssue]);
  expect(r.code).toBe(0);
  expect(r.actions).toEqual([]);
});

test("exit 7 (drift): opens one issue labelled drift, titled by the report, with the marker; the job passes", () => {
  const r = runIssue("dev", "7", "deleted-outside.jsonl", [prodIssue]);
  expect(r.code).toBe(0);
  expect(r.actions).toEqual(["issue create --title"]);
  const create = r.calls.find((c) => c.args[0] === "issue" && c.args[1] === "create") as Call;
  expect(create.args).toEqual(expect.arrayContaining(["--title", "Drift detected in stack dev", "--label", "drift"]));
  expect(create.body).toContain(issueMarker("dev"));
  expect(create.body).toContain("phi-archive-access-logs");
  expect(r.calls.some((c) => c.args[0] === "label" && c.args[1] === "create" && c.args[2] === "drift")).toBe(true);
  expect(r.stdout).toContain("::warning::Drift in stack dev: 3 resource(s)");
  expect(fs.existsSync(path.join(r.dir, "drift-dev.json"))).toBe(true);
  expect(r.summary).toContain("# Drift detected in stack dev");
});

test("exit 7 with the stack's issue open: edits it and comments, or leaves it when the report is the same", () => {
  const r = runIssue("dev", "7", "deleted-outside.jsonl", [devIssue, prodIssue]);
  expect(r.code).toBe(0);
  expect(r.actions).toEqual(["issue edit 7", "issue comment 7"]);
  const body = fs.readFileSync(path.join(r.dir, "drift-dev.md"), "utf8");
  const again = runIssue("dev", "7", "deleted-outside.jsonl", [{ number: 7, body }]);
  expect(again.code).toBe(0);
  expect(again.actions).toEqual([]);
  expect(again.stdout).toContain("up to date");
});

test("exit 7 with mandatory policy violations: the issue, and the job fails", () => {
  const r = runIssue("dev", "7", "drift.jsonl", []);
  expect(r.code).toBe(1);
  expect(r.actions).toEqual(["issue create --title"]);
  expect(r.stdout).toContain("::error::stack dev: the preview reported 1 mandatory policy violation(s)");
  const body = r.calls.find((c) => c.args[0] === "issue" && c.args[1] === "create")?.body ?? "";
  for (const plaintext of ["PLAINTEXT-SA-KEY-5f2e", "PLAINTEXT-COST-CENTER-77"]) expect(body).not.toContain(plaintext);
});

test("DRIFT_FAIL_ON_DRIFT=true fails the job on drift", () => {
  expect(runIssue("dev", "7", "deleted-outside.jsonl", [], { DRIFT_FAIL_ON_DRIFT: "true" }).code).toBe(1);
});

test("exit 1 with mandatory violations in the event log: the issue gets them, the job fails, nothing is closed", () => {
  const r = runIssue("prod", "1", "policy-violations.jsonl", [prodIssue]);
  expect(r.code).toBe(1);
  expect(r.actions).toEqual(["issue edit 8", "issue comment 8"]);
  expect(r.calls.find((c) => c.args[1] === "edit")?.body).toContain("hipaa-aws-kms-key-rotation");
});

test("any other failure (no event log): the job fails and the issue is left alone", () => {
  for (const code of ["1", "255"]) {
    const r = runIssue("dev", code, null, [devIssue]);
    expect(r.code).toBe(1);
    expect(r.calls).toEqual([]);
    expect(r.stdout).toContain(`pulumi preview of stack dev failed with exit code ${code}`);
  }
  const drifted = runIssue("dev", "7", null, [devIssue]);
  expect(drifted.code).toBe(1);
  expect(drifted.calls).toEqual([]);
});

test("a failing gh fails the job", () => {
  expect(runIssue("dev", "0", "no-drift.jsonl", [devIssue], { FAKE_GH_FAIL: "issue close" }).code).toBe(1);
  expect(runIssue("dev", "7", "deleted-outside.jsonl", [], { FAKE_GH_FAIL: "issue list" }).code).toBe(1);
});

test("bad arguments exit 2", () => {
  expect(spawnSync(path.join(ROOT, "tools", "drift", "issue.sh"), ["dev", "seven", "x.jsonl"]).status).toBe(2);
  expect(spawnSync(path.join(ROOT, "tools", "drift", "issue.sh"), ["dev"]).status).toBe(2);
});
