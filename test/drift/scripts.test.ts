import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const script = (name: string) => path.join(ROOT, "tools", "drift", name);

function sh(name: string, args: string[], options: { cwd?: string } = {}) {
  const r = spawnSync(script(name), args, { cwd: options.cwd ?? ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe("tools/drift/stacks.sh (the workflows' stack matrix)", () => {
  test("lists this repository's stacks as JSON", () => {
    const stacks = fs
      .readdirSync(ROOT)
      .flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? [])
      .sort();
    const r = sh("stacks.sh", []);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as string[]).sort()).toEqual(stacks);
    expect(stacks).toEqual(expect.arrayContaining(["dev", "prod"]));
  });

  test("another project directory; none found is an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    expect(sh("stacks.sh", [dir]).code).toBe(2);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: x\n");
    expect(sh("stacks.sh", [dir])).toMatchObject({ code: 2, stderr: expect.stringContaining("no Pulumi.<stack>.yaml") });
    for (const s of ["staging", "prod-eu"]) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
    expect(JSON.parse(sh("stacks.sh", [dir]).stdout)).toEqual(["prod-eu", "staging"]);
  });
});

test("tools/drift/pack-config.sh picks the config as npm run check does", () => {
  // The rule of tools/check/run.ts isProductionStack, read at test time.
  const run = fs.readFileSync(path.join(ROOT, "tools", "check", "run.ts"), "utf8");
  const rule = /isProductionStack = \(stack: string\) => \/(.+)\/\.test\(stack\)/.exec(run);
  const isProduction = rule ? (s: string) => new RegExp(rule[1]).test(s) : (s: string) => /^prod(uction)?([-_.].*)?$/.test(s);
  for (const stack of ["dev", "prod", "production", "prod-eu", "prod_2", "producer", "staging", "preprod"]) {
    const expected = isProduction(stack) ? "policies/config/production.json" : "policies/config/non-production.json";
    expect([stack, sh("pack-config.sh", [stack]).stdout]).toEqual([stack, expected]);
    expect(fs.existsSync(path.join(ROOT, expected))).toBe(true);
  }
  expect(sh("pack-config.sh", []).code).toBe(2);
});

test("tools/drift/pack-version.sh: the tag must be v + policies/package.json's version", () => {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as { version: string }).version;
  expect(sh("pack-version.sh", [`v${version}`, "policies"]).code).toBe(0);
  const wrong = sh("pack-version.sh", ["v99.0.0", "policies"]);
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toContain(`::error::tag v99.0.0 asks for policy pack version 99.0.0, but policies/package.json has version ${version}`);
  expect(sh("pack-version.sh", [version]).code).toBe(1); // no v
  expect(sh("pack-version.sh", []).code).toBe(2);
});
