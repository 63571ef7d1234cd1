/**
 * The benchmark's ceiling: a `pulumirpc.Analyzer` that does nothing, served from the same generated stubs and
 * gRPC runtime the harness uses (tools/engine/protos.ts). Every Analyze and AnalyzeStack gets an empty
 * AnalyzeResponse; the request is still decoded by gRPC, as in a real pack. Run as its own process (like a pack),
 * it prints its port on the first line of stdout, as run-policy-pack does, so `startPolicyPack` can start it.
 */
import { analyzerGrpc, analyzerPb, emptyPb, grpc, pluginPb } from "../engine/protos";

type Callback = (err: unknown, resp?: unknown) => void;

export function noopAnalyzerService(): Record<string, (call: unknown, callback: Callback) => void> {
  return {
    analyze: (_call, callback) => callback(null, new analyzerPb.AnalyzeResponse()),
    analyzeStack: (_call, callback) => callback(null, new analyzerPb.AnalyzeResponse()),
    remediate: (_call, callback) => callback(null, new analyzerPb.RemediateResponse()),
    getAnalyzerInfo: (_call, callback) => {
      const info = new analyzerPb.AnalyzerInfo();
      info.setName("noop");
      info.setVersion("0.0.0");
      callback(null, info);
    },
    getPluginInfo: (_call, callback) => {
      const info = new pluginPb.PluginInfo();
      info.setVersion("0.0.0");
      callback(null, info);
    },
    configure: (_call, callback) => callback(null, new emptyPb.Empty()),
    configureStack: (_call, callback) => callback(null, new analyzerPb.AnalyzerStackConfigureResponse()),
  };
}

export async function serveNoopAnalyzer(): Promise<{ port: number; server: InstanceType<typeof grpc.Server> }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 });
  server.addService(analyzerGrpc.AnalyzerService, noopAnalyzerService() as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}

/** Entry point as a pack-like process: serve, print the port, keep running until killed. */
export function main(): void {
  serveNoopAnalyzer().then(
    ({ port }) => process.stdout.write(`${port}\n`),
    (err) => {
      process.stderr.write(`noop analyzer: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
