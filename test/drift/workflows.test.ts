import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Job {
  "runs-on"?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(name: string): Workflow {
  return parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow;
}
const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);
const runs = (wf: Workflow) => allSteps(wf).flatMap((s) => (s.run ? [s.run] : []));
const stepUsing = (job: Job, action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));

const FILES = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

test("the three workflows are there", () => {
  expect(FILES.sort()).toEqual(["drift.yml", "policy-gate.yml", "policy-publish.yml"]);
});

describe.each(FILES)("%s", (file) => {
  const wf = load(file);

  test("parses, has a name, triggers, jobs with steps, and least-privilege default permissions", () => {
    expect(typeof wf.name).toBe("string");
    expect(Object.keys(wf.on).length).toBeGreaterThan(0);
    expect(wf.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(wf.jobs)) {
      expect(job["runs-on"]).toBe("ubuntu-latest");
      expect(job.steps.length).toBeGreaterThan(0);
    }
  });

  test("every action is pinned to a major version; Node is 20 with the npm cache", () => {
    for (const step of allSteps(wf)) {
      if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
      if (step.uses?.startsWith("actions/setup-node@")) expect(step.with).toEqual({ "node-version": 20, cache: "npm" });
    }
  });

  test("every `npm run X` names a script of package.json", () => {
    const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const used = runs(wf).flatMap((run) => [...run.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    for (const name of used) expect(scripts).toContain(name);
  });

  test("every local file or script it calls exists (scripts executable), and so do working directories", () => {
    const texts = [...runs(wf), ...allSteps(wf).flatMap((s) => Object.values(s.with ?? {}).map(String))];
    const paths = texts.flatMap((t) => [...t.matchAll(/(?:^|[\s"'(=])((?:\.\/)?(?:tools|policies|test|stacks|\.ci)\/[\w./-]*[\w])(?=$|[\s"')])/gm)].map((m) => m[1]));
    for (const p of paths) {
      expect({ path: p, exists: fs.existsSync(path.join(ROOT, p)) }).toEqual({ path: p, exists: true });
      if (p.endsWith(".sh")) expect(fs.statSync(path.join(ROOT, p)).mode & 0o111).not.toBe(0);
    }
    for (const step of allSteps(wf)) {
      if (step["working-directory"]) expect(fs.existsSync(path.join(ROOT, step["working-directory"]))).toBe(true);
    }
    // Policy packs named by directory: `--policy-pack DIR` and the action's policyPacks input.
    const packs = [
      ...runs(wf).flatMap((run) => [...run.matchAll(/--policy-pack ([\w./-]+)/g)].map((m) => m[1])),
      ...allSteps(wf).flatMap((s) => (typeof s.with?.policyPacks === "string" ? [s.with.policyPacks] : [])),
    ];
    for (const pack of packs) expect(fs.existsSync(path.join(ROOT, pack, "PulumiPolicy.yaml"))).toBe(true);
  });

  test("every run block is valid bash (expressions replaced)", () => {
    for (const run of runs(wf)) {
      const script = run.replace(/\$\{\{[^}]*\}\}/g, "X");
      const result = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
      expect({ script, stderr: result.stderr }).toEqual({ script, stderr: "" });
    }
  });
});

describe("policy-gate.yml", () => {
  const wf = load("policy-gate.yml");

  test("runs on pull requests: npm ci then npm test", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const test = wf.jobs.test.steps.map((s) => s.run).filter(Boolean);
    expect(test).toEqual(["npm ci", "npm test"]);
  });

  test("checks every stack of the repository (the stacks job lists Pulumi.*.yaml)", () => {
    expect(wf.jobs.stacks.steps.some((s) => s.run?.includes("tools/drift/stacks.sh"))).toBe(true);
    for (const job of [wf.jobs.check, wf.jobs.preview]) {
      expect(job.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
      expect(job.strategy?.["fail-fast"]).toBe(false);
      expect(job.needs).toEqual(["test", "stacks"]);
    }
  });

  test("npm run check writes SARIF (uploaded per stack) and markdown into the job summary, and fails on mandatory violations", () => {
    const check = wf.jobs.check;
    expect(check.permissions).toMatchObject({ "security-events": "write" });
    const text = check.steps.map((s) => s.run ?? "").join("\n");
    expect(text).toContain('npm run --silent check -- --stack "$STACK" --format sarif --out "check-$STACK.sarif"');
    expect(text).toMatch(/npm run --silent check -- --stack "\$STACK" --format markdown --out "check-\$STACK.md"/);
    expect(text).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const upload = stepUsing(check, "github/codeql-action/upload-sarif");
    expect(upload?.uses).toBe("github/codeql-action/upload-sarif@v3");
    expect(upload?.with).toEqual({ sarif_file: "check-${{ matrix.stack }}.sarif", category: "hipaa-guard-${{ matrix.stack }}" });
    expect(upload?.if).toMatch(/always\(\)/);
    const gate = check.steps[check.steps.length - 1];
    expect(gate.if).toBe("always()");
    expect(gate.run).toMatch(/1\) .*exit 1/);
  });

  test("a real pulumi preview with the pack, only with Pulumi credentials and not for forks", () => {
    const preview = wf.jobs.preview;
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.env?.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
    expect(preview.permissions).toMatchObject({ "pull-requests": "write" });
    const action = stepUsing(preview, "pulumi/actions");
    expect(action?.uses).toBe("pulumi/actions@v7");
    expect(action?.if).toBe("env.PULUMI_ACCESS_TOKEN != ''");
    expect(action?.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ steps.stack.outputs.name }}",
      policyPacks: "policies",
      policyPackConfigs: "${{ steps.stack.outputs.config }}",
      "comment-on-pr": true,
      "github-token": "${{ secrets.GITHUB_TOKEN }}",
    });
    expect(preview.steps.find((s) => s.id === "stack")?.run).toContain("tools/drift/pack-config.sh");
  });
});

describe("drift.yml", () => {
  const wf = load("drift.yml");
  const drift = wf.jobs.drift;

  test("runs daily and on demand, one job per stack, with issues: write", () => {
    expect(wf.on).toEqual({ schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }], workflow_dispatch: null });
    expect(drift.permissions).toMatchObject({ issues: "write", contents: "read" });
    expect(drift.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
  });

  test("previews with refresh, --expect-no-changes, the pack and an event log, keeping the exit code", () => {
    expect(stepUsing(drift, "pulumi/actions")?.with).toBeUndefined(); // installs the CLI only
    const preview = drift.steps.find((s) => s.id === "preview");
    const run = preview?.run ?? "";
    expect(run).toMatch(/^set \+e$/m);
    for (const flag of ["--refresh", "--expect-no-changes", "--policy-pack policies", '--policy-pack-config "$(tools/drift/pack-config.sh "$STACK")"', '--event-log "events-$STACK.jsonl"']) {
      expect(run).toContain(flag);
    }
    expect(run).toContain('echo "code=$?" >> "$GITHUB_OUTPUT"');
  });

  test("hands the exit code to tools/drift/issue.sh with a token, and keeps the event log", () => {
    const issue = drift.steps.find((s) => s.run?.includes("tools/drift/issue.sh"));
    expect(issue?.run).toBe('tools/drift/issue.sh "$STACK" "${{ steps.preview.outputs.code }}" "events-$STACK.jsonl"');
    expect(issue?.env).toMatchObject({ GH_TOKEN: "${{ github.token }}" });
    const uploads = drift.steps.filter((s) => s.uses === "actions/upload-artifact@v4");
    expect(uploads.map((s) => s.with?.path)).toContain("events-${{ matrix.stack }}.jsonl");
    expect(drift.steps.indexOf(uploads[0])).toBeLessThan(drift.steps.indexOf(issue as Step));
  });
});

describe("policy-publish.yml", () => {
  const wf = load("policy-publish.yml");
  const job = wf.jobs.publish;

  test("runs on v* tags: checks the tag against the pack version, npm ci, npm test, then publishes from policies/", () => {
    expect(wf.on).toEqual({ push: { tags: ["v*"] } });
    const runsInOrder = job.steps.map((s) => s.run ?? s.uses ?? "");
    const at = (needle: string) => runsInOrder.findIndex((r) => r.includes(needle));
    expect(at('tools/drift/pack-version.sh "$GITHUB_REF_NAME" policies')).toBeGreaterThanOrEqual(0);
    expect(at("npm ci")).toBeGreaterThan(at("pack-version.sh"));
    expect(at("npm test")).toBeGreaterThan(at("npm ci"));
    const publish = job.steps[at("pulumi policy publish")];
    expect(publish.run).toBe('pulumi policy publish "$PULUMI_ORG" --non-interactive');
    expect(publish["working-directory"]).toBe("policies");
    expect(at("pulumi policy publish")).toBeGreaterThan(at("npm test"));
    expect(job.env).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}", PULUMI_ORG: "${{ vars.PULUMI_ORG }}" });
  });

  test("the pack's npm pack holds the compiled entry point (what publish uploads)", () => {
    const main = (JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as { main: string }).main;
    expect(main).toBe("bin/index.js");
    const step = job.steps.find((s) => s.run?.includes("npm pack --dry-run"));
    expect(step?.run).toContain('"bin/index.js"');
  });
});

test("the shell scripts under tools/drift are valid bash", () => {
  for (const file of fs.readdirSync(path.join(ROOT, "tools", "drift")).filter((f) => f.endsWith(".sh"))) {
    execFileSync("bash", ["-n", path.join(ROOT, "tools", "drift", file)]);
  }
});
