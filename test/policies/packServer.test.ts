/**
 * The built pack as the CLI runs it: `node` in the pack directory loads the compiled `index.js`, which constructs the
 * PolicyPack; the server prints its port as the first stdout line and answers Analyzer RPCs. This checks the
 * metadata the engine and Pulumi Cloud receive, and one Analyze call with an unknown, a secret and a violation.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const PROTO = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const grpc = require("@grpc/grpc-js");
const apb = require(`${PROTO}/analyzer_pb`);
const agrpc = require(`${PROTO}/analyzer_grpc_pb`);
const structpb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PROTO] }));
const emptypb = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PROTO] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK_DIR = path.resolve(__dirname, "../../policies");
const OUT_DIR = path.join(PACK_DIR, ".cache", "pack-server-test");
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "{not-json sekrit-value-77" };

describe("the built policy pack served over gRPC", () => {
  jest.setTimeout(60_000);
  let child: ChildProcess;
  let client: any;
  const call = (method: string, req: unknown): Promise<any> =>
    new Promise((resolve, reject) => client[method](req, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));

  beforeAll(async () => {
    // Compiled to a private directory (gitignored .cache), not bin/: other suites start the pack from bin/ concurrently.
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json"), "--outDir", OUT_DIR], { stdio: "inherit" });
    child = spawn(process.execPath, ["-e", `require(${JSON.stringify(path.join(OUT_DIR, "index.js"))})`], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "inherit"] });
    const firstLine: string = await new Promise((resolve) => child.stdout!.once("data", (d) => resolve(String(d).split("\n")[0].trim())));
    expect(firstLine).toMatch(/^\d+$/);
    client = new agrpc.AnalyzerClient(`127.0.0.1:${firstLine}`, grpc.credentials.createInsecure());
  });

  afterAll(() => {
    client?.close();
    child?.kill();
  });

  it("serves every policy with its native metadata", async () => {
    const info = await call("getAnalyzerInfo", new emptypb.Empty());
    expect(info.getName()).toBe("hipaa-guard");
    const sse = info.getPoliciesList().find((p: any) => p.getName() === "hipaa-aws-s3-bucket-sse-kms");
    expect(info.getPoliciesList().length).toBeGreaterThanOrEqual(20);
    expect(sse.getFramework().getName()).toBe("HIPAA Security Rule");
    expect(sse.getFramework().getSpecification()).toBe("164.312(a)(2)(iv)");
    expect(sse.getTagsList()).toContain("checkov:CKV_AWS_145");
    expect(sse.getRemediationSteps()).toContain("kmsMasterKeyId");
    expect(sse.getEnforcementlevel()).toBe(1); // MANDATORY
    const lock = info.getPoliciesList().find((p: any) => p.getName() === "hipaa-aws-s3-object-lock-retention");
    expect(lock.getConfigschema().getProperties().toJavaScript().minRetentionDays.default).toBe(2192);
  });

  it("analyzes a resource: unknowns become findings, secrets stay out of messages", async () => {
    const req = new apb.AnalyzeRequest();
    req.setType("aws:kms/key:Key");
    req.setUrn("urn:pulumi:prod::hipaa-guard::aws:kms/key:Key::k");
    req.setName("k");
    req.setProperties(structpb.Struct.fromJavaScript({ enableKeyRotation: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", deletionWindowInDays: 7, policy: SECRET }));
    req.setOptions(new apb.AnalyzerResourceOptions());
    const resp = await call("analyze", req);
    const ds = resp.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
    expect(ds.map((d: any) => d.policy).sort()).toEqual([
      "hipaa-aws-data-resource-protect",
      "hipaa-aws-kms-key-deletion-window",
      "hipaa-aws-kms-key-policy-no-wildcard",
      "hipaa-aws-kms-key-rotation",
    ]);
    const rotation = ds.find((d: any) => d.policy === "hipaa-aws-kms-key-rotation");
    expect(rotation.level).toBe(1);
    expect(rotation.message).toContain("cannot be verified during preview: enableKeyRotation is unknown");
    for (const d of ds) expect(d.message).not.toContain("sekrit");
  });
});
