import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * Policy configuration: each policy declares `configSchema` (JSON Schema, served to the engine), with a
 * `default` on every property. The Pulumi CLI fills those defaults in, merges `--policy-pack-config`, and
 * validates the result with gojsonschema before the pack runs (pkg/resource/analyzer/config.go,
 * ReconcilePolicyPackConfig), so `getConfig()` normally returns complete, valid values.
 *
 * `readConfig` re-applies the defaults and re-validates anyway, and also rejects keys the schema does not
 * declare (the engine's top-level schema allows extra keys, so a typo such as `minRetentionDay` would otherwise
 * be ignored silently). A bad value throws `PolicyConfigError`, which @pulumi/policy reports as an error of the
 * run, not as a pass.
 */
export class PolicyConfigError extends Error {
  constructor(
    readonly policyName: string,
    readonly problems: string[],
  ) {
    super(`invalid config for policy ${policyName}: ${problems.join("; ")}`);
    this.name = "PolicyConfigError";
  }
}

/** Shared schema fragments, so the same setting means the same thing in every policy that takes it. */
export const configProperties = {
  minRetentionDays: {
    type: "integer",
    minimum: 1,
    maximum: 36500,
    default: 2192,
    description:
      "Minimum retention in days: 6 years (164.316(b)(2)(i)) counted as 6 x 365.25 days rounded up = 2192. Years in Object Lock count as 365.25 days each, rounded up.",
  },
  allowGovernanceMode: {
    type: "boolean",
    default: false,
    description: "Accept Object Lock GOVERNANCE mode (bypassable with s3:BypassGovernanceRetention); non-production only.",
  },
  maxKeyRotationDays: {
    type: "integer",
    minimum: 90,
    maximum: 2560,
    default: 365,
    description: "Longest accepted automatic rotation period of a KMS key, in days (AWS allows 90 to 2560; absent means 365).",
  },
  minKeyDeletionWindowDays: {
    type: "integer",
    minimum: 7,
    maximum: 30,
    default: 30,
    description: "Shortest accepted KMS key deletion window, in days (AWS allows 7 to 30; absent means 30).",
  },
} satisfies Record<string, PolicyConfigJSONSchema>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return expected === actual || (expected === "number" && actual === "integer");
}

/**
 * Validates a value against the JSON Schema subset this pack uses (type, enum, const, minimum, maximum,
 * minLength, maxLength, pattern, items, minItems, maxItems, properties, required, additionalProperties).
 * Returns problems as `path: what is wrong`; config values are not secret, so they may be printed here.
 */
export function validateSchema(schema: PolicyConfigJSONSchema, value: unknown, path: string, problems: string[]): void {
  const s = schema as Record<string, any>;
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, value))) {
      problems.push(`${path} is ${JSON.stringify(value)}; expected ${types.join(" or ")}`);
      return;
    }
  }
  if (s.enum !== undefined && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${path} is ${JSON.stringify(value)}; expected one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}`);
  }
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) {
    problems.push(`${path} is ${JSON.stringify(value)}; expected ${JSON.stringify(s.const)}`);
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${path} is ${value}; minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${path} is ${value}; maximum ${s.maximum}`);
  }
  if (typeof value === "string") {
    if (s.minLength !== undefined && value.length < s.minLength) problems.push(`${path} is shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${path} is longer than ${s.maxLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(value)) {
      problems.push(`${path} is ${JSON.stringify(value)}; must match ${s.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) problems.push(`${path} has fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) problems.push(`${path} has more than ${s.maxItems} items`);
    if (s.items && !Array.isArray(s.items)) value.forEach((v, i) => validateSchema(s.items, v, `${path}[${i}]`, problems));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props: Record<string, PolicyConfigJSONSchema> = s.properties ?? {};
    for (const key of s.required ?? []) if (!(key in obj)) problems.push(`${path}.${key} is required`);
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) validateSchema(props[key], v, `${path}.${key}`, problems);
      else if (s.additionalProperties === false) problems.push(`${path} has the unknown key ${JSON.stringify(key)}`);
      else if (typeof s.additionalProperties === "object") validateSchema(s.additionalProperties, v, `${path}.${key}`, problems);
    }
  }
}

/** The schema's defaults, as the engine applies them (top-level properties only). */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    if ((prop as Record<string, unknown>).default !== undefined) out[key] = structuredClone((prop as Record<string, unknown>).default);
  }
  return out;
}

/**
 * A policy's config: the schema's defaults overlaid with `given`, validated, unknown keys rejected. Throws
 * `PolicyConfigError` listing every problem.
 */
export function resolveConfig<T>(policyName: string, schema: PolicyConfigSchema | undefined, given: unknown): T {
  const problems: string[] = [];
  const supplied = given && typeof given === "object" ? (given as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...schemaDefaults(schema) };
  for (const [key, value] of Object.entries(supplied)) {
    if (key === "enforcementLevel") continue;
    if (!schema?.properties?.[key]) {
      const allowed = Object.keys(schema?.properties ?? {});
      problems.push(`unknown key ${JSON.stringify(key)}; allowed: ${allowed.length ? allowed.join(", ") : "none"}`);
      continue;
    }
    if (value !== undefined) merged[key] = value;
  }
  if (schema) {
    validateSchema({ type: "object", properties: schema.properties, required: schema.required } as PolicyConfigJSONSchema, merged, policyName, problems);
  }
  if (problems.length > 0) throw new PolicyConfigError(policyName, problems);
  return merged as T;
}
