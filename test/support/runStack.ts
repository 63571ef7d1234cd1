import * as path from "path";
import { ProgramRun, RecordedResource, recordProgram } from "../../tools/offline/recordProgram";
import { loadStackSource } from "../../tools/offline/stackConfig";

export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** The program as Pulumi loads it: the module named by Pulumi.yaml's `main`. */
function loadProgram(): () => Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(PROJECT_DIR, "stacks"));
}

/** Runs the program with an example stack's config, as `pulumi up` would; a program error fails the test. */
export async function runExampleStack(stack: string, options: { preview?: boolean } = {}): Promise<ProgramRun> {
  const source = loadStackSource(PROJECT_DIR, stack);
  const run = await recordProgram(loadProgram(), { project: source.project, stack, config: source.config, preview: options.preview });
  if (run.error) throw run.error;
  return run;
}

/**
 * Runs the program with config given in the test (keys relative to the project namespace) and returns the
 * run, error included, so tests can assert both what failed and what was registered before.
 */
export function attemptWithConfig(config: Record<string, unknown>, stack = "test"): Promise<ProgramRun> {
  const qualified = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `hipaa-guard:${k}`, v]));
  return recordProgram(loadProgram(), { project: "hipaa-guard", stack, config: qualified });
}

/** Like attemptWithConfig, for config that must work: a program error fails the test. */
export async function runWithConfig(config: Record<string, unknown>, stack = "test"): Promise<ProgramRun> {
  const run = await attemptWithConfig(config, stack);
  if (run.error) throw run.error;
  return run;
}

export function ofType(run: ProgramRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function named(run: ProgramRun, type: string, name: string): RecordedResource {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  if (!found) {
    const names = ofType(run, type).map((r) => r.name);
    throw new Error(`no ${type} named ${name}; registered: ${names.join(", ") || "none"}`);
  }
  return found;
}

/** The resources whose property `prop` was set from resource `target` (a Pulumi property dependency). */
export function dependentsOf(run: ProgramRun, target: RecordedResource, prop: string): RecordedResource[] {
  return run.resources.filter((r) => r.propertyDependencies[prop]?.includes(target.urn));
}
