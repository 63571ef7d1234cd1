/**
 * The drift report as JSON (for scripts) or Markdown (the body of the issue the drift workflow opens).
 */
import { Change, DriftReport, Violation } from "./report";

export const FORMATS = ["markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

/** GitHub refuses issue bodies over 65536 characters. */
export const DEFAULT_MAX_MARKDOWN = 60000;

/** The hidden comment the drift workflow searches for to find a stack's issue. */
export function issueMarker(stack: string): string {
  return `<!-- hipaa-guard-drift stack=${stack} -->`;
}

/** The report's title line (without the leading `# `); also the issue title. */
export function reportTitle(report: DriftReport): string {
  const stack = report.stack ?? "(unknown stack)";
  if (report.changes.length > 0) return `Drift detected in stack ${stack}`;
  if (report.violations.length > 0) return `Policy violations in stack ${stack}`;
  return `No drift in stack ${stack}`;
}

export function formatJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A table cell: one line, pipes escaped, HTML neutralised. */
function text(value: string): string {
  return value.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code in a table cell. */
function code(value: string): string {
  const oneLine = value.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = oneLine.includes("`") ? "``" : "`";
  const pad = fence === "``" ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function countBy<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(", ");
}

function summaryLine(report: DriftReport): string {
  const where = `stack **${report.stack ?? "(unknown)"}**${report.project ? ` (project ${report.project})` : ""}`;
  const when = report.summary.time ? ` at ${report.summary.time}` : "";
  const parts: string[] = [];
  if (report.changes.length === 0) {
    parts.push("found no resource that differs from the program");
  } else {
    const deleted = report.changes.filter((c) => c.outsidePulumi === "deleted").length;
    const modified = report.changes.filter((c) => c.outsidePulumi === "modified").length;
    const outside = [deleted ? `${deleted} deleted outside Pulumi` : "", modified ? `${modified} changed outside Pulumi` : ""]
      .filter(Boolean)
      .join(", ");
    parts.push(
      `found **${plural(report.changes.length, "resource")}** that differ from the program (${countBy(report.changes, (c) => c.op)}${outside ? `; ${outside}` : ""})`,
    );
  }
  const mandatory = report.summary.mandatoryViolations;
  parts.push(
    report.violations.length === 0
      ? "no policy violations"
      : `**${plural(report.violations.length, "policy violation")}** (${mandatory} mandatory, ${report.violations.length - mandatory} advisory or other)`,
  );
  return `\`pulumi preview --refresh\` of ${where}${when} ${parts.join(" and ")}.`;
}

function changeRow(change: Change): string {
  const resource = `${code(change.name)}<br><sub>${text(change.type)}</sub>`;
  const ops = change.ops.length > 1 ? `${change.op}<br><sub>steps: ${change.ops.join(", ")}</sub>` : change.op;
  const values =
    change.values.length === 0
      ? change.outsidePulumi === "deleted"
        ? "the whole resource"
        : "—"
      : change.values.map((v) => `${code(v.property)}: ${code(v.old)} → ${code(v.new)}`).join("<br>");
  const meaning = `${text(change.meaning)}${change.failed ? " (the step failed during the preview)" : ""}`;
  return `| ${resource} | ${ops} | ${meaning} | ${values} |`;
}

function violationRow(v: Violation): string {
  const level = v.enforcementLevel === "mandatory" ? "**mandatory**" : text(v.enforcementLevel);
  const resource = v.urn ? code(v.urn.slice(v.urn.lastIndexOf("::") + 2)) : "(stack)";
  const pack = v.policyPack ? `<br><sub>${text(v.policyPack)}${v.policyPackVersion ? ` ${text(v.policyPackVersion)}` : ""}</sub>` : "";
  return `| ${level} | ${code(v.policy)}${pack} | ${resource} | ${text(v.message)} |`;
}

function render(report: DriftReport, changeRows: number, violationRows: number): string {
  const out: string[] = [];
  out.push(`# ${reportTitle(report)}`, "");
  out.push(issueMarker(report.stack ?? "unknown"), "");
  out.push(summaryLine(report), "");

  if (report.changes.length > 0) {
    out.push("## Changes", "");
    out.push("Old values are the stack's state (after the refresh: the live resource), new values what `pulumi up` would set; a refresh step shows state → live. Secret values are shown as `[secret]`.", "");
    out.push("| resource | operation | what it means | property: old → new |", "| --- | --- | --- | --- |");
    for (const change of report.changes.slice(0, changeRows)) out.push(changeRow(change));
    if (changeRows < report.changes.length) {
      out.push("", `… and ${report.changes.length - changeRows} more changes: see the event-log artifact or \`npm run drift-report -- EVENTS --format json\`.`);
    }
    out.push("");
  }

  if (report.violations.length > 0) {
    out.push("## Policy violations", "");
    out.push("| level | policy | resource | message |", "| --- | --- | --- | --- |");
    for (const v of report.violations.slice(0, violationRows)) out.push(violationRow(v));
    if (violationRows < report.violations.length) out.push("", `… and ${report.violations.length - violationRows} more violations.`);
    out.push("");
  }

  if (report.remediations.length > 0) {
    out.push("## Remediations", "");
    for (const r of report.remediations) out.push(`- ${code(r.policy)} would change ${r.urn ? code(r.urn) : "the stack"}`);
    out.push("");
  }

  if (report.errors.length > 0) {
    out.push("## Preview errors", "");
    for (const e of report.errors.slice(0, 20)) out.push(`- ${text(e.length > 500 ? `${e.slice(0, 499)}…` : e)}`);
    out.push("");
  }

  if (report.malformed.length > 0) {
    out.push("## Skipped event-log lines", "");
    out.push(`${plural(report.malformed.length, "line")} of the event log could not be read and were skipped:`, "");
    for (const m of report.malformed.slice(0, 50)) out.push(`- line ${m.line}: ${text(m.error)}`);
    if (report.malformed.length > 50) out.push(`- … and ${report.malformed.length - 50} more`);
    out.push("");
  }

  out.push("<sub>Written by hipaa-guard `npm run drift-report` from the preview's event log. Secret values are never shown.</sub>", "");
  return out.join("\n");
}

/** Markdown, shortened (fewer table rows, with a note) to stay under maxChars. */
export function formatMarkdown(report: DriftReport, maxChars = DEFAULT_MAX_MARKDOWN): string {
  let changeRows = report.changes.length;
  let violationRows = report.violations.length;
  let body = render(report, changeRows, violationRows);
  while (body.length > maxChars && (changeRows > 0 || violationRows > 0)) {
    if (changeRows >= violationRows) changeRows = Math.floor(changeRows / 2);
    else violationRows = Math.floor(violationRows / 2);
    body = render(report, changeRows, violationRows);
  }
  return body;
}

export function formatReport(report: DriftReport, format: Format): string {
  return format === "json" ? formatJson(report) : formatMarkdown(report);
}
