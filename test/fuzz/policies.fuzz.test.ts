/**
 * Property-based tests of every policy of the pack (issue 7), one property per policy: on arbitrary, malformed,
 * unknown and secret property values of each type it applies to (Analyze), or over realistic stacks whose
 * resources of those types are mutated at random paths (AnalyzeStack), with random valid config, no policy
 * throws (an engine error blocks every deployment), none takes seconds, no violation message prints a secret's
 * plaintext (messages end up in PR comments), and no remediation returns a secret as plaintext.
 *
 * FUZZ_RUNS (cases per policy), FUZZ_SEED, FUZZ_PATH: see ./settings.ts. `npm run fuzz` runs the
 * fuzz suites alone; `FUZZ_RUNS=100000 npm run fuzz` is a deep campaign.
 */
import fc from "fast-check";
import type { WireResource } from "../policies/support/harness";
import { catalog } from "../../policies/registry";
import { checkRemediation, checkResource, checkStack } from "./drive";
import { fuzzParams, timeoutFor } from "./settings";
import { urnOf } from "./stacks";
import {
  ALL_TYPES,
  DEFINITIONS,
  DICT,
  POLICIES,
  STACKS,
  anyTypeArb,
  applyStackEdits,
  configArb,
  inputsArb,
  reportHooks,
  resolve,
  resourceEditsArb,
  resourceOptionsArb,
  stackTagsOrBaa,
  structuralArb,
} from "./corpus";
import { stackTagsArb } from "./arbitraries";

reportHooks("policies");

describe("fuzz: the fuzzed set is the whole pack", () => {
  test("every registry policy, in all three areas, with its catalog entry and the types it applies to", () => {
    expect(catalog.map((c) => c.name)).toEqual(POLICIES.map((p) => p.name));
    expect(new Set(catalog.map((c) => c.area))).toEqual(new Set(["aws", "workspace", "governance"]));
    for (const d of DEFINITIONS) {
      expect(d.control.appliesTo.length).toBeGreaterThan(0);
      expect(d.control.kind).toBe("validateStack" in d.policy ? "stack" : "resource");
    }
    expect(DICT.keys.length).toBeGreaterThan(50);
  });
});

describe("fuzz: every policy on arbitrary, malformed, unknown and secret values", () => {
  for (const d of DEFINITIONS) {
    const p = d.policy;
    const types = d.control.appliesTo.filter((t) => t !== "*");
    const typeArb = d.control.appliesTo.includes("*") ? anyTypeArb : fc.constantFrom(...types);

    if (d.control.kind === "resource") {
      test(
        `${p.name} (Analyze: ${d.control.appliesTo.length} type(s))`,
        async () => {
          await fc.assert(
            fc.asyncProperty(
              inputsArb(typeArb),
              resourceOptionsArb,
              configArb([p], {}),
              stackTagsOrBaa({}),
              async ({ type, inputs }, options, config, stackTags) => {
                const r: WireResource = { urn: urnOf(type, "fuzzed"), type, name: "fuzzed", inputs, options };
                await checkResource(r, [p], resolve(config), stackTags);
                if (d.control.remediable) await checkRemediation(r, p, resolve(config));
              },
            ),
            fuzzParams(),
          );
        },
        timeoutFor(1, 20),
      );
    } else {
      const targets = new Set(types.length > 0 ? types : ALL_TYPES);
      test(
        `${p.name} (AnalyzeStack, resources of ${d.control.appliesTo.length} type(s) mutated)`,
        async () => {
          await fc.assert(
            fc.asyncProperty(
              fc.nat({ max: STACKS.length - 1 }),
              resourceEditsArb(4),
              structuralArb([...targets]),
              configArb([p], {}),
              stackTagsArb(DICT),
              fc.boolean(),
              async (si, edits, structural, config, tags, baa) => {
                const s = STACKS[si];
                const resources = applyStackEdits(s.resources, targets, edits, structural);
                await checkStack(resources, [p], resolve(config), baa ? s.stackTags : tags);
              },
            ),
            fuzzParams(),
          );
        },
        timeoutFor(1, 40),
      );
    }
  }
});

