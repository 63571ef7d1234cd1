/**
 * Reading resource properties the way this pack needs to: without tripping @pulumi/policy's unknown-checking
 * proxy, and with unknown preview values turned into a value policies can test for.
 *
 * @pulumi/policy 1.21 hands policies `props` wrapped in `unknownCheckingProxy`: reading a property whose value is
 * one of the engine's unknown sentinels throws `UnknownValueError`, and the server turns that into ONE advisory
 * "can't run policy during preview" diagnostic for the whole policy, even a mandatory one, so a violation
 * elsewhere in the stack would be lost as well. This pack reads the proxy's target instead (the deserialized
 * plain object, secrets already unwrapped) and decides, per value, what an unknown means.
 */

/** The property the proxy answers with its plain target (`proxy.getSpecialProxyTarget` in @pulumi/policy). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The engine's unknown sentinels (@pulumi/policy proxy.js); strings are the common case. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** Marker for "not known until the update runs", returned by `at` in place of the sentinel. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export type Props = Record<string, unknown>;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

/** The plain object behind @pulumi/policy's proxy (or the value itself when it is not proxied). */
export function plain(props: unknown): Props {
  if (props === null || typeof props !== "object") return {};
  let target: unknown;
  try {
    target = (props as Record<string, unknown>)[PROXY_TARGET];
  } catch {
    target = undefined;
  }
  return (target && typeof target === "object" ? target : props) as Props;
}

/**
 * The value at `path` (keys and array indexes) in plain props; `UNKNOWN` if the value or any object on the way
 * is unknown; `undefined` if absent.
 */
export function at(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (isUnknown(cur)) return UNKNOWN;
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return isUnknown(cur) ? UNKNOWN : cur;
}

/**
 * A list property as a plain array: `[]` when absent, `UNKNOWN` when unknown, a one-element list when a single
 * object was given. Copied by index on purpose: in remediations @pulumi/policy 1.21 hands over props wrapped in
 * `secretsPreservingProxy`, and `Array.prototype.map`/`filter` on such an array throw a TypeError (the proxy
 * breaks the non-configurable `prototype` invariant when the species constructor is looked up). The elements
 * stay as given, so a remediation can still assign through them.
 */
export function list(value: unknown): unknown[] | Unknown {
  if (isUnknown(value)) return UNKNOWN;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [value];
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) out.push(value[i]);
  return out;
}

/** True if the value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
