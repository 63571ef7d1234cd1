import * as fs from "fs";
import type { AnalyzerInfo, PolicyConfigEntry, PolicyConfigSchema } from "./analyzerClient";
import type { EnforcementLevel } from "./protos";

/** A `--policy-pack-config` file the CLI would refuse; the message names the file and what is wrong. */
export class PolicyConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigFileError";
  }
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && (LEVELS as readonly string[]).includes(v);

/**
 * Parses a policy pack config file exactly as the CLI's `parsePolicyPackConfig` does
 * (pkg/resource/analyzer/config.go): `{"<policy>|all": "<level>" | {"enforcementLevel"?: level, ...props}}`.
 */
export function parsePolicyPackConfig(text: string, file: string): Record<string, PolicyConfigEntry> {
  if (text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigFileError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PolicyConfigFileError(`${file}: the top level must be a JSON object mapping policy names (or "all") to a level or an object`);
  }
  const result: Record<string, PolicyConfigEntry> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === "environments") {
      throw new PolicyConfigFileError(`${file}: "environments" (Pulumi ESC) cannot be resolved offline; remove it for npm run check`);
    }
    if (typeof value === "string") {
      if (!isLevel(value)) {
        throw new PolicyConfigFileError(`${file}: parsing enforcement level for "${name}": "${value}" is not a valid enforcement level; allowed: ${LEVELS.join(" | ")}`);
      }
      result[name] = { enforcementLevel: value };
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        throw new PolicyConfigFileError(
          `${file}: parsing enforcement level for "${name}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level; allowed: ${LEVELS.join(" | ")}`,
        );
      }
      const entry: PolicyConfigEntry = {};
      if (enforcementLevel !== undefined) entry.enforcementLevel = enforcementLevel;
      if (Object.keys(properties).length > 0) entry.properties = properties;
      if (entry.enforcementLevel || entry.properties) result[name] = entry;
    } else {
      throw new PolicyConfigFileError(`${file}: parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
    }
  }
  return result;
}

export function loadPolicyPackConfigFile(file: string): Record<string, PolicyConfigEntry> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PolicyConfigFileError(`policy pack config ${file} does not exist or is not readable`);
  }
  return parsePolicyPackConfig(text, file);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** JSON Schema (draft 4-7 subset that policy config schemas use), messages in the spirit of gojsonschema. */
export function validateJsonSchema(schema: any, value: unknown, path: string, problems: string[]): void {
  if (typeof schema !== "object" || schema === null) return;
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
      problems.push(`${path}: Invalid type. Expected: ${types.join(" or ")}, given: ${actual}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${path}: must be one of the following: ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}`);
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    problems.push(`${path}: does not match: ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: Must be greater than or equal to ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: Must be less than or equal to ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) problems.push(`${path}: Must be greater than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) problems.push(`${path}: Must be less than ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) problems.push(`${path}: Must be a multiple of ${schema.multipleOf}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: String length must be greater than or equal to ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: String length must be less than or equal to ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) problems.push(`${path}: Does not match pattern '${schema.pattern}'`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: Array must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: Array must have at most ${schema.maxItems} items`);
    if (schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) {
      value.forEach((v, i) => validateJsonSchema(schema.items, v, `${path}.${i}`, problems));
    }
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${path}: ${key} is required`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) validateJsonSchema(sub, v, path === "(root)" ? key : `${path}.${key}`, problems);
      else if (schema.additionalProperties === false) problems.push(`${path}: Additional property ${key} is not allowed`);
      else if (typeof schema.additionalProperties === "object") validateJsonSchema(schema.additionalProperties, v, `${path}.${key}`, problems);
    }
  }
}

export interface ReconciledConfig {
  /** Every policy of the pack with its effective level and properties: what `Configure` is sent. */
  config: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
  /** Names in the file that are not policies of this pack (the CLI ignores them; we say so). */
  unknownPolicies: string[];
}

function apply(result: ReconciledConfig["config"], given: Record<string, PolicyConfigEntry>, unknown: string[]): void {
  const all = given.all;
  if (all?.enforcementLevel) for (const name of Object.keys(result)) result[name].enforcementLevel = all.enforcementLevel;
  for (const [name, entry] of Object.entries(given)) {
    if (name === "all") continue;
    const target = result[name];
    if (!target) {
      unknown.push(name);
      continue;
    }
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    Object.assign(target.properties, entry.properties ?? {});
  }
}

/**
 * The CLI's `ReconcilePolicyPackConfig`: schema defaults (and each policy's own level) < the pack's initial
 * config < the file (`all` first, then per policy), then every policy's properties validated against its
 * configSchema. Invalid config throws PolicyConfigFileError listing every problem as `<policy>: <path>: <what>`.
 */
export function reconcilePolicyPackConfig(info: AnalyzerInfo, given: Record<string, PolicyConfigEntry>, file = "policy pack config"): ReconciledConfig {
  const config: ReconciledConfig["config"] = {};
  for (const p of info.policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(p.configSchema?.properties ?? {})) {
      if (prop && typeof prop === "object" && "default" in prop) properties[key] = structuredClone(prop.default);
    }
    config[p.name] = { enforcementLevel: p.enforcementLevel, properties };
  }
  const unknownPolicies: string[] = [];
  apply(config, info.initialConfig, []);
  apply(config, given, unknownPolicies);
  const problems: string[] = [];
  for (const p of info.policies) {
    if (!p.configSchema) continue;
    const schema = convertSchema(p.configSchema);
    const local: string[] = [];
    validateJsonSchema(schema, config[p.name].properties, "(root)", local);
    problems.push(...local.map((m) => `${p.name}: ${m.replace(/^\(root\): /, "")}`));
  }
  if (problems.length > 0) throw new PolicyConfigFileError(`${file}: invalid policy config:\n  ${problems.join("\n  ")}`);
  return { config, unknownPolicies };
}

function convertSchema(schema: PolicyConfigSchema): any {
  const out: any = { type: "object" };
  if (Object.keys(schema.properties ?? {}).length > 0) out.properties = schema.properties;
  if ((schema.required ?? []).length > 0) out.required = schema.required;
  return out;
}
