import { Secret } from "@pulumi/policy";
import { isUnknown } from "./props";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The ONE way a property value gets into a violation message.
 *
 * @pulumi/policy 1.21 unwraps secrets before a policy sees them (`deserializeProperties(..., false)`): a secret
 * `kmsMasterKeyId` or bucket policy arrives as its plain value, with nothing saying it was secret. A policy
 * therefore cannot know which values are secret, so this formatter never prints free-form text at all:
 *
 *  - a value still marked secret (a @pulumi/policy `Secret`, as remediations see them, or the engine's wire
 *    form) → `a secret value (not shown)`;
 *  - absent → `not set`; an unknown preview value → `unknown during preview`;
 *  - booleans and numbers (switches, day counts) are printed;
 *  - a string is printed only if it belongs to the closed vocabulary the caller passes (enum constants such as
 *    `aws:kms`, `COMPLIANCE`, `Enabled`), which are public AWS constants, not data;
 *  - every other string (ARNs, key ids, names, policy documents) and every object or list is described, never
 *    echoed: `a value that is not one of ...`, `a JSON document (not shown)`.
 *
 * Resource type and logical name come from the URN, which the engine never treats as secret.
 *
 * Limit: a number, boolean or vocabulary constant that the program marked secret is printed, because in
 * validation nothing tells it apart from a plain one (such values are settings, not data).
 */
export function show(value: unknown, vocabulary: readonly string[] = []): string {
  if (value instanceof Secret) return "a secret value (not shown)";
  if (value && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return "a secret value (not shown)";
  if (value === undefined || value === null) return "not set";
  if (isUnknown(value)) return "unknown during preview";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "not a finite number";
  if (typeof value === "string") {
    if (vocabulary.includes(value)) return JSON.stringify(value);
    if (value === "") return "an empty string";
    return vocabulary.length > 0
      ? `a value that is not one of ${vocabulary.map((v) => JSON.stringify(v)).join(", ")} (not shown)`
      : "a string value (not shown)";
  }
  if (Array.isArray(value)) return `a list of ${value.length} item(s) (not shown)`;
  return "an object (not shown)";
}

/** `aws:s3/bucket:Bucket "phi-archive"`: type and logical name, from the URN. */
export function label(resource: { type: string; name: string }): string {
  return `${resource.type} "${resource.name}"`;
}

export interface Finding {
  /** Property path, e.g. `rules[0].applyServerSideEncryptionByDefault.sseAlgorithm`, or a short subject. */
  property: string;
  /** Already formatted with `show` (or a description that contains no property value). */
  found: string;
  required: string;
  /** The Pulumi change that fixes it. */
  fix: string;
  /** The resource this one configures (a bucket, for a companion resource), named in the message. */
  of?: { type: string; name: string };
}

/** `<type> "<name>": <property> is <found>; required: <required>. Fix: <fix>` */
export function message(resource: { type: string; name: string }, finding: Finding): string {
  const subject = finding.of ? `${label(resource)} (for ${label(finding.of)})` : label(resource);
  return `${subject}: ${finding.property} is ${finding.found}; required: ${finding.required}. Fix: ${finding.fix}`;
}

/**
 * The preview case: a mandatory decision needs a value the engine does not know yet, and no property
 * dependency settles it. Reported as a violation, never passed silently.
 */
export function unknownMessage(
  resource: { type: string; name: string },
  property: string,
  required: string,
  fix: string,
  of?: { type: string; name: string },
  dependencyChecked = false,
): string {
  const subject = of ? `${label(resource)} (for ${label(of)})` : label(resource);
  const why = dependencyChecked ? " and no property dependency settles it" : "";
  return `${subject}: cannot be verified during preview: ${property} is unknown until the update runs${why}; required: ${required}. Fix: ${fix}`;
}

/** The last message for one resource once a policy has reported `MAX_FINDINGS_PER_RESOURCE` on it. */
export function moreFindingsMessage(resource: { type: string; name: string }, more: number, shown: number): string {
  return `${label(resource)}: ${more} more finding${more === 1 ? "" : "s"} of this policy on this resource not shown (the first ${shown} are); fix those and run again`;
}
