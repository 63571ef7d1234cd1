import * as deserialize from "@pulumi/policy/deserialize";

/**
 * @pulumi/policy 1.21 decodes a resource's properties again for every policy: AnalyzeStack rebuilds the whole
 * resource list once per stack policy (27 here), Analyze decodes once per resource policy. Decoding is the bulk
 * of that work, so the pack decodes each protobuf Struct once per request and hands every policy the same plain
 * object (each still gets its own unknown-checking proxy). The pack's policies only read properties, so sharing
 * is safe. Remediation decodes with secret wrappers and mutates; it keeps @pulumi/policy's own path.
 */
type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

const MEMOIZED = Symbol.for("hipaa-guard.decodeOnce");

export function decodeEachStructOnce(module: { deserializeProperties: Decode } = deserialize as unknown as { deserializeProperties: Decode }): boolean {
  const original = module.deserializeProperties;
  if (typeof original !== "function") return false;
  if ((original as unknown as Record<symbol, unknown>)[MEMOIZED]) return true;
  const decoded = new WeakMap<object, Record<string, unknown>>();
  const memoized: Decode = (struct, proxySecrets) => {
    if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
    let props = decoded.get(struct);
    if (props === undefined) {
      props = original(struct, proxySecrets);
      decoded.set(struct, props);
    }
    return props;
  };
  (memoized as unknown as Record<symbol, unknown>)[MEMOIZED] = true;
  module.deserializeProperties = memoized;
  return true;
}
