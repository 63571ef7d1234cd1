import type { PolicyDefinition } from "../lib/define";
import baaCoveredServices from "./baaCoveredServices";
import baaStackTags from "./baaStackTags";

/** The governance controls (Business Associate Agreements), in the order of the README baseline table. */
export const governancePolicies: PolicyDefinition[] = [baaStackTags, baaCoveredServices];
