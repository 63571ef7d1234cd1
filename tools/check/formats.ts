import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { PolicyInfo } from "../engine/analyzerClient";
import { CheckResult, hipaaSections, Violation } from "./run";

export const FORMATS = ["table", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

const SEVERITY_ORDER = ["critical", "high", "medium", "low"] as const;

export function counts(result: CheckResult) {
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const advisory = result.violations.filter((v) => v.enforcementLevel === "advisory").length;
  const policiesRun = result.policies.filter((p) => result.levels[p.name] !== "disabled").length;
  return { mandatory, advisory, policiesRun };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function configNote(result: CheckResult): string {
  const file = result.policyPackConfig.file;
  return result.policyPackConfig.defaulted
    ? `${file} (default for ${path.basename(file) === "production.json" ? "production" : "non-production"} stacks)`
    : file;
}

export function summaryLine(result: CheckResult): string {
  const c = counts(result);
  return (
    `${result.resources.length} resources checked, ${c.policiesRun} policies run: ` +
    `${c.mandatory} mandatory, ${c.advisory} advisory violation${c.advisory === 1 ? "" : "s"} ` +
    `(${seconds(result.timings.totalMs)}: program ${seconds(result.timings.programMs)} while the pack started in ${seconds(result.timings.packStartMs)}, analysis ${seconds(result.timings.analysisMs)})`
  );
}

const indent = (text: string, pad: string) => text.split("\n").map((l) => pad + l).join("\n");

export function formatTable(result: CheckResult): string {
  const out: string[] = [];
  out.push(
    `hipaa-guard check: stack ${result.stack} (${result.configFile})${result.preview ? ", preview" : ""}; ` +
      `policy pack ${result.pack.name}@${result.pack.version}; policy config ${configNote(result)}`,
  );
  for (const name of result.unknownPolicies) out.push(`note: ${result.policyPackConfig.file} configures "${name}", which is not a policy of this pack (ignored)`);
  out.push("");
  for (const severity of SEVERITY_ORDER) {
    const group = result.violations.filter((v) => v.severity === severity);
    if (group.length === 0) continue;
    out.push(`${severity.toUpperCase()} (${group.length})`);
    for (const v of group) {
      out.push(`  ${v.enforcementLevel === "mandatory" ? "✖" : "!"} ${v.enforcementLevel.padEnd(9)} ${v.policy}  ${v.type} "${v.name}"`);
      out.push(indent(v.message, "      "));
      if (v.hipaa.length) out.push(`      HIPAA: ${v.hipaa.join(", ")}`);
      if (v.remediationSteps && !v.message.includes(v.remediationSteps)) out.push(`      Fix: ${v.remediationSteps}`);
    }
    out.push("");
  }
  if (result.remediations.length) {
    out.push(`REMEDIATED (${result.remediations.length})`);
    for (const r of result.remediations) out.push(`  ${r.policy}  ${r.urn}: changed ${r.changed.join(", ") || "nothing"}`);
    out.push("");
  }
  if (result.violations.length === 0) out.push("No violations.", "");
  out.push(summaryLine(result));
  return out.join("\n") + "\n";
}

export function formatJson(result: CheckResult): string {
  return (
    JSON.stringify(
      {
        stack: result.stack,
        resources: result.resources.map((r) => ({ urn: r.urn, type: r.type })),
        policies: counts(result).policiesRun,
        violations: result.violations.map((v) => ({
          policy: v.policy,
          enforcementLevel: v.enforcementLevel,
          severity: v.severity,
          urn: v.urn,
          message: v.message,
          hipaa: v.hipaa,
        })),
        durationMs: result.timings.totalMs,
      },
      null,
      2,
    ) + "\n"
  );
}

/** GitHub code scanning reads `security-severity` (0-10): critical > 9, high 7-8.9, medium 4-6.9, low < 4. */
export const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", unspecified: "3.0" };

/** The 1-based line of a top-level config key (`hipaa-guard:archive:` for AWS policies), else 1. */
function lineOf(configText: string | undefined, area: string | undefined): number {
  if (!configText || !area) return 1;
  const key = area === "aws" ? "archive" : area === "workspace" ? "workspace" : area === "governance" ? "pulumi:tags" : undefined;
  if (!key) return 1;
  const lines = configText.split("\n");
  const i = lines.findIndex((l) => new RegExp(`^\\s*(\\S+:)?${key.replace(/[:]/g, "\\:")}:\\s*$`).test(l));
  return i >= 0 ? i + 1 : 1;
}

function level(l: string): "error" | "warning" | "note" | "none" {
  return l === "mandatory" || l === "remediate" ? "error" : l === "advisory" ? "warning" : "none";
}

function ruleOf(p: PolicyInfo, result: CheckResult) {
  const sections = hipaaSections(p);
  const tags = [...new Set(["security", "hipaa", ...p.tags, ...sections.map((s) => `hipaa:${s}`)])];
  const helpText = [
    p.description,
    sections.length ? `HIPAA: ${sections.join(", ")}` : "",
    p.remediationSteps ? `Remediation: ${p.remediationSteps}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const helpMarkdown = [
    p.description,
    sections.length ? `**HIPAA:** ${sections.join(", ")}` : "",
    p.remediationSteps ? `**Remediation:** ${p.remediationSteps}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    id: p.name,
    name: p.displayName || p.name,
    shortDescription: { text: p.displayName || p.name },
    fullDescription: { text: p.description || p.displayName || p.name },
    help: { text: helpText, markdown: helpMarkdown },
    ...(p.url ? { helpUri: p.url } : {}),
    defaultConfiguration: { level: level(result.levels[p.name] ?? p.enforcementLevel), enabled: result.levels[p.name] !== "disabled" },
    properties: {
      tags,
      "security-severity": SECURITY_SEVERITY[p.severity] ?? "3.0",
      precision: "very-high",
      severity: p.severity,
      ...(p.framework ? { framework: `${p.framework.name}: ${p.framework.specification}` } : {}),
    },
  };
}

export function formatSarif(result: CheckResult): string {
  const rules = result.policies.map((p) => ruleOf(p, result));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  let configText: string | undefined;
  try {
    configText = fs.readFileSync(result.configFile, "utf8");
  } catch {
    configText = undefined;
  }
  const uri = result.configFile.split("\\").join("/");
  const areaOf = (policy: string) => result.policies.find((p) => p.name === policy)?.tags.find((t) => t.startsWith("area:"))?.slice(5);
  const results = result.violations.map((v: Violation) => ({
    ruleId: v.policy,
    ...(index.has(v.policy) ? { ruleIndex: index.get(v.policy) } : {}),
    level: level(v.enforcementLevel),
    message: { text: `${v.message}\n\nResource: ${v.urn || "(stack)"}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%" }, region: { startLine: lineOf(configText, areaOf(v.policy)) } },
        logicalLocations: [{ name: v.name || result.stack, fullyQualifiedName: v.urn || `stack ${result.stack}`, kind: "resource" }],
      },
    ],
    partialFingerprints: { "hipaaGuardViolation/v1": createHash("sha256").update(`${v.policy}\0${v.urn}\0${v.message}`).digest("hex").slice(0, 32) },
    properties: { enforcementLevel: v.enforcementLevel, severity: v.severity, hipaa: v.hipaa, stack: result.stack },
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "hipaa-guard", version: result.pack.version, semanticVersion: result.pack.version, informationUri: "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C", rules } },
        automationDetails: { id: `hipaa-guard/${result.stack}/` },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: { stack: result.stack, policyPackConfig: result.policyPackConfig.file, resources: result.resources.length },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

function mdTable(violations: Violation[]): string[] {
  const rows = ["| Severity | Policy | Resource | HIPAA | Finding | Fix |", "| --- | --- | --- | --- | --- | --- |"];
  for (const v of violations) {
    rows.push(
      `| ${v.severity} | \`${v.policy}\` | \`${cell(v.type)}\` ${cell(v.name)} | ${cell(v.hipaa.join(", "))} | ${cell(v.message)} | ${cell(v.remediationSteps)} |`,
    );
  }
  return rows;
}

export function formatMarkdown(result: CheckResult): string {
  const c = counts(result);
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
  const advisory = result.violations.filter((v) => v.enforcementLevel !== "mandatory");
  const out = [
    `### ${c.mandatory === 0 ? "✅" : "❌"} hipaa-guard: stack \`${result.stack}\` — ${c.mandatory === 0 ? "no mandatory violations" : `${c.mandatory} mandatory violation${c.mandatory === 1 ? "" : "s"}`}`,
    "",
    `${summaryLine(result)}. Stack config \`${result.configFile}\`, policy config \`${result.policyPackConfig.file}\`, pack \`${result.pack.name}@${result.pack.version}\`${result.preview ? ", preview" : ""}.`,
    "",
  ];
  if (mandatory.length) out.push("#### Mandatory violations", "", ...mdTable(mandatory), "");
  if (advisory.length) {
    out.push(`<details><summary>${advisory.length} advisory violation${advisory.length === 1 ? "" : "s"}</summary>`, "", ...mdTable(advisory), "", "</details>", "");
  }
  return out.join("\n");
}

export function format(result: CheckResult, f: Format): string {
  switch (f) {
    case "json":
      return formatJson(result);
    case "sarif":
      return formatSarif(result);
    case "markdown":
      return formatMarkdown(result);
    default:
      return formatTable(result);
  }
}
