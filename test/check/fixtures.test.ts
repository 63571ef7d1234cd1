/**
 * Weak but valid stack configs under test/fixtures/stacks: the program accepts each (it passes stack
 * validation), and the policy pack must catch it with exactly the policies its `# expect:` header names
 * (`pass`: no mandatory violation). Run through the CLI as `npm run check -- --config-file <fixture>`.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "./cliHarness";

jest.setTimeout(120_000);

const DIR = path.join(__dirname, "../fixtures/stacks");

interface Fixture {
  file: string;
  expect: string[];
  policyPackConfig: string;
}

function fixtures(): Fixture[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(DIR, f), "utf8");
      const expect = /^# expect: (.+)$/m.exec(text)?.[1].trim();
      const policyPackConfig = /^# policy-pack-config: (\S+)$/m.exec(text)?.[1];
      if (!expect || !policyPackConfig) throw new Error(`${f}: needs "# expect:" and "# policy-pack-config:" header lines`);
      return { file: f, expect: expect === "pass" ? [] : expect.split(",").map((s) => s.trim()), policyPackConfig };
    });
}

const all = fixtures();

it("has at least 15 fixtures, AWS and Workspace ones among them", () => {
  expect(all.length).toBeGreaterThanOrEqual(15);
  expect(all.some((f) => f.expect.some((p) => p.startsWith("hipaa-aws-")))).toBe(true);
  expect(all.some((f) => f.expect.some((p) => p.startsWith("hipaa-workspace-")))).toBe(true);
});

it.each(all.map((f) => [f.file, f] as const))("%s", async (_name, f) => {
  const r = await runCli(["--quiet", "--config-file", path.join("test/fixtures/stacks", f.file), "--policy-pack-config", f.policyPackConfig, "--format", "json"]);
  if (r.code === 2) throw new Error(`the check could not run: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  const mandatory = [...new Set<string>(report.violations.filter((v: any) => v.enforcementLevel === "mandatory").map((v: any) => v.policy))].sort();
  expect(mandatory).toEqual([...f.expect].sort());
  expect(r.code).toBe(f.expect.length ? 1 : 0);
});
