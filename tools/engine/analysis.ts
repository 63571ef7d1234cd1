import type { AnalyzerClient, Diagnostic, NotApplicable } from "./analyzerClient";
import type { StackResource } from "./stackResources";

export interface AppliedRemediation {
  urn: string;
  policyName: string;
  /** Top-level input properties the remediation changed (names only: values may be secret). */
  changed: string[];
  /** When it could not run (e.g. unknown during preview): the pack's message. */
  diagnostic?: string;
}

export interface AnalysisResult {
  /** Diagnostics from Analyze (per resource) and AnalyzeStack, in that order, each carrying its URN. */
  diagnostics: (Diagnostic & { source: "analyze" | "analyzeStack" })[];
  remediations: AppliedRemediation[];
  notApplicable: NotApplicable[];
  /** The resources as finally analyzed (inputs after remediation). */
  resources: StackResource[];
}

export interface AnalysisOptions {
  /** Call Remediate before Analyze (the engine does when any policy is at `remediate`). */
  remediate: boolean;
  /** Analyze calls in flight at once; the engine analyzes resources in parallel. Default 16. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

async function mapPool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * What the engine does with a configured analyzer during a preview: for each resource, Remediate (when any
 * policy remediates; the remediated inputs replace the old ones) then Analyze, with `concurrency` resources in
 * flight; then one AnalyzeStack over every resource's outputs.
 */
export async function analyzeStack(client: AnalyzerClient, resources: StackResource[], opts: AnalysisOptions): Promise<AnalysisResult> {
  const remediations: AppliedRemediation[] = [];
  const notApplicable: NotApplicable[] = [];
  let done = 0;
  const perResource = await mapPool(resources, opts.concurrency ?? 16, async (resource) => {
    let current = resource;
    if (opts.remediate) {
      const resp = await client.remediate(resource.analyze);
      for (const r of resp.remediations) {
        if (r.properties) {
          const before = current.analyze.properties;
          const after = r.properties;
          remediations.push({ urn: resource.urn, policyName: r.policyName, changed: changedKeys(before, after) });
          current = {
            ...current,
            analyze: { ...current.analyze, properties: after },
            // The deployed state follows the remediated inputs.
            stack: { ...current.stack, properties: { ...current.stack.properties, ...after } },
          };
        } else if (r.diagnostic) {
          remediations.push({ urn: resource.urn, policyName: r.policyName, changed: [], diagnostic: r.diagnostic });
        }
      }
    }
    const result = await client.analyze(current.analyze);
    notApplicable.push(...result.notApplicable);
    opts.onProgress?.(++done, resources.length);
    return {
      resource: current,
      diagnostics: result.diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn, source: "analyze" as const })),
    };
  });
  const finalResources = perResource.map((r) => r.resource);
  const stackResult = await client.analyzeStack(finalResources.map((r) => r.stack));
  notApplicable.push(...stackResult.notApplicable);
  return {
    diagnostics: [
      ...perResource.flatMap((r) => r.diagnostics),
      ...stackResult.diagnostics.map((d) => ({ ...d, source: "analyzeStack" as const })),
    ],
    remediations,
    notApplicable,
    resources: finalResources,
  };
}
