import * as fs from "fs";
import * as path from "path";
import { replaceSection } from "./markdown";
import { generatedSections } from "./sections";

export const README = path.resolve(__dirname, "../../README.md");

/** The README with every generated section brought up to date from the code. */
export function renderReadme(current: string): string {
  return Object.entries(generatedSections()).reduce((doc, [name, body]) => replaceSection(doc, name, body), current);
}

if (require.main === module) {
  const current = fs.readFileSync(README, "utf8");
  const next = renderReadme(current);
  if (next === current) {
    console.error("README.md is up to date");
  } else {
    fs.writeFileSync(README, next);
    console.error("README.md: generated sections rewritten");
  }
}
