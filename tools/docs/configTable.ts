import { Field, Fields, describeAllowed } from "../../stacks/config/schema";
import { table } from "./markdown";

function defaultOf(field: Field): string {
  if ("default" in field && field.default !== undefined) return `\`${JSON.stringify(field.default)}\``;
  return "required" in field && field.required ? "required" : "unset";
}

/** Rows for every key of a config object, nested object and list-of-object keys as `parent.child`. */
function rows(fields: Fields, prefix: string): string[][] {
  return Object.entries(fields).flatMap(([key, field]) => {
    const name = `${prefix}${key}`;
    const row = [`\`${name}\``, describeAllowed(field), defaultOf(field), field.description];
    if (field.kind === "object") return [row, ...rows(field.fields, `${name}.`)];
    if (field.kind === "list" && field.items.kind === "object") return [row, ...rows(field.items.fields, `${name}[].`)];
    return [row];
  });
}

export function configTable(schema: Fields): string {
  return table(["key", "allowed", "default", "what it does"], rows(schema, ""));
}
