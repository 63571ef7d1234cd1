/** `npm run check` end to end through the CLI module: real program under mocks, real pack over gRPC. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./cliHarness";

jest.setTimeout(120_000);

describe("the example stacks", () => {
  it("dev passes with no mandatory violation (json)", async () => {
    const r = await runCli(["--format", "json"]);
    const report = JSON.parse(r.stdout);
    const mandatory = report.violations.filter((v: any) => v.enforcementLevel === "mandatory");
    expect(mandatory).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.stack).toBe("dev");
    expect(report.resources.length).toBeGreaterThan(50);
    expect(report.policies).toBeGreaterThanOrEqual(20);
    expect(Number.isInteger(report.durationMs)).toBe(true);
    for (const v of report.violations) {
      expect(Object.keys(v).sort()).toEqual(["enforcementLevel", "hipaa", "message", "policy", "severity", "urn"]);
    }
    expect(r.stderr).toMatch(/running stack dev under mocks… \d+ resources/);
    expect(r.stderr).toMatch(/starting policy pack…/);
    expect(r.stderr).toMatch(/analyzing (\d+)\/\1…/);
  });

  it("prod passes with no mandatory violation under the production config (table)", async () => {
    const r = await runCli(["--stack", "prod", "--quiet"]);
    expect(r.stdout).toMatch(/^hipaa-guard check: stack prod \(Pulumi\.prod\.yaml\); policy pack hipaa-guard@\S+; policy config policies\/config\/production\.json \(default for production stacks\)/);
    expect(r.stdout).toMatch(/\d+ resources checked, \d+ policies run: 0 mandatory, \d+ advisory violations? \(/);
    expect(r.stdout).not.toMatch(/✖/);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/running stack/);
  });
});

describe("--preview", () => {
  it("leaves computed outputs unknown and says so in the header", async () => {
    const r = await runCli(["--quiet", "--preview"]);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/^hipaa-guard check: stack dev \(Pulumi\.dev\.yaml\), preview;/);
    expect(r.stdout).toMatch(/\d+ resources checked/);
  });
});

describe("formats and --out", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hipaa-check-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes markdown to --out and the table to stdout, and exits 1 on mandatory violations", async () => {
    const out = path.join(dir, "summary.md");
    const r = await runCli(["--quiet", "--config-file", "test/fixtures/stacks/Pulumi.aws-kms-rotation-2560.yaml", "--policy-pack-config", "policies/config/production.json", "--format", "markdown", "--out", out]);
    expect(r.code).toBe(1);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toMatch(/^### ❌ hipaa-guard: stack `aws-kms-rotation-2560` — 2 mandatory violations/);
    expect(md).toMatch(/#### Mandatory violations\n\n\| Severity \| Policy \| Resource \| HIPAA \| Finding \| Fix \|/);
    expect(md).toMatch(/\| `hipaa-aws-kms-key-rotation` \| `aws:kms\/key:Key` phi-archive-key \|/);
    expect(r.stdout).toMatch(/✖ mandatory hipaa-aws-kms-key-rotation {2}aws:kms\/key:Key "phi-archive-key"/);
    expect(r.stdout).toMatch(/HIPAA: 164\./);
  });

  it("renders advisory violations in a collapsible block", async () => {
    const r = await runCli(["--quiet", "--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### ✅ hipaa-guard: stack `dev` — no mandatory violations/);
    if (/advisory violation/.test(r.stdout)) expect(r.stdout).toMatch(/<details><summary>\d+ advisory violations?<\/summary>/);
  });
});

describe("bad usage and bad config exit 2 with a message and no stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["an unknown flag", ["--stak", "dev"], /^error: unknown flag --stak; allowed: --stack, /],
    ["a bad format", ["--format", "xml"], /^error: --format must be one of table \| json \| sarif \| markdown; got "xml"/],
    ["a flag without its value", ["--stack"], /^error: --stack needs a value/],
    ["a stack without a config file", ["--stack", "staging"], /^error: cannot read .*Pulumi\.staging\.yaml/],
    ["a missing policy config", ["--policy-pack-config", "nope.json"], /^error: policy pack config nope\.json does not exist/],
    ["a policy config that is not JSON", ["--policy-pack-config", "test/fixtures/policy-config/not-json.json"], /^error: test\/fixtures\/policy-config\/not-json\.json: not valid JSON/],
    ["a policy config with a bad level", ["--policy-pack-config", "test/fixtures/policy-config/bad-level.json"], /"strict" is not a valid enforcement level; allowed: advisory \| mandatory \| remediate \| disabled/],
    ["a policy config the schema refuses", ["--policy-pack-config", "test/fixtures/policy-config/out-of-range.json"], /invalid policy config:\n {2}hipaa-aws-kms-key-rotation: maxKeyRotationDays: Must be less than or equal to 2560/],
    ["an invalid stack config", ["--config-file", "test/fixtures/invalid/Pulumi.invalid-lock-mode.yaml"], /^error: test\/fixtures\/invalid\/Pulumi\.invalid-lock-mode\.yaml: Invalid stack config: hipaa-guard:archive\.objectLockMode is "STRICT"/],
    ["a project dir without Pulumi.yaml", ["--project-dir", "test/fixtures"], /^error: --project-dir test\/fixtures has no Pulumi\.yaml/],
    ["a config file that does not exist", ["--config-file", "test/fixtures/stacks/Pulumi.nope.yaml"], /^error: --config-file .*Pulumi\.nope\.yaml does not exist/],
    ["a config file not named Pulumi.<stack>.yaml without --stack", ["--config-file", "test/fixtures/policy-config/bad-level.json"], /is not named Pulumi\.<stack>\.yaml: pass --stack/],
    ["malformed pulumi:tags", ["--config-file", "test/fixtures/invalid/Pulumi.bad-tags.yaml"], /pulumi:tags must be an object of strings/],
  ];
  it.each(cases)("%s", async (_what, argv, message) => {
    const r = await runCli([...argv, "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at \S+ \(/);
    expect(r.stdout).toBe("");
  });
});
