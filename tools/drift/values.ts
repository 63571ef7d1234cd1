/**
 * Property values as engine events carry them: property-path lookup and rendering with secrets masked.
 *
 * Special values are objects keyed by the signature key `4dabf18193072939515e22adb298388d`
 * (sdk/go/common/resource/sig): secrets (`1b47061264138c4ac30d75fd1eb44270`, with `ciphertext`,
 * `plaintext` or `value`), assets, archives, resource references. Unknown preview values are the string
 * `04da6b54-80e4-46f7-96ec-b56ff0331ba9`. A secret is never rendered: neither its value nor, when one side
 * of a change is secret, the other side.
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const MASK = "[secret]";
export const ABSENT = "(absent)";
export const UNKNOWN_TEXT = "(known after apply)";

/** The result of following a path into a value: the value found, or the fact that a secret is in the way. */
export type Lookup = { kind: "value"; value: unknown } | { kind: "absent" } | { kind: "secret" };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: unknown): boolean {
  return (isObject(value) && value[SIG_KEY] === SECRET_SIG) || value === MASK;
}

/** True when the value is, or anywhere contains, a secret. */
export function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isObject(value)) return Object.values(value).some(containsSecret);
  return false;
}

/**
 * Splits a Pulumi property path (`a.b[0]["key.with.dots"]`, as `detailedDiff` keys are written) into
 * segments; undefined when it is not one.
 */
export function parsePropertyPath(path: string): Array<string | number> | undefined {
  const segments: Array<string | number> = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) {
        segments.push(Number(inner));
        i = close + 1;
      } else if (inner.startsWith('"')) {
        // A quoted key may contain "]": scan for the closing quote.
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === "\\" ? 2 : 1;
        if (path[j + 1] !== "]") return undefined;
        try {
          segments.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        } catch {
          return undefined;
        }
        i = j + 2;
      } else if (inner === "*") {
        segments.push("*");
        i = close + 1;
      } else {
        return undefined;
      }
    } else if (ch === ".") {
      if (i === 0 || i === path.length - 1) return undefined;
      i++;
    } else {
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      segments.push(path.slice(i, j));
      i = j;
    }
  }
  return segments.length > 0 ? segments : undefined;
}

/** Follows a property path into a property map. A secret met on the way masks everything under it. */
export function lookupPath(root: Record<string, unknown> | null | undefined, path: string): Lookup {
  if (!root) return { kind: "absent" };
  const segments = parsePropertyPath(path) ?? [path];
  let current: unknown = root;
  for (const segment of segments) {
    if (isSecret(current)) return { kind: "secret" };
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return { kind: "absent" };
      current = current[segment];
    } else {
      if (!isObject(current) || !(segment in current)) return { kind: "absent" };
      current = current[segment];
    }
  }
  if (containsSecret(current)) return { kind: "secret" };
  return { kind: "value", value: current };
}

/** Replaces every secret and special value in a value by display text; the result holds no secret. */
export function maskValue(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map(maskValue);
  if (isObject(value)) {
    const sig = value[SIG_KEY];
    if (sig === SECRET_SIG) return MASK;
    if (sig === ASSET_SIG) return "(asset)";
    if (sig === ARCHIVE_SIG) return "(archive)";
    if (sig === RESOURCE_REFERENCE_SIG) return typeof value.urn === "string" ? value.urn : "(resource)";
    if (sig !== undefined) return "(special value)";
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = maskValue(item);
    return out;
  }
  return value;
}

/** Display text of a lookup: strings as they are, other JSON compactly, secrets masked. */
export function renderLookup(lookup: Lookup, maxLength = 300): string {
  if (lookup.kind === "absent") return ABSENT;
  if (lookup.kind === "secret") return MASK;
  const masked = maskValue(lookup.value);
  const text = typeof masked === "string" ? masked : JSON.stringify(masked) ?? String(masked);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Pulumi color directives (`<{%reset%}>`) and ANSI escapes removed, whitespace trimmed. */
export function stripColors(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/<\{%[^%]*%\}>/g, "").replace(/\u001b\[[0-9;]*m/g, "").trim();
}
