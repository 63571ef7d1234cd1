/**
 * Regression tests for what the fuzz campaign found (test/fuzz/policies.fuzz.test.ts), reduced by hand from
 * fast-check's shrunk counterexamples: a secret OU name printed in messages, regex backtracking and throws in
 * ARN matching, an OU that became its own parent, and throws on odd condition values. All fixed.
 */
import { WireResource, analyzeStack, packConfig, policyNamed, secret } from "../policies/support/harness";
import { Stack, archiveStack } from "../policies/support/fixtures";
import { orgUnit } from "../policies/support/workspaceFixtures";
import { containsSecretMark } from "./arbitraries";

const policy = (name: string) => policyNamed(name);

/** An OU whose `name` input is secret (e.g. `pulumi.secret(...)`, or derived from a secret config value). */
function stackWithSecretOrgUnitName(): { resources: WireResource[] } {
  const stack = new Stack();
  const ou = orgUnit(stack, "/placeholder");
  for (const props of [ou.inputs!, ou.outputs!]) props.name = secret("S3CR3T-ou-name");
  return stack;
}

async function messagesOf(name: string, resources: readonly WireResource[]): Promise<string[]> {
  const p = policy(name);
  const out = await analyzeStack(resources, [p], { config: packConfig({}, [p]) });
  return out.violations.map((v) => v.message);
}

describe("finding 1: a Workspace org unit's path (from its possibly secret name) is printed in messages", () => {
  // policies/lib/workspace/stackIndex.ts describePath() prints node.path, built from the OU's `name` (and literal
  // `parentOrgUnitPath`) input; @pulumi/policy unwraps secrets before policies see them, so a secret name ends up
  // in the violation message. Used by policies/workspace/dlpCoverage.ts and policies/lib/workspace/settingControl.ts.
  test("hipaa-workspace-dlp-drive-coverage: 'no active Drive DLP rule on \"/<secret>\"'", async () => {
    const messages = await messagesOf("hipaa-workspace-dlp-drive-coverage", stackWithSecretOrgUnitName().resources);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter(containsSecretMark)).toEqual([]);
  });

  test("the same through a secret literal parentOrgUnitPath: 'on \"<secret>/Clinical\"'", async () => {
    const stack = new Stack();
    const ou = orgUnit(stack, "/PHI/Clinical");
    for (const props of [ou.inputs!, ou.outputs!]) props.parentOrgUnitPath = secret("S3CR3T-parent-path");
    const messages = await messagesOf("hipaa-workspace-takeout-disabled", stack.resources);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter(containsSecretMark)).toEqual([]);
  });

  test("settingControl policies (e.g. hipaa-workspace-drive-shared-drives): 'not in effect on \"/<secret>\"'", async () => {
    const messages = await messagesOf("hipaa-workspace-drive-shared-drives", stackWithSecretOrgUnitName().resources);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter(containsSecretMark)).toEqual([]);
  });
});

describe("finding 2: catastrophic regex backtracking on wildcard Resource patterns in a bucket policy", () => {
  // policies/lib/iam.ts arnMatches() turns each `*` of a statement's Resource into `.*` of a RegExp and tests it
  // against `arn:aws:s3:::<bucket>/any-object` (called from policies/aws/s3BucketTlsOnly.ts coversObjects()
  // for Deny statements with Principal "*" and Action "s3:*"). k wildcards before a character that never
  // matches backtrack in O(n^k): 8 take ~0.2 s, 9 ~0.7 s, 10 ~19 s, and more hang the policy pack (the preview
  // or update waits, then fails). Any bucket policy in any stack the pack gates can carry such a Resource.
  test("hipaa-aws-s3-bucket-tls-only on a Resource of 9 wildcards finishes in well under a second", async () => {
    const stack = archiveStack();
    const pattern = `arn:aws:s3:::${"*".repeat(9)}!`;
    stack.patch("archive-policy", (props) => {
      props.policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [pattern], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
      });
    });
    const p = policy("hipaa-aws-s3-bucket-tls-only");
    const start = performance.now();
    await analyzeStack(stack.resources, [p], { config: packConfig({}, [p]) });
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe("finding 3: a long Resource pattern in a bucket policy makes hipaa-aws-s3-bucket-tls-only throw", () => {
  // Same function as finding 2: the RegExp arnMatches() builds from a Deny statement's Resource is compiled when
  // first used, and V8 refuses it: "Regular expression too large" from 32,768 literal characters, "Stack
  // overflow" from some 16-19 KB of "*a" alternations (the threshold depends on the stack); AWS allows 20 KB
  // for a bucket policy, and the pack judges the document before AWS does. The SyntaxError escapes the policy:
  // an engine error.
  const run = async (resource: string) => {
    const stack = archiveStack();
    stack.patch("archive-policy", (props) => {
      props.policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [resource], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
      });
    });
    const p = policy("hipaa-aws-s3-bucket-tls-only");
    return analyzeStack(stack.resources, [p], { config: packConfig({}, [p]) });
  };

  test("a Resource of 32,768 characters is judged, not thrown on", async () => {
    const out = await run("a".repeat(32_768));
    expect(out.violations.length).toBeGreaterThan(0);
  });

  test('a Resource of 9,500 "*a" pairs (19 KB) is judged, not thrown on', async () => {
    const out = await run(`${"*a".repeat(9_500)}!`);
    expect(out.violations.length).toBeGreaterThan(0);
  });
});

describe('finding 4: an org unit named "" makes every Workspace stack policy loop forever', () => {
  // policies/lib/workspace/stackIndex.ts: an OU with name "" and no parent gets the path "/" (`${""}/${""}`);
  // the pass that links OUs without a parent dependency by path then looks up its parent path, "/", and finds
  // the OU itself: node.parent === node. settingControl.ts (depth(), the `while (source ...)` walk) and
  // dlpCoverage.ts (covered()) then follow parents forever: the preview or update hangs. The name may be
  // empty during preview too (a computed or secret value). A synchronous loop cannot be interrupted in-process,
  // so the policy runs in a worker thread that is terminated after 5 s.
  test("hipaa-workspace-dlp-drive-coverage finishes on a stack with an org unit named \"\"", async () => {
    expect(await finishesWithin(5_000, "hipaa-workspace-dlp-drive-coverage")).toBe(true);
  }, 120_000);
});

/** Runs one policy over a stack holding an OU named "" in a worker thread; false if it is still running after `ms`. */
async function finishesWithin(ms: number, policyName: string): Promise<boolean> {
  const { Worker } = await import("worker_threads");
  const code = `
    const { parentPort, workerData } = require("worker_threads");
    require("ts-node").register({ transpileOnly: true, project: workerData.root + "/tsconfig.json" });
    const { Stack } = require(workerData.root + "/test/policies/support/fixtures");
    const { orgUnit } = require(workerData.root + "/test/policies/support/workspaceFixtures");
    const { analyzeStack, packConfig, policyNamed } = require(workerData.root + "/test/policies/support/harness");
    const stack = new Stack();
    const ou = orgUnit(stack, "/placeholder");
    ou.inputs.name = "";
    ou.outputs.name = "";
    const p = policyNamed(workerData.policyName);
    const config = packConfig({}, [p]);
    parentPort.postMessage("ready");
    analyzeStack(stack.resources, [p], { config }).then(() => parentPort.postMessage("done"));
  `;
  const worker = new Worker(code, { eval: true, workerData: { root: `${__dirname}/../..`, policyName } });
  try {
    return await new Promise<boolean>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      worker.on("error", reject);
      worker.on("message", (m) => {
        if (m === "ready") timer = setTimeout(() => resolve(false), ms);
        if (m === "done") {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
  } finally {
    await worker.terminate();
  }
}

describe("finding 5: a condition value that is an object with a non-function toString makes hipaa-aws-s3-bucket-tls-only throw", () => {
  // policies/aws/s3BucketTlsOnly.ts deniesOldTls(): `Number(v)` on each s3:TlsVersion condition value; for an
  // object whose `toString` is not a function (JSON `{"toString": 0}`) V8 throws "TypeError: Cannot convert
  // object to primitive value". Found by the fuzz campaign (FUZZ_SEED=20261204, ~7,300th case of the
  // tls-only property).
  test('"s3:TlsVersion": {"toString": 0} is judged, not thrown on', async () => {
    const stack = archiveStack();
    stack.patch("archive-policy", (props) => {
      props.policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { NumericLessThan: { "s3:TlsVersion": { toString: 0 } } } }],
      });
    });
    const p = policy("hipaa-aws-s3-bucket-tls-only");
    const out = await analyzeStack(stack.resources, [p], { config: packConfig({}, [p]) });
    expect(out.violations.length).toBeGreaterThan(0);
  });
});

describe("finding 6: a condition holding a very long list makes hipaa-aws-s3-bucket-tls-only throw", () => {
  // policies/lib/iam.ts conditionValues(): `out.push(...v)` passes every element as an argument; from about
  // 130,000 elements V8 throws "RangeError: Maximum call stack size exceeded". (Found by reading the code next
  // to finding 5; the fuzzer's hugeList mutation generates such lists since.)
  test("a Bool aws:SecureTransport condition with 200,000 values is judged, not thrown on", async () => {
    const stack = archiveStack();
    stack.patch("archive-policy", (props) => {
      props.policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": new Array(200_000).fill("false") } } }],
      });
    });
    const p = policy("hipaa-aws-s3-bucket-tls-only");
    const out = await analyzeStack(stack.resources, [p], { config: packConfig({}, [p]) });
    expect(out.violations.length).toBeGreaterThan(0);
  });
});
