import * as path from "path";
import { loadStackSource, StackSource } from "../offline/stackConfig";

/**
 * The stack's config as the CLI resolves it: `Pulumi.yaml` of `projectDir` plus the stack file, which is
 * `Pulumi.<stack>.yaml` there, or `configFile` (the CLI's `--config-file`) when given.
 */
export function loadStack(projectDir: string, stack: string, configFile?: string): StackSource {
  return loadStackSource(projectDir, stack, configFile);
}

/** `Pulumi.<name>.yaml` → `<name>`. */
export function stackNameOfFile(file: string): string | undefined {
  return /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1];
}
