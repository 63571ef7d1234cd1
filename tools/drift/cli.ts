/**
 * `npm run drift-report -- EVENT_LOG [--format markdown|json] [--out FILE] [--stack NAME]`
 *
 * Exit codes: 0 the report was written (drift or not: the workflow decides on drift from the preview's
 * exit code 7), 2 bad usage or an event log that is missing, unreadable or empty.
 */
import * as fs from "fs";
import * as path from "path";
import { EventLogError, readEventLog } from "./eventLog";
import { FORMATS, Format, formatReport } from "./format";
import { buildReport } from "./report";

export const USAGE = `usage: npm run drift-report -- EVENT_LOG [--format markdown|json] [--out FILE] [--stack NAME]

Reads the engine event log of \`pulumi preview --refresh --expect-no-changes --event-log EVENT_LOG\` and reports,
per resource, what differs from the program (old -> new values, secrets masked) and every policy violation.

  --format markdown|json   report format (default: markdown, the drift issue's body)
  --out FILE               write the report to FILE instead of stdout
  --stack NAME             stack name for the title and the issue marker (default: from the resources' URNs)
  --help                   this text

Malformed lines are reported on stderr (and in the report) with their line numbers, and skipped.
Exit codes: 0 report written, 2 bad usage or a missing or empty event log.
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Args {
  file?: string;
  format: Format;
  out?: string;
  stack?: string;
  help: boolean;
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { format: "markdown", help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === "--help" || raw === "-h") {
      args.help = true;
      continue;
    }
    if (raw.startsWith("--")) {
      const eq = raw.indexOf("=");
      const flag = eq >= 0 ? raw.slice(0, eq) : raw;
      if (!["--format", "--out", "--stack"].includes(flag)) throw new UsageError(`unknown option ${flag}`);
      const value = eq >= 0 ? raw.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      if (flag === "--format") {
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${value}"`);
        args.format = value as Format;
      } else if (flag === "--out") args.out = value;
      else args.stack = value;
      continue;
    }
    if (args.file !== undefined) throw new UsageError(`one event log only (got ${args.file} and ${raw})`);
    args.file = raw;
  }
  return args;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export function main(argv: string[], io: Io = processIo): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr(`drift-report: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!args.file) {
    io.stderr(`drift-report: no event log given\n\n${USAGE}`);
    return 2;
  }
  let log;
  try {
    log = readEventLog(args.file);
  } catch (err) {
    if (err instanceof EventLogError) {
      io.stderr(`drift-report: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  for (const m of log.malformed) io.stderr(`drift-report: ${args.file}:${m.line}: skipped malformed line: ${m.error}\n`);

  const report = buildReport(log, { stack: args.stack });
  const output = formatReport(report, args.format);
  if (args.out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, output);
    } catch (err) {
      io.stderr(`drift-report: cannot write ${args.out}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stderr(
      `drift-report: ${report.changes.length} changed resource(s), ${report.violations.length} policy violation(s) ` +
        `(${report.summary.mandatoryViolations} mandatory) in stack ${report.stack ?? "(unknown)"}; wrote ${args.out}\n`,
    );
  } else {
    io.stdout(output);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
