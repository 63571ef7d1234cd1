import { emptyPb, engineGrpc, enginePb, grpc } from "./protos";

/** `pulumirpc.LogSeverity`. */
const SEVERITY = ["debug", "info", "warning", "error"];

export interface EngineLogEntry {
  severity: string;
  message: string;
  urn: string;
}

export interface EngineServer {
  /** `127.0.0.1:<port>`, what the CLI passes a plugin as its first argument. */
  address: string;
  stop(): Promise<void>;
}

/**
 * The engine side a policy pack may call back into: `pulumirpc.Engine` (Log, root resource, debugging). The
 * CLI hands every plugin its engine address; @pulumi/pulumi's run-policy-pack currently drops it (the pack logs
 * to stderr), but a pack or SDK version that logs through the engine lands here.
 */
export async function startEngineServer(onLog: (entry: EngineLogEntry) => void): Promise<EngineServer> {
  const server = new grpc.Server();
  let root = "";
  server.addService(engineGrpc.EngineService, {
    log: (call: any, callback: any) => {
      const req = call.request;
      onLog({ severity: SEVERITY[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() });
      callback(null, new emptyPb.Empty());
    },
    getRootResource: (_call: any, callback: any) => {
      const resp = new enginePb.GetRootResourceResponse();
      resp.setUrn(root);
      callback(null, resp);
    },
    setRootResource: (call: any, callback: any) => {
      root = call.request.getUrn();
      callback(null, new enginePb.SetRootResourceResponse());
    },
    startDebugging: (_call: any, callback: any) => callback(null, new emptyPb.Empty()),
    requirePulumiVersion: (_call: any, callback: any) => callback(null, new enginePb.RequirePulumiVersionResponse()),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}
