import * as fs from "fs";
import { checkTargets, markdownReport } from "./report";
import { DEFAULT_OPTIONS, runBenchmark } from "./run";

export const USAGE = `usage: npm run bench -- [options]

Benchmarks the hipaa-guard policy pack (and @pulumi/awsguard ${"0.3.1"} for comparison) over its gRPC protocol,
as the Pulumi CLI drives it, on generated compliant stacks; every figure beside its floor or ceiling from the
same run. Takes a few minutes; run it on an otherwise idle machine.

  --json             print the result as JSON (default: the markdown table)
  --out FILE         also write the JSON result to FILE
  --sizes A,B        stack sizes (default: 1000,10000; the largest is used for throughput and memory)
  --no-awsguard      leave out @pulumi/awsguard (otherwise installed once into .cache/bench/awsguard)
  --no-typescript    leave out the TypeScript-entry start
  --pack-dir DIR     benchmark this build of the pack instead of policies/ (e.g. a patched copy; the
                     TypeScript-entry start is then left out)
  --profile DIR      write V8 CPU profiles of the hipaa-guard pack's Analyze/AnalyzeStack session into DIR
  --help             this text
`;

interface Args {
  json: boolean;
  out?: string;
  sizes: number[];
  skipAwsGuard: boolean;
  skipTypeScript: boolean;
  profileDir?: string;
  packDir?: string;
  help: boolean;
}

export class BenchUsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, sizes: DEFAULT_OPTIONS.sizes, skipAwsGuard: false, skipTypeScript: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new BenchUsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--json") args.json = true;
    else if (a === "--no-awsguard") args.skipAwsGuard = true;
    else if (a === "--no-typescript") args.skipTypeScript = true;
    else if (a === "--help" || a === "-h") args.help = true;
    else if (a === "--out") args.out = value();
    else if (a === "--profile") args.profileDir = value();
    else if (a === "--pack-dir") args.packDir = value();
    else if (a === "--sizes") {
      const sizes = value().split(",").map((s) => Number(s.trim()));
      if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new BenchUsageError("--sizes takes at least two whole numbers, e.g. 1000,10000");
      args.sizes = sizes;
    } else throw new BenchUsageError(`unknown argument ${JSON.stringify(a)}; see --help`);
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const result = await runBenchmark({
    ...DEFAULT_OPTIONS,
    sizes: args.sizes,
    skipAwsGuard: args.skipAwsGuard,
    skipTypeScript: args.skipTypeScript || args.packDir !== undefined,
    profileDir: args.profileDir,
    packDir: args.packDir,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const targets = checkTargets(result);
  const json = JSON.stringify({ ...result, targets }, null, 2);
  if (args.out) fs.writeFileSync(args.out, json + "\n");
  process.stdout.write(args.json ? json + "\n" : markdownReport(result) + "\n");
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
