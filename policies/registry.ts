import type { Policies } from "@pulumi/policy";
import { awsPolicies } from "./aws";
import { governancePolicies } from "./governance";
import type { ControlDoc, PolicyDefinition } from "./lib/define";
import { workspacePolicies } from "./workspace";

/**
 * The pack's contents, without starting anything: `index.ts` hands `policies` to `new PolicyPack(...)` (which
 * starts a gRPC server), while tests and the docs generator import this module.
 */
export const definitions: readonly PolicyDefinition[] = [...awsPolicies, ...workspacePolicies, ...governancePolicies];

/** The ordered policies, as @pulumi/policy takes them. */
export const policies: Policies = definitions.map((d) => d.policy);

/**
 * Structured metadata of every control (HIPAA sections, cross-references, what it checks, config, preview
 * cases), in pack order, for the README baseline table and reports.
 */
export const catalog: readonly ControlDoc[] = definitions.map((d) => d.control);

/**
 * Every case where a policy reports "cannot be verified during preview" instead of passing: a mandatory
 * decision needs a value the engine does not know yet and no property dependency settles it (README list).
 */
export const previewCases: readonly { policy: string; case: string }[] = catalog.flatMap((c) => c.previewUnknowns.map((text) => ({ policy: c.name, case: text })));

export const PACK_NAME = "hipaa-guard";

const names = new Set<string>();
for (const d of definitions) {
  if (names.has(d.policy.name)) throw new Error(`duplicate policy name ${d.policy.name}`);
  names.add(d.policy.name);
}

export type { ControlDoc, PolicyDefinition } from "./lib/define";
