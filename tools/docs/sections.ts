import { archiveConfigSchema } from "../../stacks/archive/config";
import { componentsField } from "../../stacks/components";
import { workspaceConfigSchema } from "../../stacks/workspace/config";
import { SETTINGS } from "../../stacks/workspace/settings";
import { catalog } from "../../policies/registry";
import { configTable } from "./configTable";
import { baselineTables, packConfigTable, previewCases } from "./policyTables";
import { table } from "./markdown";

function settingsTable(): string {
  return table(
    ["setting type", "mode", "baseline", "where an administrator changes it"],
    SETTINGS.map((s) => [`\`settings/${s.type}\``, s.mode, s.requirement, s.consolePath]),
  );
}

/** Every generated README section, by marker name. */
export function generatedSections(): Record<string, string> {
  return {
    "components-config": configTable({ components: componentsField }),
    "archive-config": configTable(archiveConfigSchema),
    "workspace-config": configTable(workspaceConfigSchema),
    "workspace-settings": settingsTable(),
    "policy-baseline": baselineTables(catalog),
    "policy-config": packConfigTable(catalog),
    "policy-preview-cases": previewCases(catalog),
  };
}
