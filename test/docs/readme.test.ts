import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { componentsField } from "../../stacks/components";
import { README, renderReadme } from "../../tools/docs/generate";

test("the README's generated sections match the code (run `npm run docs` when this fails)", () => {
  const current = fs.readFileSync(README, "utf8");
  expect(renderReadme(current)).toBe(current);
});

test("the README's quick start runs the tests with the command CI runs", () => {
  const readme = fs.readFileSync(README, "utf8");
  const ci = fs.readFileSync(path.resolve(__dirname, "../../.ci/run"), "utf8");
  expect(readme).toContain("npm test");
  expect(ci).toMatch(/^npm ci$/m);
  expect(ci).toMatch(/^npm test$/m);
});

test("Pulumi.yaml declares each config object the program reads, with a type and a description", () => {
  const project = parse(fs.readFileSync(path.resolve(__dirname, "../../Pulumi.yaml"), "utf8"));
  expect(project.main).toBe("stacks/");
  for (const key of ["archive", "workspace"]) {
    expect(project.config[key]).toMatchObject({ type: "object", description: expect.stringContaining("README.md") });
  }
  expect(project.config.components).toMatchObject({ type: "array", items: { type: "string" }, default: componentsField.default });
});
