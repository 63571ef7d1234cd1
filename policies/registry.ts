import type { Policies } from "@pulumi/policy";
import { awsPolicies } from "./aws";
import type { ControlDoc, PolicyDefinition } from "./lib/define";

/**
 * The pack's contents, without starting anything: `index.ts` hands `policies` to `new PolicyPack(...)` (which
 * starts a gRPC server), while tests and the docs generator import this module.
 *
 * Areas are appended here as they land: `./workspace` and `./governance` export `PolicyDefinition[]` the same way.
 */
export const definitions: readonly PolicyDefinition[] = [...awsPolicies];

/** The ordered policies, as @pulumi/policy takes them. */
export const policies: Policies = definitions.map((d) => d.policy);

/**
 * Structured metadata of every control (HIPAA sections, cross-references, what it checks, config, preview
 * cases), in pack order, for the README baseline table and reports.
 */
export const catalog: readonly ControlDoc[] = definitions.map((d) => d.control);

export const PACK_NAME = "hipaa-guard";

const names = new Set<string>();
for (const d of definitions) {
  if (names.has(d.policy.name)) throw new Error(`duplicate policy name ${d.policy.name}`);
  names.add(d.policy.name);
}

export type { ControlDoc, PolicyDefinition } from "./lib/define";
