import { archiveConfigSchema } from "../../stacks/archive/config";
import { configTable } from "./configTable";

/** Every generated README section, by marker name. */
export function generatedSections(): Record<string, string> {
  return {
    "archive-config": configTable(archiveConfigSchema),
  };
}
