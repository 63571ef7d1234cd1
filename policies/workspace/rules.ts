import { FieldRule } from "../lib/workspace/settingControl";

/** Field rules shared by several Workspace controls. */

export function equals<C>(field: string, expected: string | boolean, vocabulary?: readonly string[]): FieldRule<C> {
  return {
    field,
    required: () => JSON.stringify(expected),
    ok: (value) => value === expected,
    vocabulary,
  };
}

/** `"43200s"` (a protobuf Duration as JSON) in seconds; undefined when not a duration. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

export function atMostSeconds<C>(field: string, limit: (config: C) => number, unit: { name: string; seconds: number }): FieldRule<C> {
  return {
    field,
    required: (_ctx, config) => `at most ${limit(config)} ${unit.name} ("${limit(config) * unit.seconds}s")`,
    ok: (value, _ctx, config) => {
      const seconds = durationSeconds(value);
      return seconds !== undefined && seconds <= limit(config) * unit.seconds;
    },
    // A duration is a public setting of a fixed shape, never secret: print it.
    describe: (value) => {
      const seconds = durationSeconds(value);
      return seconds === undefined ? undefined : `"${value}" (${+(seconds / unit.seconds).toFixed(2)} ${unit.name})`;
    },
  };
}
