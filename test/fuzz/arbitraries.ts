/**
 * Generators of property values in the engine's wire form (what `Analyze`/`AnalyzeStack` receive before
 * @pulumi/policy deserializes them), and path mutations of realistic values.
 *
 *  - `wireValue`: arbitrary JSON-ish values: scalars of every JSON type, NaN/Infinity/-0 (which the wire's JSON
 *    semantics turn into null/0), huge strings, the engine's unknown sentinels, secret-wrapped values holding
 *    distinctive plaintexts, valid asset/archive values, lists and objects whose keys come mostly from a
 *    dictionary of the names the policies read.
 *  - `mutations` + `applyMutations`: a list of edits at paths of a value chosen by index among all its paths
 *    (into lists, objects, secret values, and into strings that hold JSON documents such as a bucket `policy`
 *    or a Cloud Identity `setting.valueJson`, which are parsed, edited and serialized back).
 *
 * Secret plaintexts always contain SECRET_MARK and appear nowhere else in generated data (a JSON document that
 * gets one is itself wrapped in a secret), so "no message contains SECRET_MARK" is exactly "no message
 * prints a secret".
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { UNKNOWN_SENTINELS } from "../../policies/lib/props";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** The engine's unknown sentinels (string, boolean, number, array, asset, archive, object). */
export const SENTINELS: readonly string[] = [...UNKNOWN_SENTINELS];

/** Every secret plaintext contains this; nothing else generated does. Compared case-insensitively. */
export const SECRET_MARK = "S3CR3T-";
const SECRET_MARK_RE = /s3cr3t/i;

export function containsSecretMark(text: string | undefined): boolean {
  return text !== undefined && SECRET_MARK_RE.test(text);
}

export type Wire = unknown;

export function secretOf(value: Wire): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecretWire(v: unknown): v is { value: unknown } {
  return isRecord(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Assets and archives are opaque: never edited inside (a broken one is rejected by the deserializer, not a policy). */
function isOpaqueWire(v: unknown): boolean {
  return isRecord(v) && (v[SIG_KEY] === ASSET_SIG || v[SIG_KEY] === ARCHIVE_SIG);
}

/** Sets an own data property (an assignment to `__proto__` would change the prototype instead). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyObject(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, v[k]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Dictionary: names and constants the policies read, so random data often hits the code paths that matter.
// ---------------------------------------------------------------------------------------------------------

export interface Dictionary {
  /** Property names: from the fixtures' props and documents, and identifiers quoted in the policies' sources. */
  keys: string[];
  /** String constants: enum values, type tokens, ARNs, paths from the fixtures and the policies' sources. */
  strings: string[];
}

/** Keys that reach JavaScript's object machinery when a policy indexes or calls through a user-supplied map. */
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "length", "0", "", " "];

function walkStrings(v: unknown, keys: Set<string>, strings: Set<string>, depth = 0): void {
  if (depth > 40) return;
  if (typeof v === "string") {
    if (v.length <= 200) strings.add(v);
    const doc = parseJsonDocument(v);
    if (doc !== undefined) walkStrings(doc, keys, strings, depth + 1);
  } else if (Array.isArray(v)) {
    for (const x of v) walkStrings(x, keys, strings, depth + 1);
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k !== SIG_KEY) keys.add(k);
      walkStrings(x, keys, strings, depth + 1);
    }
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Double-quoted literals in the pack's TypeScript sources (property names, enum constants, type tokens). */
export function literalsOfSources(root: string): string[] {
  const out = new Set<string>();
  for (const area of ["aws", "workspace", "governance", "lib"]) {
    const dir = path.join(root, area);
    if (!fs.existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/"((?:[^"\\\n]|\\.){1,80})"/g)) {
        const s = m[1];
        // Sentences (descriptions, messages) are not data; keep tokens, names and short constants.
        if (/\s/.test(s) && s.split(/\s+/).length > 2) continue;
        out.add(s.replace(/\\(.)/g, "$1"));
      }
    }
  }
  return [...out];
}

export function buildDictionary(values: unknown[], sourcesRoot?: string): Dictionary {
  const keys = new Set<string>();
  const strings = new Set<string>();
  for (const v of values) walkStrings(v, keys, strings);
  if (sourcesRoot) {
    for (const s of literalsOfSources(sourcesRoot)) {
      strings.add(s);
      if (/^[A-Za-z_$][\w$]*$/.test(s) || /^[a-z]+(:[a-z0-9-]+)?$/i.test(s)) keys.add(s);
    }
  }
  for (const k of HOSTILE_KEYS) keys.add(k);
  const clean = (xs: Set<string>) => [...xs].filter((s) => !containsSecretMark(s) && !SENTINELS.includes(s)).sort();
  return { keys: clean(keys), strings: clean(strings) };
}

// ---------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------

/** A distinctive secret plaintext. */
export const secretToken: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9]{6,12}$/).map((s) => SECRET_MARK + s);

/** Numbers, including what JSON cannot carry (NaN, ±Infinity become null on the wire; -0 becomes 0). */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -(2 ** 31), 2 ** 32),
  fc.constantFrom(7, 30, 90, 365, 366, 2191, 2192, 2560, 36500, 604800),
  fc.integer(),
  fc.double(),
);

const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("a", "arn:aws:s3:::", "{", "[", "\u0000", "é", "😀", "\\"), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/**
 * IAM-style wildcard patterns (`*`, `?`), the kind of string a policy may turn into a regular expression (ARN
 * matching): up to 40 wildcards, which made the regex-based matcher backtrack for minutes (finding 2).
 */
const MAX_WILDCARD_PARTS = 40;
export const wildcardPattern: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "arn:aws:s3:::", "arn:aws:s3:::archive-", "arn:*:s3:::", "arn:aws:kms:us-east-2:111122223333:"),
    fc.array(fc.constantFrom("*", "*", "*", "?", "a", "-", "/"), { minLength: 1, maxLength: MAX_WILDCARD_PARTS }),
    fc.constantFrom("", "!", "/*", "/x", "?"),
  )
  .map(([prefix, parts, suffix]) => prefix + parts.join("") + suffix);

export interface ValueOptions {
  /** Include secret-wrapped values (with SECRET_MARK plaintexts), assets and archives: wire values. Off for JSON documents. */
  wire: boolean;
  maxDepth?: number;
}

function keyArb(dict: Dictionary): fc.Arbitrary<string> {
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...dict.keys) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
}

function stringArb(dict: Dictionary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...dict.strings) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "true", "false", "null", "0", "-1", "NaN", "1e400", "{}", "[]", "{\"a\":", "*", "/", "//", "arn:", ":::") },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: wildcardPattern },
  );
}

/** A value that may appear in a JSON document (no secrets: a document is secret as a whole or not at all). */
export function jsonValue(dict: Dictionary, maxDepth = 4): fc.Arbitrary<Wire> {
  return valueArb(dict, { wire: false, maxDepth });
}

export function wireValue(dict: Dictionary, maxDepth = 4): fc.Arbitrary<Wire> {
  return valueArb(dict, { wire: true, maxDepth });
}

function valueArb(dict: Dictionary, opts: ValueOptions): fc.Arbitrary<Wire> {
  const scalar = fc.oneof(
    { weight: 5, arbitrary: stringArb(dict) },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: edgeNumber },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...SENTINELS) },
  );
  const { tree } = fc.letrec<{ tree: Wire; node: Wire; secret: Wire; document: Wire }>((tie) => ({
    tree: fc.oneof({ maxDepth: opts.maxDepth ?? 4, depthIdentifier: opts.wire ? "wire" : "json" }, scalar, tie("node")),
    node: fc.oneof(
      { weight: 3, arbitrary: fc.array(tie("tree"), { maxLength: 5 }) },
      { weight: 4, arbitrary: fc.dictionary(keyArb(dict), tie("tree"), { maxKeys: 6, noNullPrototype: true }) },
      { weight: 1, arbitrary: tie("document") },
      ...(opts.wire ? [{ weight: 3, arbitrary: tie("secret") }, { weight: 1, arbitrary: assetOrArchive }] : []),
    ),
    secret: fc
      .oneof(
        secretToken,
        fc.tuple(fc.constantFrom(...dict.strings), secretToken).map(([s, t]) => s + t),
        fc.tuple(fc.constantFrom(...dict.keys), secretToken).map(([k, t]) => ({ [k]: t })),
        fc.tuple(fc.constantFrom(...dict.keys), secretToken).map(([k, t]) => JSON.stringify({ [k]: t })),
        fc.tuple(secretToken, tie("tree")).map(([t, v]) => [t, v]),
        tie("tree"),
      )
      .map((v) => secretOf(v)),
    // A JSON string holding a random document: a policy or valueJson that does not parse into what is expected.
    // (A document holding a secret plaintext is secret as a whole.)
    document: fc
      .dictionary(keyArb(dict), tie("tree"), { maxKeys: 4, noNullPrototype: true })
      .map((d): Wire => (containsSecret(d) ? secretOf(JSON.stringify(stripSecrets(d))) : JSON.stringify(d))),
  }));
  return tree;
}

const assetOrArchive: fc.Arbitrary<Wire> = fc.oneof(
  fc.constant({ [SIG_KEY]: ASSET_SIG, text: "exports.handler = () => 1;" }),
  fc.constant({ [SIG_KEY]: ASSET_SIG, path: "./index.js" }),
  fc.constant({ [SIG_KEY]: ASSET_SIG, uri: "https://example.org/x.zip" }),
  fc.constant({ [SIG_KEY]: ARCHIVE_SIG, path: "./app" }),
  fc.constant({ [SIG_KEY]: ARCHIVE_SIG, assets: { "a.txt": { [SIG_KEY]: ASSET_SIG, text: "a" } } }),
);

/** The value with secret wrappers replaced by their plaintexts (for stringification into documents). */
export function stripSecrets(v: Wire): Wire {
  if (isSecretWire(v)) return stripSecrets(v.value);
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, stripSecrets(v[k]));
    return out;
  }
  return v;
}

export function containsSecret(v: Wire, depth = 0): boolean {
  if (depth > 200) return false;
  if (isSecretWire(v)) return true;
  if (Array.isArray(v)) return v.some((x) => containsSecret(x, depth + 1));
  if (isRecord(v)) return Object.values(v).some((x) => containsSecret(x, depth + 1));
  return false;
}

/** A string that holds a JSON object or list (a policy document, a setting's valueJson), parsed; else undefined. */
export function parseJsonDocument(s: string): unknown {
  if (s.length > 200_000) return undefined;
  const t = s.trimStart();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    const doc = JSON.parse(s);
    return typeof doc === "object" && doc !== null ? doc : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutations at paths
// ---------------------------------------------------------------------------------------------------------

/** Path segment that enters a string holding a JSON document. */
export const INTO_JSON = "<json>";
export type Segment = string | number;
export type Path = Segment[];

export type Op =
  | { kind: "replace"; wire: Wire; json: Wire }
  | { kind: "unknown"; sentinel: string }
  | { kind: "secretWrap" }
  | { kind: "secretValue"; token: string; prefix: string }
  | { kind: "delete" }
  | { kind: "null" }
  | { kind: "toList"; twice: boolean }
  | { kind: "fromList" }
  | { kind: "toObject"; key: string }
  | { kind: "stringify" }
  | { kind: "flipType" }
  | { kind: "number"; value: number }
  | { kind: "huge"; value: string }
  | { kind: "nest"; depth: number; key: string }
  | { kind: "addKey"; key: string; wire: Wire; json: Wire }
  | { kind: "empty"; shape: "object" | "list" | "string" }
  | { kind: "hugeList"; length: number };

export interface Mutation {
  /** Chooses the path: index modulo the number of paths of the value being mutated. */
  at: number;
  op: Op;
}

export function opArb(dict: Dictionary): fc.Arbitrary<Op> {
  const wire = wireValue(dict, 3);
  const json = jsonValue(dict, 3);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("replace" as const), wire, json }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("unknown" as const), sentinel: fc.constantFrom(...SENTINELS) }) },
    { weight: 2, arbitrary: fc.constant({ kind: "secretWrap" as const }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("secretValue" as const), token: secretToken, prefix: fc.oneof(fc.constant(""), fc.constantFrom(...dict.strings)) }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: "delete" as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: "null" as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("toList" as const), twice: fc.boolean() }) },
    { weight: 2, arbitrary: fc.constant({ kind: "fromList" as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("toObject" as const), key: keyArb(dict) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "stringify" as const }) },
    { weight: 3, arbitrary: fc.constant({ kind: "flipType" as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("number" as const), value: edgeNumber }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("huge" as const), value: hugeString }) },
    // gRPC (protobuf) refuses messages nested deeper than 100, so deeper values never reach a policy.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("nest" as const), depth: fc.integer({ min: 2, max: 80 }), key: keyArb(dict) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("addKey" as const), key: keyArb(dict), wire, json }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("empty" as const), shape: fc.constantFrom("object" as const, "list" as const, "string" as const) }) },
    // Lists long enough to break `f(...list)` (V8 limits arguments to ~120k).
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("hugeList" as const),
        length: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_000, max: 5_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 120_000, max: 200_000 }) }),
      }),
    },
  );
}

export function mutationsArb(dict: Dictionary, maxLength = 5): fc.Arbitrary<Mutation[]> {
  return fc.array(fc.record({ at: fc.nat(), op: opArb(dict) }), { minLength: 1, maxLength });
}

const pathsOfFrozen = new WeakMap<object, readonly Path[]>();

/**
 * Every path in a value (root included), entering lists, objects, secret values and JSON documents in strings.
 * The corpus is frozen, so the paths of its values are worked out once.
 */
export function pathsOf(v: Wire): readonly Path[] {
  if (typeof v !== "object" || v === null || !Object.isFrozen(v)) return collectPaths(v, [], [], 0);
  let paths = pathsOfFrozen.get(v);
  if (paths === undefined) {
    paths = collectPaths(v, [], [], 0);
    pathsOfFrozen.set(v, paths);
  }
  return paths;
}

function collectPaths(v: Wire, prefix: Path, out: Path[], depth: number): Path[] {
  out.push(prefix);
  if (depth > 60 || out.length > 5_000) return out;
  if (isSecretWire(v)) {
    collectPaths(v.value, [...prefix, "value"], out, depth + 1);
  } else if (isOpaqueWire(v)) {
    // not entered
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => collectPaths(x, [...prefix, i], out, depth + 1));
  } else if (isRecord(v)) {
    for (const k of Object.keys(v)) collectPaths(v[k], [...prefix, k], out, depth + 1);
  } else if (typeof v === "string") {
    const doc = parseJsonDocument(v);
    if (doc !== undefined) collectPaths(doc, [...prefix, INTO_JSON], out, depth + 1);
  }
  return out;
}

const DELETE = Symbol("delete");

/**
 * Rebuilds `v` with `edit` applied at `path` (copy on write). `inJson` tells the edit whether it is inside a
 * JSON document (no secret wrappers possible there).
 */
function update(v: Wire, p: Path, i: number, edit: (x: Wire, inJson: boolean) => Wire | typeof DELETE, inJson: boolean): Wire | typeof DELETE {
  if (i === p.length) return edit(v, inJson);
  const seg = p[i];
  if (seg === INTO_JSON && typeof v === "string") {
    const doc = JSON.parse(v);
    const inner = update(doc, p, i + 1, edit, true);
    return JSON.stringify(inner === DELETE ? null : inner);
  }
  if (isSecretWire(v) && seg === "value") {
    const inner = update(v.value, p, i + 1, edit, inJson);
    return secretOf(inner === DELETE ? null : inner);
  }
  if (Array.isArray(v) && typeof seg === "number") {
    const copy = v.slice();
    const inner = update(copy[seg], p, i + 1, edit, inJson);
    if (inner === DELETE) copy.splice(seg, 1);
    else copy[seg] = inner;
    return copy;
  }
  if (isRecord(v) && typeof seg === "string") {
    const copy = copyObject(v);
    const inner = update(copy[seg], p, i + 1, edit, inJson);
    if (inner === DELETE) delete copy[seg];
    else setOwn(copy, seg, inner);
    return copy;
  }
  return v;
}

function flipType(x: Wire): Wire {
  if (typeof x === "boolean") return x ? "true" : "false";
  if (typeof x === "number") return String(x);
  if (typeof x === "string") {
    if (x === "true" || x === "false") return x === "true";
    const n = Number(x);
    return Number.isNaN(n) ? [x] : n;
  }
  if (x === null) return "null";
  if (Array.isArray(x)) return x.length === 1 ? x[0] : { ...x };
  if (isRecord(x)) return Object.values(x);
  return x;
}

function nest(x: Wire, depth: number, key: string): Wire {
  let out = x;
  for (let d = 0; d < depth; d++) out = d % 2 === 0 ? [out] : { [key]: out };
  return out;
}

/** Applies one mutation to a props object (the root stays an object: the wire's props are a Struct). */
export function applyMutation(props: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const paths = pathsOf(props);
  const p = paths[m.at % paths.length];
  const op = m.op;
  const firstJson = p.indexOf(INTO_JSON);
  // A plaintext put inside a JSON document makes the document (the string holding it) secret as a whole.
  let wrapDocument = false;
  const edit = (x: Wire, inJson: boolean): Wire | typeof DELETE => {
    switch (op.kind) {
      case "replace":
        return inJson ? op.json : op.wire;
      case "unknown":
        return op.sentinel;
      case "secretWrap":
        if (inJson) {
          wrapDocument = true;
          return x;
        }
        return secretOf(x);
      case "secretValue":
        if (inJson) {
          wrapDocument = true;
          return op.prefix + op.token;
        }
        return secretOf(op.prefix + op.token);
      case "delete":
        return DELETE;
      case "null":
        return null;
      case "toList":
        return op.twice ? [x, x] : [x];
      case "fromList":
        return Array.isArray(x) ? (x.length > 0 ? x[0] : null) : isRecord(x) && !isSecretWire(x) ? Object.values(x) : x;
      case "toObject":
        return { [op.key]: x };
      case "stringify":
        if (containsSecret(x)) return inJson ? JSON.stringify(stripSecrets(x)) : secretOf(JSON.stringify(stripSecrets(x) ?? null));
        return JSON.stringify(x ?? null);
      case "flipType":
        return isSecretWire(x) ? secretOf(flipType(x.value)) : flipType(x);
      case "number":
        return op.value;
      case "huge":
        return op.value;
      case "nest":
        return nest(x, op.depth, op.key);
      case "addKey": {
        const value = inJson ? op.json : op.wire;
        if (Array.isArray(x)) return [...x, value];
        if (isRecord(x) && !isSecretWire(x) && !isOpaqueWire(x)) {
          const copy = copyObject(x);
          setOwn(copy, op.key, value);
          return copy;
        }
        return value;
      }
      case "empty":
        return op.shape === "object" ? {} : op.shape === "list" ? [] : "";
      case "hugeList": {
        // Of a scalar only (a list of 200,000 copies of an object would be a huge document).
        const item = x !== null && typeof x === "object" ? null : typeof x === "string" ? x.slice(0, 64) : x;
        return new Array(op.length).fill(item);
      }
    }
  };
  if (p.length === 0) {
    // The root: only adding a property keeps it a props object.
    if (op.kind !== "addKey") return props;
    const copy = copyObject(props);
    setOwn(copy, op.key, op.wire);
    return copy;
  }
  // In a JSON document nesting deeper than the wire allows would only test JSON.parse; keep documents shallow too.
  let result = update(props, p, 0, edit, false) as Record<string, unknown>;
  if (wrapDocument && firstJson > 0) {
    const docPath = p.slice(0, firstJson);
    const insideSecret = docPath.some((s, i) => s === "value" && isSecretWire(valueAt(result, docPath.slice(0, i))));
    if (!insideSecret) result = update(result, docPath, 0, (x) => (isSecretWire(x) ? x : secretOf(x)), false) as Record<string, unknown>;
  }
  return result;
}

export function applyMutations(props: Record<string, unknown>, ms: readonly Mutation[]): Record<string, unknown> {
  let out = props;
  for (const m of ms) out = applyMutation(out, m);
  return out;
}

function valueAt(v: Wire, p: Path): Wire {
  let cur = v;
  for (const seg of p) {
    if (seg === INTO_JSON) return undefined;
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** An arbitrary props object: a Struct of random keys (mostly names the policies read) and wire values. */
export function propsArb(dict: Dictionary): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(keyArb(dict), wireValue(dict, 4), { maxKeys: 10, noNullPrototype: true });
}

/** Stack tags: the BAA tags and random ones, with empty, blank and odd values. */
export function stackTagsArb(dict: Dictionary): fc.Arbitrary<Record<string, string>> {
  const tag = fc.oneof(fc.constantFrom("hipaa:baa-aws", "hipaa:baa-google", "pulumi:project", "pulumi:template"), fc.constantFrom(...dict.strings), fc.string({ maxLength: 10 }));
  const value = fc.oneof(fc.constantFrom("", " ", "\t\n", "AWS Artifact BAA accepted 2025-03-01"), fc.string({ maxLength: 30 }), hugeString);
  return fc.dictionary(tag, value, { maxKeys: 4, noNullPrototype: true });
}
