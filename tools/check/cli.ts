import * as fs from "fs";
import * as path from "path";
import { AnalyzerCallError } from "../engine/analyzerClient";
import { PolicyConfigFileError } from "../engine/policyConfig";
import { PolicyPackStartError } from "../engine/policyPackProcess";
import { StackFileError } from "../offline/stackConfig";
import { Format, FORMATS, format, formatTable } from "./formats";
import { CheckOptions, CheckUsageError, checkStack, relativePath } from "./run";
import { stackNameOfFile } from "./stackSource";

export const USAGE = `usage: npm run check -- [options]

Runs a stack's program under mocks and the hipaa-guard policy pack over its gRPC protocol, as
\`pulumi preview --policy-pack policies\` would, without cloud credentials.

  --stack NAME                 stack to check (default: dev; with --config-file, the NAME of Pulumi.NAME.yaml)
  --preview                    leave computed outputs of new resources unknown, as a first preview does
  --policy-pack-config FILE    policy config JSON, as the CLI flag (default: policies/config/production.json
                               for prod / prod-* / production stacks, else policies/config/non-production.json)
  --format table|json|sarif|markdown   report format (default: table)
  --out FILE                   write the report to FILE (stdout then gets the table)
  --project-dir DIR            directory with Pulumi.yaml (default: the repository root)
  --config-file FILE           stack config file to use instead of <project-dir>/Pulumi.<stack>.yaml
  --pack-dir DIR               policy pack directory (default: policies)
  --quiet                      no progress lines on stderr
  --help                       this text

Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad usage, bad config or the check could not run.
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Args {
  stack?: string;
  preview: boolean;
  policyPackConfig?: string;
  format: Format;
  out?: string;
  projectDir?: string;
  configFile?: string;
  packDir?: string;
  quiet: boolean;
  help: boolean;
}

const VALUE_FLAGS = ["--stack", "--policy-pack-config", "--format", "--out", "--project-dir", "--config-file", "--pack-dir"] as const;
const BOOL_FLAGS = ["--preview", "--quiet", "--help"] as const;

export function parseArgs(argv: string[]): Args {
  const args: Args = { preview: false, format: "table", quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === "-h") {
      args.help = true;
      continue;
    }
    const eq = raw.indexOf("=");
    const flag = raw.startsWith("--") && eq > 0 ? raw.slice(0, eq) : raw;
    if ((BOOL_FLAGS as readonly string[]).includes(flag)) {
      if (flag !== raw) throw new CheckUsageError(`${flag} takes no value`);
      if (flag === "--preview") args.preview = true;
      if (flag === "--quiet") args.quiet = true;
      if (flag === "--help") args.help = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      const what = raw.startsWith("-") ? `unknown flag ${flag}` : `unexpected argument ${JSON.stringify(raw)}`;
      throw new CheckUsageError(`${what}; allowed: ${[...VALUE_FLAGS, ...BOOL_FLAGS].join(", ")}`);
    }
    let value: string | undefined;
    if (flag !== raw) value = raw.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new CheckUsageError(`${flag} needs a value`);
    }
    if (value === "") throw new CheckUsageError(`${flag} needs a value`);
    switch (flag) {
      case "--stack":
        if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw new CheckUsageError(`--stack ${JSON.stringify(value)} is not a stack name (letters, digits, - _ .)`);
        args.stack = value;
        break;
      case "--format":
        if (!(FORMATS as readonly string[]).includes(value)) {
          throw new CheckUsageError(`--format must be one of ${FORMATS.join(" | ")}; got ${JSON.stringify(value)}`);
        }
        args.format = value as Format;
        break;
      case "--policy-pack-config":
        args.policyPackConfig = value;
        break;
      case "--out":
        args.out = value;
        break;
      case "--project-dir":
        args.projectDir = value;
        break;
      case "--config-file":
        args.configFile = value;
        break;
      case "--pack-dir":
        args.packDir = value;
        break;
    }
  }
  return args;
}

const USER_ERRORS = [CheckUsageError, StackFileError, PolicyConfigFileError, PolicyPackStartError, AnalyzerCallError];

/** Runs `npm run check` with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    let stack = args.stack;
    if (!stack && args.configFile) stack = stackNameOfFile(args.configFile);
    if (!stack && args.configFile) throw new CheckUsageError(`--config-file ${args.configFile} is not named Pulumi.<stack>.yaml: pass --stack`);
    if (args.configFile && !fs.existsSync(args.configFile)) throw new CheckUsageError(`--config-file ${args.configFile} does not exist`);
    if (args.projectDir && !fs.existsSync(path.join(args.projectDir, "Pulumi.yaml"))) {
      throw new CheckUsageError(`--project-dir ${args.projectDir} has no Pulumi.yaml`);
    }
    const progress = args.quiet ? undefined : (line: string) => io.stderr(`${line}\n`);
    const options: CheckOptions = {
      stack: stack ?? "dev",
      projectDir: args.projectDir,
      configFile: args.configFile,
      preview: args.preview,
      policyPackConfig: args.policyPackConfig,
      packDir: args.packDir,
      progress,
      packLog: (line) => io.stderr(`[policy pack] ${line}\n`),
    };
    const result = await checkStack(options);
    const report = format(result, args.format);
    if (args.out) {
      try {
        fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
        fs.writeFileSync(args.out, report);
      } catch (err) {
        throw new CheckUsageError(`--out ${args.out}: cannot write: ${(err as Error).message}`);
      }
      io.stdout(args.format === "table" ? report : formatTable(result));
      if (!args.quiet) io.stderr(`wrote ${args.format} report to ${relativePath(path.resolve(args.out))}\n`);
    } else {
      io.stdout(report);
    }
    return result.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
  } catch (err) {
    if (USER_ERRORS.some((E) => err instanceof E) || (err as Error)?.name === "StackConfigError") {
      io.stderr(`error: ${(err as Error).message}\n`);
      if (err instanceof CheckUsageError && /unknown flag|unexpected argument|--format|needs a value|takes no value/.test(err.message)) {
        io.stderr(`run npm run check -- --help for usage\n`);
      }
      return 2;
    }
    io.stderr(`error: npm run check failed unexpectedly: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    // Flush stdout before exiting: a piped report must not be cut short.
    process.stdout.write("", () => process.exit(code));
  });
}
