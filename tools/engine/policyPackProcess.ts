import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** A policy pack that cannot be started or stopped the way the CLI runs it; the message says what and where. */
export class PolicyPackStartError extends Error {
  /** The pack process, when one was started (it has been killed by the time this error is thrown). */
  pid?: number;
  constructor(message: string) {
    super(message);
    this.name = "PolicyPackStartError";
  }
}

export interface StartOptions {
  /** The policy pack directory (PulumiPolicy.yaml, package.json with `main`). */
  packDir: string;
  /** The engine address passed as the first argument, as the CLI does. */
  engineAddress: string;
  /** How long to wait for the port line; default 30 s (PULUMI_CHECK_PACK_TIMEOUT_MS overrides). */
  timeoutMs?: number;
  /** The pack's log: its stderr, and any stdout after the port line. Default: discarded. */
  onLog?: (line: string) => void;
  /** Script to run instead of @pulumi/pulumi/cmd/run-policy-pack (tests). */
  runScript?: string;
}

export interface PolicyPackProcess {
  /** `127.0.0.1:<port>` of the pack's pulumirpc.Analyzer server. */
  address: string;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Kills the pack (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackForExit(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Never leave a pack behind, even if the caller forgets stop() or the process exits on an error.
    process.once("exit", () => {
      for (const c of live) c.kill("SIGKILL");
    });
  }
}

function tail(text: string, lines = 15): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).map((l) => `  | ${l}`).join("\n");
}

/** Resolves run-policy-pack from the pack directory, as the Node.js language host does (`require.resolve` there). */
export function resolveRunPolicyPack(packDir: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    throw new PolicyPackStartError(
      `cannot find @pulumi/pulumi/cmd/run-policy-pack from ${packDir}: it looks like the Pulumi SDK has not been installed; run npm install`,
    );
  }
}

function checkPackDir(packDir: string): void {
  if (!fs.existsSync(packDir) || !fs.statSync(packDir).isDirectory()) {
    throw new PolicyPackStartError(`policy pack directory ${packDir} does not exist`);
  }
  if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
    throw new PolicyPackStartError(`${packDir} is not a policy pack: it has no PulumiPolicy.yaml`);
  }
}

/**
 * Starts a policy pack as `pulumi preview --policy-pack DIR` does: `node <run-policy-pack> <engine> <DIR>` with
 * the pack directory as cwd, and reads the Analyzer port from the first line of stdout. Fails (never hangs) if
 * the pack exits, prints something else, or says nothing within the timeout; the pack is killed then.
 */
export async function startPolicyPack(options: StartOptions): Promise<PolicyPackProcess> {
  const packDir = path.resolve(options.packDir);
  checkPackDir(packDir);
  const script = options.runScript ?? resolveRunPolicyPack(packDir);
  const timeoutMs = options.timeoutMs ?? (Number(process.env.PULUMI_CHECK_PACK_TIMEOUT_MS) || 30_000);
  const onLog = options.onLog ?? (() => undefined);

  const child = spawn(process.execPath, [script, options.engineAddress, packDir], {
    cwd: packDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
  trackForExit(child);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

  let stderrText = "";
  let stderrPartial = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderrText = (stderrText + chunk).slice(-20_000);
    stderrPartial += chunk;
    const lines = stderrPartial.split("\n");
    stderrPartial = lines.pop() ?? "";
    for (const line of lines) onLog(line);
  });
  child.stderr!.on("end", () => {
    if (stderrPartial) onLog(stderrPartial);
    stderrPartial = "";
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  };

  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    let settled = false;
    const finish = (err: Error | undefined, value?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new PolicyPackStartError(
            `policy pack ${packDir} did not print its port within ${timeoutMs} ms` + (stderrText ? `; its log:\n${tail(stderrText)}` : ""),
          ),
        ),
      timeoutMs,
    );
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      if (settled) {
        // After the port, stdout is log output too.
        for (const line of chunk.split("\n")) if (line) onLog(line);
        return;
      }
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const first = stdout.slice(0, newline).trim();
      const rest = stdout.slice(newline + 1);
      if (!/^\d{1,5}$/.test(first) || Number(first) === 0 || Number(first) > 65535) {
        finish(
          new PolicyPackStartError(
            `policy pack ${packDir} printed ${JSON.stringify(first.slice(0, 200))} instead of its port on the first line of stdout ` +
              `(a pack must write nothing else to stdout: log to stderr)`,
          ),
        );
        return;
      }
      for (const line of rest.split("\n")) if (line) onLog(line);
      finish(undefined, Number(first));
    });
    child.once("error", (err) => finish(new PolicyPackStartError(`cannot start policy pack ${packDir}: ${err.message}`)));
    child.once("exit", (code, signal) => {
      // Give stderr a moment to drain, so the message carries the pack's last words.
      setTimeout(
        () =>
          finish(
            new PolicyPackStartError(
              `policy pack ${packDir} exited (${signal ? `signal ${signal}` : `code ${code}`}) before printing its port` +
                (stderrText ? `; its log:\n${tail(stderrText)}` : ""),
            ),
          ),
        50,
      );
    });
  }).catch(async (err) => {
    await stop();
    if (err instanceof PolicyPackStartError) err.pid = child.pid;
    throw err;
  });

  return { address: `127.0.0.1:${port}`, pid: child.pid!, exited, stop };
}
