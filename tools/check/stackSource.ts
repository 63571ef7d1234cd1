import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadStackSource, StackFileError, StackSource } from "../offline/stackConfig";

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
 * The stack's config as the CLI resolves it: `Pulumi.yaml` of `projectDir` plus the stack file, which is
 * `Pulumi.<stack>.yaml` there, or `configFile` (the CLI's `--config-file`) when given. Same rules as
 * tools/offline/stackConfig.ts `loadStackSource` (project defaults, then the stack's values, keys qualified).
 */
export function loadStack(projectDir: string, stack: string, configFile?: string): StackSource {
  if (!configFile) return loadStackSource(projectDir, stack);
  const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml"));
  const project = projectFile.name;
  if (typeof project !== "string") throw new StackFileError(`${path.join(projectDir, "Pulumi.yaml")} has no project name`);
  const config: Record<string, unknown> = {};
  const declared = projectFile.config;
  if (typeof declared === "object" && declared !== null) {
    for (const [key, decl] of Object.entries(declared as Record<string, unknown>)) {
      const isDeclaration = typeof decl === "object" && decl !== null && !Array.isArray(decl);
      const value = isDeclaration ? ((decl as Record<string, unknown>).value ?? (decl as Record<string, unknown>).default) : decl;
      if (value !== undefined) config[qualify(project, key)] = value;
    }
  }
  const stackFile = readYaml(configFile);
  for (const [key, value] of Object.entries((stackFile.config ?? {}) as Record<string, unknown>)) config[qualify(project, key)] = value;
  return { project, stack, config, configFile: path.resolve(configFile) };
}

/** `Pulumi.<name>.yaml` → `<name>`. */
export function stackNameOfFile(file: string): string | undefined {
  return /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1];
}
