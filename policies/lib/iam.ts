import { isRecord, isUnknown } from "./props";

/**
 * Parsing IAM policy documents (bucket policies, key policies). A document arrives as a JSON string or, for
 * `aws.s3.BucketPolicy`, possibly as an object (the `PolicyDocument` input form). Nothing here is ever printed:
 * documents may be secret.
 */
export interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

export type Parsed = { statements: Statement[] } | { error: string } | { unknown: true };

export function parsePolicy(value: unknown): Parsed {
  if (isUnknown(value)) return { unknown: true };
  let doc: unknown = value;
  if (typeof value === "string") {
    if (value.includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9")) return { unknown: true };
    try {
      doc = JSON.parse(value);
    } catch {
      return { error: "not valid JSON" };
    }
  }
  if (!isRecord(doc)) return { error: "not a JSON object" };
  const st = doc.Statement;
  if (isUnknown(st)) return { unknown: true };
  const statements = Array.isArray(st) ? st : st === undefined ? [] : [st];
  if (!statements.every(isRecord)) return { error: "has a Statement that is not an object" };
  return { statements: statements as Statement[] };
}

export function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** Principal `"*"`, `{"AWS": "*"}` or `{"AWS": [..., "*"]}`: anyone. */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (isRecord(principal)) return strings(principal.AWS).includes("*");
  return false;
}

/** Values of condition key `key` under any of `operators` (keys compared case-insensitively, as IAM does). */
export function conditionValues(condition: unknown, operators: string[], key: string): unknown[] {
  if (!isRecord(condition)) return [];
  const out: unknown[] = [];
  for (const op of operators) {
    const block = condition[op];
    if (!isRecord(block)) continue;
    for (const [k, v] of Object.entries(block)) {
      // One at a time: spreading a huge list into push() overflows the call stack.
      if (k.toLowerCase() === key.toLowerCase()) for (const item of Array.isArray(v) ? v : [v]) out.push(item);
    }
  }
  return out;
}

export function hasCondition(condition: unknown): boolean {
  return isRecord(condition) && Object.values(condition).some((block) => isRecord(block) && Object.keys(block).length > 0);
}

/** IAM wildcard match (`*`, `?`), partitions normalised to `aws`. */
export function arnMatches(pattern: string, arn: string): boolean {
  const norm = (s: string) => s.replace(/^arn:[^:]+:/, "arn:aws:");
  return globMatches(norm(pattern), norm(arn));
}

/**
 * IAM's wildcard match (`*` any run, `?` one character) in linear time with one backtrack point, so no
 * pattern a user writes (thousands of stars, megabytes of text) can make a policy hang or throw, as a
 * RegExp built from it could.
 */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
