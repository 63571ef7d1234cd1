import { AnalyzerClient, AnalyzerInfo } from "./analyzerClient";
import { EngineServer, startEngineServer } from "./engineServer";
import { PolicyPackProcess, PolicyPackStartError, startPolicyPack } from "./policyPackProcess";

export interface PolicyPackSession {
  client: AnalyzerClient;
  info: AnalyzerInfo;
  pack: PolicyPackProcess;
  engine: EngineServer;
  /** Time from spawn to a successful GetAnalyzerInfo. */
  startMs: number;
  /** Closes the client, kills the pack, stops the engine server. Safe to call twice. */
  close(): Promise<void>;
}

export interface SessionOptions {
  packDir: string;
  /** Pack log lines (stderr, engine Log calls). */
  onLog?: (line: string) => void;
  timeoutMs?: number;
  runScript?: string;
}

/** Starts an engine server and the policy pack, connects, and reads GetAnalyzerInfo; cleans up on any failure. */
export async function openPolicyPack(options: SessionOptions): Promise<PolicyPackSession> {
  const started = Date.now();
  const onLog = options.onLog ?? (() => undefined);
  const engine = await startEngineServer((e) => onLog(`[${e.severity}]${e.urn ? ` ${e.urn}` : ""} ${e.message}`));
  let pack: PolicyPackProcess | undefined;
  let client: AnalyzerClient | undefined;
  const close = async () => {
    client?.close();
    await pack?.stop();
    await engine.stop();
  };
  try {
    pack = await startPolicyPack({ packDir: options.packDir, engineAddress: engine.address, onLog, timeoutMs: options.timeoutMs, runScript: options.runScript });
    client = new AnalyzerClient(pack.address);
    await client.waitForReady();
    const info = await client.getAnalyzerInfo().catch((err: Error) => {
      throw new PolicyPackStartError(`policy pack ${options.packDir} started but GetAnalyzerInfo failed: ${err.message}`);
    });
    return { client, info, pack, engine, startMs: Date.now() - started, close };
  } catch (err) {
    await close();
    throw err;
  }
}
