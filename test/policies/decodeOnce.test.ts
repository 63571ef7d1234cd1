/**
 * The pack decodes each resource's properties once per request instead of once per policy (policies/lib/decodeOnce.ts):
 * what every policy gets must be exactly what @pulumi/policy's own decoder returns, and remediation (which decodes
 * with secret wrappers and mutates) must keep getting a fresh copy.
 */
import * as path from "path";
import { decodeEachStructOnce } from "../../policies/lib/decodeOnce";

/* eslint-disable @typescript-eslint/no-require-imports */
const PROTO = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PROTO] }));
const realDecoder = require("@pulumi/policy/deserialize");
/* eslint-enable @typescript-eslint/no-require-imports */

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "kms-admin" };

function fakeDecoder() {
  const calls: [object, boolean][] = [];
  const module = {
    deserializeProperties: (struct: object, proxySecrets: boolean) => {
      calls.push([struct, proxySecrets]);
      return { decodedFrom: struct, proxySecrets };
    },
  };
  return { module, calls };
}

describe("decodeEachStructOnce", () => {
  test("decodes a Struct once and hands every later caller the same object", () => {
    const { module, calls } = fakeDecoder();
    expect(decodeEachStructOnce(module)).toBe(true);
    const a = {};
    const b = {};
    const first = module.deserializeProperties(a, false);
    expect(module.deserializeProperties(a, false)).toBe(first);
    expect(module.deserializeProperties(b, false)).not.toBe(first);
    expect(calls).toEqual([
      [a, false],
      [b, false],
    ]);
  });

  test("decodes afresh when secrets stay wrapped (remediation mutates what it gets)", () => {
    const { module, calls } = fakeDecoder();
    decodeEachStructOnce(module);
    const s = {};
    const first = module.deserializeProperties(s, true);
    expect(module.deserializeProperties(s, true)).not.toBe(first);
    expect(module.deserializeProperties(s, false)).not.toBe(first);
    expect(calls.map(([, proxy]) => proxy)).toEqual([true, true, false]);
  });

  test("installing twice wraps once", () => {
    const { module, calls } = fakeDecoder();
    decodeEachStructOnce(module);
    const wrapped = module.deserializeProperties;
    expect(decodeEachStructOnce(module)).toBe(true);
    expect(module.deserializeProperties).toBe(wrapped);
    module.deserializeProperties({}, false);
    expect(calls).toHaveLength(1);
  });

  test("leaves an SDK without the decoder alone and says so", () => {
    const module = { somethingElse: 1 } as unknown as Parameters<typeof decodeEachStructOnce>[0];
    expect(decodeEachStructOnce(module)).toBe(false);
    expect(module).toEqual({ somethingElse: 1 });
  });

  test("on @pulumi/policy's own decoder and a protobuf Struct: the same result as undecorated, secrets unwrapped", () => {
    const props = { bucket: "phi-archive", versioning: { enabled: true }, policy: SECRET, tags: ["a", null, 3] };
    const original = realDecoder.deserializeProperties;
    const expected = original(Struct.fromJavaScript(props), false);
    expect(expected).toEqual({ bucket: "phi-archive", versioning: { enabled: true }, policy: "kms-admin", tags: ["a", null, 3] });
    try {
      expect(decodeEachStructOnce()).toBe(true);
      expect(realDecoder.deserializeProperties).not.toBe(original);
      const struct = Struct.fromJavaScript(props);
      const first = realDecoder.deserializeProperties(struct, false);
      expect(first).toEqual(expected);
      expect(realDecoder.deserializeProperties(struct, false)).toBe(first);
      // With secrets kept wrapped (remediation), each call gets its own copy.
      const wrapped = realDecoder.deserializeProperties(struct, true);
      expect(wrapped).not.toBe(first);
      expect(realDecoder.deserializeProperties(struct, true)).not.toBe(wrapped);
    } finally {
      realDecoder.deserializeProperties = original;
    }
  });
});
