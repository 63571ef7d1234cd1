/**
 * The SARIF report validates against the SARIF 2.1.0 JSON schema and carries what GitHub code scanning reads.
 * Schema and validator: the devDependency @microsoft/jest-sarif, which ships lib/schemas/sarif-2.1.0-rtm.5.json
 * and depends on ajv 6 (draft-04, the schema's dialect).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./cliHarness";

jest.setTimeout(120_000);

function sarifValidator(): (doc: unknown) => string[] {
  let base: string;
  try {
    base = path.dirname(require.resolve("@microsoft/jest-sarif/package.json"));
  } catch {
    throw new Error("install the devDependency: npm install --save-dev @microsoft/jest-sarif@1.0.0-beta.0 (SARIF 2.1.0 schema + ajv 6)");
  }
  const fromBase = (id: string) => require(require.resolve(id, { paths: [base] }));
  const Ajv = fromBase("ajv");
  const ajv = new Ajv({ schemaId: "auto", allErrors: true, validateSchema: false });
  ajv.addMetaSchema(fromBase("ajv/lib/refs/json-schema-draft-04.json"));
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(base, "lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")));
  return (doc) => (validate(doc) ? [] : validate.errors.map((e: any) => `${e.dataPath} ${e.message}`));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hipaa-sarif-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sarifOf(argv: string[]) {
  const out = path.join(dir, `${Date.now()}.sarif`);
  const r = await runCli(["--quiet", "--format", "sarif", "--out", out, ...argv]);
  return { code: r.code, sarif: JSON.parse(fs.readFileSync(out, "utf8")) };
}

it("a failing stack's SARIF is valid SARIF 2.1.0 with one rule per policy and one result per violation", async () => {
  const { code, sarif } = await sarifOf(["--config-file", "test/fixtures/stacks/Pulumi.aws-protect-data-false-prod.yaml", "--policy-pack-config", "policies/config/production.json"]);
  expect(code).toBe(1);
  expect(sarifValidator()(sarif)).toEqual([]);
  expect(sarif.version).toBe("2.1.0");
  const run = sarif.runs[0];
  const rules = run.tool.driver.rules;
  expect(new Set(rules.map((r: any) => r.id)).size).toBe(rules.length);
  const rule = rules.find((r: any) => r.id === "hipaa-aws-data-resource-protect");
  expect(rule.shortDescription.text).not.toBe("");
  expect(rule.help.text).toMatch(/Remediation: /);
  expect(rule.properties.tags).toEqual(expect.arrayContaining(["security", "hipaa:164.312(c)(1)"]));
  expect(Number(rule.properties["security-severity"])).toBeGreaterThan(0);
  expect(run.results.length).toBeGreaterThan(0);
  for (const res of run.results) {
    expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(res.level).toBe("error");
    const loc = res.locations[0];
    expect(loc.physicalLocation.artifactLocation.uri).toBe("test/fixtures/stacks/Pulumi.aws-protect-data-false-prod.yaml");
    expect(loc.logicalLocations[0].fullyQualifiedName).toMatch(/^urn:pulumi:aws-protect-data-false-prod::hipaa-guard::/);
    expect(res.message.text).toContain(loc.logicalLocations[0].fullyQualifiedName);
  }
  // AWS findings point at the archive block of the stack file.
  expect(run.results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
});

it("dev's SARIF is valid, advisory results are warnings, and the config file is relative", async () => {
  const { code, sarif } = await sarifOf([]);
  expect(code).toBe(0);
  expect(sarifValidator()(sarif)).toEqual([]);
  for (const res of sarif.runs[0].results) {
    expect(res.level).toBe("warning");
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe("Pulumi.dev.yaml");
  }
});
