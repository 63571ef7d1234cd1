import * as path from "path";
import { main } from "../../tools/check/cli";

export const ROOT = path.join(__dirname, "../..");

/** Runs the CLI's main with `argv` from the repository root, capturing stdout, stderr and the exit code. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}
