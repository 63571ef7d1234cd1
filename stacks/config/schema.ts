import * as pulumi from "@pulumi/pulumi";

/**
 * A small declarative schema for structured stack config. The same declaration validates the config,
 * gives the program typed values with defaults filled in, and renders the README's config tables.
 */
interface Described {
  description: string;
}

export interface StringField extends Described {
  kind: "string";
  required?: boolean;
  default?: string;
  pattern?: RegExp;
  /** What a valid value looks like, for error messages: "an e-mail address". */
  patternHint?: string;
}
export interface IntegerField extends Described {
  kind: "integer";
  required?: boolean;
  default?: number;
  min?: number;
  max?: number;
}
export interface BooleanField extends Described {
  kind: "boolean";
  required?: boolean;
  default?: boolean;
}
export interface EnumField<V extends string = string> extends Described {
  kind: "enum";
  values: readonly V[];
  required?: boolean;
  default?: NoInfer<V>;
}
export interface ListField<I extends Field = Field> extends Described {
  kind: "list";
  items: I;
  required?: boolean;
  default?: readonly unknown[];
}
export interface ObjectField<F extends Fields = Fields> extends Described {
  kind: "object";
  fields: F;
  required?: boolean;
}
/** A map from free-form keys (an OU path, a setting type) to values of one kind. */
export interface MapField<V extends Field = Field> extends Described {
  kind: "map";
  values: V;
  keyPattern?: RegExp;
  keyHint?: string;
  required?: boolean;
}

export type Field = StringField | IntegerField | BooleanField | EnumField | ListField | ObjectField | MapField;
export type Fields = Record<string, Field>;

type ValueOf<F extends Field> = F extends StringField
  ? string
  : F extends IntegerField
    ? number
    : F extends BooleanField
      ? boolean
      : F extends EnumField<infer V>
        ? V
        : F extends ListField<infer I>
          ? ValueOf<I>[]
          : F extends ObjectField<infer S>
            ? ConfigOf<S>
            : F extends MapField<infer V>
              ? Record<string, ValueOf<V>>
              : never;

type HasValue<F> = F extends { required: true } ? true : F extends { default: unknown } ? true : false;
type RequiredKeys<S extends Fields> = { [K in keyof S]: HasValue<S[K]> extends true ? K : never }[keyof S];
type OptionalKeys<S extends Fields> = Exclude<keyof S, RequiredKeys<S>>;

/** The typed value a schema describes: required and defaulted keys are present, the rest optional. */
export type ConfigOf<S extends Fields> = { [K in RequiredKeys<S>]: ValueOf<S[K]> } & {
  [K in OptionalKeys<S>]?: ValueOf<S[K]>;
};

/** Every problem found in one config object, reported together so one run shows them all. */
export class StackConfigError extends pulumi.RunError {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid stack config: ${problems[0]}`
        : `Invalid stack config (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "StackConfigError";
  }
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

export function describeAllowed(field: Field): string {
  switch (field.kind) {
    case "string":
      return field.patternHint ?? "a string";
    case "integer": {
      const range =
        field.min !== undefined && field.max !== undefined
          ? ` from ${field.min} to ${field.max}`
          : field.min !== undefined
            ? ` >= ${field.min}`
            : field.max !== undefined
              ? ` <= ${field.max}`
              : "";
      return `a whole number${range}`;
    }
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${field.values.join(" | ")}`;
    case "list":
      return `a list of ${describeAllowed(field.items)}`;
    case "object":
      return `an object with keys ${Object.keys(field.fields).join(", ")}`;
    case "map":
      return `an object mapping ${field.keyHint ?? "names"} to ${describeAllowed(field.values)}`;
  }
}

function check(field: Field, value: unknown, path: string, problems: string[]): unknown {
  const bad = () => {
    problems.push(`${path} is ${show(value)}; allowed: ${describeAllowed(field)}`);
    return undefined;
  };
  switch (field.kind) {
    case "string":
      if (typeof value !== "string" || (field.pattern && !field.pattern.test(value))) return bad();
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return bad();
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return bad();
      return value;
    case "boolean":
      return typeof value === "boolean" ? value : bad();
    case "enum":
      return typeof value === "string" && field.values.includes(value) ? value : bad();
    case "list":
      if (!Array.isArray(value)) return bad();
      return value.map((item, i) => check(field.items, item, `${path}[${i}]`, problems));
    case "object":
      if (!isPlainObject(value)) return bad();
      return checkFields(field.fields, value, path, problems);
    case "map": {
      if (!isPlainObject(value)) return bad();
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (field.keyPattern && !field.keyPattern.test(key)) {
          problems.push(`${path} has the key ${show(key)}; keys must be ${field.keyHint ?? field.keyPattern}`);
          continue;
        }
        out[key] = check(field.values, item, `${path}[${show(key)}]`, problems);
      }
      return out;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkFields(fields: Fields, value: Record<string, unknown>, path: string, problems: string[]) {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!(key in fields)) {
      problems.push(`${path} has an unknown key ${show(key)}; allowed keys: ${Object.keys(fields).join(", ")}`);
    }
  }
  for (const [key, field] of Object.entries(fields)) {
    const given = value[key];
    if (given === undefined || given === null) {
      if ("default" in field && field.default !== undefined) out[key] = structuredClone(field.default);
      else if (field.required) problems.push(`${path}.${key} is required; allowed: ${describeAllowed(field)}`);
      continue;
    }
    out[key] = check(field, given, `${path}.${key}`, problems);
  }
  return out;
}

/**
 * Validates one config object against its schema. Throws a StackConfigError naming every bad key, its value
 * and what is allowed; returns the typed value with defaults filled in.
 */
export function parseConfig<S extends Fields>(schema: S, value: unknown, path: string): ConfigOf<S> {
  const problems: string[] = [];
  const parsed = check({ kind: "object", fields: schema, description: path }, value, path, problems);
  if (problems.length > 0) throw new StackConfigError(problems);
  return parsed as ConfigOf<S>;
}

/**
 * Reads `<namespace>:<key>` from the stack config and validates it against one field; an unset key takes
 * the field's default. Structured values arrive as JSON; anything else is the plain string the user typed.
 */
export function readConfigValue(namespace: string, key: string, field: Field): unknown {
  const path = `${namespace}:${key}`;
  const raw = new pulumi.Config(namespace).get(key);
  let value: unknown = raw;
  if (raw === undefined) {
    if ("default" in field && field.default !== undefined) return structuredClone(field.default);
    if (field.kind === "object") value = {};
    else if (field.required) throw new StackConfigError([`${path} is required; allowed: ${describeAllowed(field)}`]);
    else return undefined;
  } else {
    try {
      value = JSON.parse(raw);
    } catch {
      if (field.kind === "object" || field.kind === "list" || field.kind === "map") {
        throw new StackConfigError([
          `${path} is ${show(raw)}, which is not ${describeAllowed(field)}; set its parts with \`pulumi config set --path '${key}...' <value>\``,
        ]);
      }
    }
  }
  const problems: string[] = [];
  const parsed = check(field, value, path, problems);
  if (problems.length > 0) throw new StackConfigError(problems);
  return parsed;
}

/** Reads `<namespace>:<key>` as a structured object; an unset key is an empty object (defaults filled in). */
export function readConfigObject<S extends Fields>(namespace: string, key: string, schema: S): ConfigOf<S> {
  return readConfigValue(namespace, key, { kind: "object", fields: schema, description: `${namespace}:${key}` }) as ConfigOf<S>;
}
