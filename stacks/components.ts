import { ListField, readConfigValue } from "./config/schema";

export const COMPONENTS = ["archive", "workspace"] as const;
export type Component = (typeof COMPONENTS)[number];

export const componentsField: ListField = {
  kind: "list",
  items: { kind: "enum", values: COMPONENTS, description: "component" },
  default: [...COMPONENTS],
  description: "Which parts of the baseline this stack deploys: the AWS archive, the Google Workspace settings, or both.",
};

export const COMPONENTS_CONFIG_KEY = "components";

export function loadComponents(namespace: string): Set<Component> {
  return new Set(readConfigValue(namespace, COMPONENTS_CONFIG_KEY, componentsField) as Component[]);
}
