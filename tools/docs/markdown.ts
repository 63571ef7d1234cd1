/** Markdown helpers for the generated parts of the README. */

export function table(headers: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${headers.map(cell).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

const marker = (name: string, edge: "BEGIN" | "END") => `<!-- ${edge} GENERATED ${name}: npm run docs -->`;

/** Replaces the text between a named pair of markers; throws when the markers are missing. */
export function replaceSection(document: string, name: string, body: string): string {
  const begin = marker(name, "BEGIN");
  const end = marker(name, "END");
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md lacks the markers for the generated section "${name}": ${begin} ... ${end}`);
  return `${document.slice(0, start + begin.length)}\n${body.trim()}\n${document.slice(stop)}`;
}
