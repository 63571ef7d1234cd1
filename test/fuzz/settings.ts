/**
 * Fuzz campaign settings, from the environment:
 *
 *  - FUZZ_RUNS: cases per property (per policy for the per-policy properties). Default small, so `npm test`
 *    stays fast; a deep campaign is `FUZZ_RUNS=100000 npm run fuzz`.
 *  - FUZZ_SEED: the seed (an integer). Fixed by default so CI runs are reproducible; fast-check prints the
 *    seed and the counterexample path of a failure.
 *  - FUZZ_SLOW_MS: an engine call using more CPU time than this fails (default 3000).
 *  - FUZZ_REPORT=1 (implied by FUZZ_RUNS): print per-policy counts (cases, violations, "can't run" advisories,
 *    slowest call) at the end.
 *  - FUZZ_PATH: replay one counterexample (the `path` fast-check printed), together with its FUZZ_SEED and a
 *    jest `-t` filter selecting the one property that failed.
 */
import fc from "fast-check";

export const DEFAULT_RUNS = 100;
export const DEFAULT_SEED = 0x41b2c3;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

export const FUZZ_RUNS = Math.max(1, intFromEnv("FUZZ_RUNS", DEFAULT_RUNS));
export const FUZZ_SEED = intFromEnv("FUZZ_SEED", DEFAULT_SEED);
export const FUZZ_PATH = process.env.FUZZ_PATH || undefined;
/** Print per-policy counts at the end: FUZZ_REPORT=1, or any run with FUZZ_RUNS set (a campaign). */
export const FUZZ_REPORT = process.env.FUZZ_REPORT === "1" || process.env.FUZZ_RUNS !== undefined;

/** fast-check parameters of one property: `scale` multiplies the run count (cheaper or dearer properties). */
export function fuzzParams<T>(scale = 1): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)),
    seed: FUZZ_SEED,
    ...(FUZZ_PATH ? { path: FUZZ_PATH } : {}),
    // A deep campaign can print a huge counterexample; keep the report readable.
    verbose: fc.VerbosityLevel.None,
  };
}

/** A jest timeout for a property: generous, since a deep campaign runs one property for many minutes. */
export function timeoutFor(scale = 1, msPerRun = 40): number {
  return Math.max(60_000, Math.round(FUZZ_RUNS * scale * msPerRun) + 30_000);
}
