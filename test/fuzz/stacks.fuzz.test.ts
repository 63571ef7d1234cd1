/**
 * Property-based tests of the whole pack (issue 7) on the compliant stacks of the policy tests (archive in v7
 * and V2 tokens, Workspace tenant, both with other resources; known and in preview) mutated at random: random
 * paths of random resources (inputs for Analyze, outputs for AnalyzeStack), resources removed, duplicated and
 * added with property dependencies on the stack's resources, random valid pack config and stack tags. No policy
 * throws, none takes seconds, no violation message prints a secret's plaintext.
 *
 * Cases per stack: FUZZ_RUNS / 10 (at least 25); see ./settings.ts.
 */
import fc from "fast-check";
import { checkAll } from "./drive";
import { FUZZ_RUNS, fuzzParams, timeoutFor } from "./settings";
import { ALL_TYPES, POLICIES, STACKS, applyStackEdits, configArb, reportHooks, resolve, resourceEditsArb, stackTagsOrBaa, structuralArb } from "./corpus";

reportHooks("stacks");

/** A whole-pack case costs about as much as 30 single-policy ones: a tenth of FUZZ_RUNS per stack. */
const SCALE = Math.max(25, Math.round(FUZZ_RUNS / 10)) / FUZZ_RUNS;

describe("fuzz: compliant stacks mutated at random, the whole pack", () => {
  for (const s of STACKS) {
    test(
      `${s.name}`,
      async () => {
        await fc.assert(
          fc.asyncProperty(resourceEditsArb(6), structuralArb(ALL_TYPES), configArb(POLICIES, s.config), stackTagsOrBaa(s.stackTags), async (edits, structural, config, tags) => {
            const resources = applyStackEdits(s.resources, undefined, edits, structural);
            await checkAll(resources, POLICIES, resolve(config), tags);
          }),
          fuzzParams(SCALE),
        );
      },
      timeoutFor(SCALE, 400),
    );
  }
});
