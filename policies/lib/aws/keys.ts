import type { PolicyResource } from "@pulumi/policy";
import { isUnknown } from "../props";
import { CUSTOMER_KEY_TYPES } from "./tokens";

const customerKeyTypes = new Set(CUSTOMER_KEY_TYPES);
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/(.+)$/;

export type KeyVerdict = { ok: true; via: "dependency" | "literal" } | { ok: false; found: string } | { unknown: true };

/**
 * Is the key named by `value` (property `topProp` of `r`, or nested in it) a customer-managed KMS key?
 * - it depends on an aws:kms Key (or ReplicaKey, ExternalKey, or an Alias of one) of the stack: yes, even while
 *   the ARN is unknown during preview;
 * - otherwise a literal key ARN, or a customer alias (not `alias/aws/*`): yes;
 * - `alias/aws/*` (AWS-managed), not set, or any other literal: no;
 * - unknown with no such dependency: cannot be decided during preview.
 * `found` never contains the value itself (key ids and ARNs may be secret): only what kind of value it is.
 */
export function customerManagedKey(r: PolicyResource, topProp: string, value: unknown): KeyVerdict {
  const managedAlias = typeof value === "string" && ALIAS.exec(value)?.[2]?.startsWith("aws/");
  if (managedAlias) return { ok: false, found: "an AWS-managed key alias (alias/aws/*)" };
  const deps = r.propertyDependencies?.[topProp] ?? [];
  if (deps.some((d) => d && customerKeyTypes.has(d.type))) return { ok: true, via: "dependency" };
  if (isUnknown(value)) return { unknown: true };
  if (value === undefined || value === null || value === "") return { ok: false, found: "not set (S3 then uses the AWS-managed key aws/s3)" };
  if (typeof value === "string" && (KEY_ARN.test(value) || ALIAS.test(value))) return { ok: true, via: "literal" };
  return { ok: false, found: "a value that is neither a KMS key ARN nor a customer alias, and does not come from an aws.kms.Key of this stack (not shown)" };
}
