/**
 * The fuzzer's own invariants, which make its verdicts sound: a secret plaintext only ever appears inside a
 * secret (so "a message contains SECRET_MARK" means "a secret was printed"), and every generated value is
 * valid wire data the engine could send (so a throw is the policy's, never the deserializer's).
 */
import fc from "fast-check";
/* eslint-disable @typescript-eslint/no-require-imports */
const { deserializeProperties } = require("@pulumi/policy/deserialize");
/* eslint-enable @typescript-eslint/no-require-imports */
import { INTO_JSON, applyMutation, applyMutations, buildDictionary, mutationsArb, pathsOf, propsArb, secretOf, SENTINELS } from "./arbitraries";
import { plaintextSecrets } from "./drive";
import { fuzzParams } from "./settings";
import { archiveStack } from "../policies/support/fixtures";

const seeds = archiveStack().resources.map((r) => r.outputs ?? {});
const dict = buildDictionary(seeds);
const struct = (v: unknown) => ({ toJavaScript: () => JSON.parse(JSON.stringify(v)) });

describe("fuzz generators", () => {
  test("secret plaintexts stay inside secrets, and values deserialize, after any mutations", () => {
    fc.assert(
      fc.property(fc.nat(), mutationsArb(dict, 8), propsArb(dict), fc.boolean(), (i, ms, random, useSeed) => {
        const value = applyMutations(useSeed ? seeds[i % seeds.length] : random, ms);
        expect(plaintextSecrets(value)).toEqual([]);
        expect(() => deserializeProperties(struct(value), false)).not.toThrow();
      }),
      fuzzParams(2),
    );
  });

  test("paths enter JSON documents, and a plaintext put into one makes the document secret", () => {
    const props = { policy: JSON.stringify({ Statement: [{ Effect: "Allow" }] }) };
    const paths = pathsOf(props);
    const effect = paths.findIndex((p) => p.join(".") === ["policy", INTO_JSON, "Statement", 0, "Effect"].join("."));
    expect(effect).toBeGreaterThan(0);
    const out = applyMutation(props, { at: effect, op: { kind: "secretValue", token: "S3CR3T-x", prefix: "" } });
    expect(out.policy).toEqual(secretOf(JSON.stringify({ Statement: [{ Effect: "S3CR3T-x" }] })));
    const unknown = applyMutation(props, { at: effect, op: { kind: "unknown", sentinel: SENTINELS[0] } });
    expect(JSON.parse(unknown.policy as string).Statement[0].Effect).toBe(SENTINELS[0]);
  });

  test("the root stays a props object; only adding a key changes it", () => {
    const props = { a: 1 };
    expect(applyMutation(props, { at: 0, op: { kind: "delete" } })).toBe(props);
    expect(applyMutation(props, { at: 0, op: { kind: "addKey", key: "__proto__", wire: { x: 1 }, json: 0 } })).toEqual(
      Object.defineProperty({ a: 1 }, "__proto__", { value: { x: 1 }, enumerable: true, writable: true, configurable: true }),
    );
  });
});
