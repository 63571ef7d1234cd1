import type { ControlDoc } from "../../policies/registry";
import { table } from "./markdown";

const AREAS: { area: ControlDoc["area"]; title: string }[] = [
  { area: "aws", title: "AWS archive" },
  { area: "workspace", title: "Google Workspace" },
  { area: "governance", title: "Governance (Business Associate Agreements)" },
];

function crossReferences(control: ControlDoc): string {
  const refs = control.crossReferences;
  const parts = [
    ...(refs.awsConfig ?? []).map((id) => `AWS Config ${id}`),
    ...(refs.checkov ?? []).map((id) => `Checkov ${id}`),
    ...(refs.prowler ?? []).map((id) => `Prowler ${id}`),
    ...(refs.scuba ?? []).map((id) => `SCuBA ${id}`),
    ...(refs.cis ?? []).map((id) => `CIS ${id}`),
  ];
  return parts.join(", ") || "—";
}

/** The baseline: every control of the pack, by area, from the metadata beside each policy. */
export function baselineTables(catalog: readonly ControlDoc[]): string {
  return AREAS.map(({ area, title }) => {
    const rows = catalog
      .filter((c) => c.area === area)
      .map((c) => [
        `\`${c.name}\``,
        c.severity,
        c.enforcementLevel + (c.remediable ? " (remediable)" : ""),
        c.hipaa.join(", "),
        crossReferences(c),
        c.checks,
      ]);
    return `#### ${title}\n\n${table(["policy", "severity", "default level", "HIPAA (45 CFR)", "same control elsewhere", "what it checks"], rows)}`;
  }).join("\n\n");
}

/** Every policy setting a `--policy-pack-config` file may change. */
export function packConfigTable(catalog: readonly ControlDoc[]): string {
  const rows = catalog.flatMap((c) =>
    c.config.map((k) => [`\`${c.name}\``, `\`${k.key}\``, k.type, `\`${JSON.stringify(k.default)}\``, k.description]),
  );
  return table(["policy", "key", "type", "default", "meaning"], rows);
}

/** The cases where a mandatory decision needs a value unknown during preview: reported, never passed. */
export function previewCases(catalog: readonly ControlDoc[]): string {
  return catalog
    .filter((c) => c.previewUnknowns.length > 0)
    .map((c) => `- \`${c.name}\`: ${c.previewUnknowns.join("; ")}`)
    .join("\n");
}
