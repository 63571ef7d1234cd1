import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export interface StackSource {
  project: string;
  stack: string;
  /** Fully qualified config keys (`project:key`), project defaults overlaid by the stack's values. */
  config: Record<string, unknown>;
  /** The stack config file the values came from, for reports that point at it. */
  configFile: string;
}

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackFileError(`cannot read ${file}: the file does not exist or is not readable`);
  }
  try {
    const value = parse(text) ?? {};
    if (typeof value !== "object" || Array.isArray(value)) throw new Error("the top level is not a mapping");
    return value as Record<string, unknown>;
  } catch (err) {
    throw new StackFileError(`cannot parse ${file}: ${(err as Error).message}`);
  }
}

const qualify = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);

/**
 * Project-level defaults from Pulumi.yaml's `config:` block. A declaration carries its value in `default`
 * or `value`; a bare value is its own default.
 */
function projectDefaults(project: string, declared: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof declared !== "object" || declared === null) return out;
  for (const [key, decl] of Object.entries(declared as Record<string, unknown>)) {
    const isDeclaration = typeof decl === "object" && decl !== null && !Array.isArray(decl);
    const value = isDeclaration ? ((decl as Record<string, unknown>).value ?? (decl as Record<string, unknown>).default) : decl;
    if (value !== undefined) out[qualify(project, key)] = value;
  }
  return out;
}

/**
 * Reads `Pulumi.yaml` and the stack's config file (`Pulumi.<stack>.yaml` in the project directory, or
 * `configFile`, the CLI's `--config-file`), as the CLI resolves config: project defaults, then the stack's
 * values, keys qualified with the project name.
 */
export function loadStackSource(projectDir: string, stack: string, configFile = path.join(projectDir, `Pulumi.${stack}.yaml`)): StackSource {
  const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml"));
  const project = projectFile.name;
  if (typeof project !== "string") throw new StackFileError(`${path.join(projectDir, "Pulumi.yaml")} has no project name`);
  const stackFile = readYaml(configFile);
  const stackConfig = (stackFile.config ?? {}) as Record<string, unknown>;
  const config = projectDefaults(project, projectFile.config);
  for (const [key, value] of Object.entries(stackConfig)) config[qualify(project, key)] = value;
  return { project, stack, config, configFile: path.resolve(configFile) };
}
