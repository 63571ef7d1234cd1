import { governancePolicies } from "../../../policies/governance";
import { workspacePolicies } from "../../../policies/workspace";
import { Violation, WireResource, analyzeAll, packConfig } from "../support/harness";

const ALL = [...workspacePolicies, ...governancePolicies].map((d) => d.policy);

export function policy(name: string) {
  const found = ALL.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
}

/** Runs one Workspace or governance policy over a stack, Analyze and AnalyzeStack as the engine does. */
export async function run(
  name: string,
  resources: readonly WireResource[],
  config: Record<string, unknown> = {},
  stackTags: Record<string, string> = {},
): Promise<Violation[]> {
  const p = policy(name);
  const { violations } = await analyzeAll(resources, [p], { config: packConfig({ [name]: config }, [p]), stackTags });
  return violations;
}

/** The message lines after the policy description: `<type> "<name>": ...`. */
export const lines = (vs: Violation[]) => vs.map((v) => v.message.split("\n").slice(1).join(" "));
