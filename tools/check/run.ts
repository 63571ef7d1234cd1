import * as fs from "fs";
import * as path from "path";
import type { PolicyInfo } from "../engine/analyzerClient";
import { analyzeStack } from "../engine/analysis";
import { loadPolicyPackConfigFile, reconcilePolicyPackConfig } from "../engine/policyConfig";
import type { EnforcementLevel, Severity } from "../engine/protos";
import { openPolicyPack, PolicyPackSession } from "../engine/session";
import { stackResourcesFromRun } from "../engine/stackResources";
import { secretValues } from "../engine/wire";
import { recordProgram } from "../offline/recordProgram";
import { loadStack } from "./stackSource";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Bad usage or config the user must fix: exit 2, message only (no stack trace). */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckUsageError";
  }
}

export interface CheckOptions {
  stack: string;
  /** Directory with Pulumi.yaml (and Pulumi.<stack>.yaml unless configFile); default the repository root. */
  projectDir?: string;
  /** A stack config file to use instead of `<projectDir>/Pulumi.<stack>.yaml`. */
  configFile?: string;
  /** Leave computed outputs of new resources unknown, as a first `pulumi preview` does. */
  preview?: boolean;
  /** `--policy-pack-config`; default policies/config/production.json for production stacks, else non-production.json. */
  policyPackConfig?: string;
  /** The policy pack directory; default `<repo>/policies`. */
  packDir?: string;
  concurrency?: number;
  progress?: (line: string) => void;
  packLog?: (line: string) => void;
  /** Organization sent in ConfigureStack (Pulumi Cloud org); default "organization", as the Node SDK. */
  organization?: string;
}

export interface Violation {
  policy: string;
  displayName: string;
  enforcementLevel: EnforcementLevel;
  severity: Exclude<Severity, "unspecified">;
  urn: string;
  type: string;
  name: string;
  message: string;
  hipaa: string[];
  remediationSteps: string;
}

export interface CheckResult {
  stack: string;
  project: string;
  /** The stack config file, relative to the current directory when below it. */
  configFile: string;
  policyPackConfig: { file: string; defaulted: boolean };
  preview: boolean;
  pack: { name: string; version: string };
  policies: PolicyInfo[];
  /** Effective enforcement level of every policy after config. */
  levels: Record<string, EnforcementLevel>;
  resources: { urn: string; type: string; name: string }[];
  violations: Violation[];
  remediations: { urn: string; policy: string; changed: string[] }[];
  unknownPolicies: string[];
  timings: { programMs: number; packStartMs: number; analysisMs: number; totalMs: number };
}

/** Production stacks get the strict config: `prod`, and names such as `prod-eu` or `production`. */
export const isProductionStack = (stack: string) => /^prod(uction)?([-_.].*)?$/.test(stack);

export function defaultPolicyPackConfig(stack: string): string {
  return path.join(REPO_ROOT, "policies", "config", isProductionStack(stack) ? "production.json" : "non-production.json");
}

export const relativePath = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
};

/** HIPAA sections of a policy: framework.specification, else its `hipaa:` tags. */
export function hipaaSections(p: PolicyInfo | undefined): string[] {
  if (!p) return [];
  const fromSpec = (p.framework?.specification ?? "").split(/\s*[,;]\s*/).filter(Boolean);
  const fromTags = p.tags.filter((t) => t.startsWith("hipaa:")).map((t) => t.slice("hipaa:".length));
  return [...new Set([...fromSpec, ...fromTags])];
}

/** Stack tags as Pulumi Cloud derives them: automatic project tags, then the `pulumi:tags` config object. */
export function stackTags(project: string, config: Record<string, unknown>, description: string | undefined, file: string): Record<string, string> {
  const tags: Record<string, string> = { "pulumi:project": project, "pulumi:runtime": "nodejs" };
  if (description) tags["pulumi:description"] = description;
  const configured = config["pulumi:tags"];
  if (configured === undefined) return tags;
  if (typeof configured !== "object" || configured === null || Array.isArray(configured)) {
    throw new CheckUsageError(`${file}: pulumi:tags must be an object of strings`);
  }
  for (const [k, v] of Object.entries(configured)) {
    if (typeof v !== "string") throw new CheckUsageError(`${file}: pulumi:tags must be an object of strings; ${k} is ${JSON.stringify(v)}`);
    tags[k] = v;
  }
  return tags;
}

function projectDescription(projectDir: string): string | undefined {
  try {
    const m = /^description:\s*(.+)$/m.exec(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
    return m?.[1].trim();
  } catch {
    return undefined;
  }
}

function loadProgram(projectDir: string): () => Promise<Record<string, unknown> | void> {
  const main = /^main:\s*(\S+)/m.exec(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"))?.[1] ?? ".";
  const target = path.resolve(projectDir, main);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(target);
  return typeof mod === "function" ? mod : () => mod;
}

/** Replaces every secret value that occurs in `text`. */
export function redact(text: string, secrets: Set<string>): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[secret]");
  return out;
}

/** The pack runs its compiled `main`: say so when a TypeScript source is newer (npm run build -w hipaa-guard-policies). */
function warnIfStale(packDir: string, progress: (line: string) => void): void {
  let main: string;
  try {
    main = path.join(packDir, JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main ?? "index.js");
  } catch {
    return;
  }
  if (!main.endsWith(".js") || !fs.existsSync(main)) return;
  const built = fs.statSync(main).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "bin" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && fs.statSync(p).mtimeMs > built) newer.push(path.relative(packDir, p));
    }
  };
  walk(packDir);
  if (newer.length) {
    progress(`warning: the policy pack build ${relativePath(main)} is older than ${newer.slice(0, 3).join(", ")}${newer.length > 3 ? ` and ${newer.length - 3} more` : ""}: run npm run build -w hipaa-guard-policies`);
  }
}

const ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * `npm run check`: runs the stack's program under mocks and the real policy pack over gRPC, as
 * `pulumi preview --policy-pack policies` would, and returns every violation.
 */
export async function checkStack(options: CheckOptions): Promise<CheckResult> {
  const t0 = Date.now();
  const progress = options.progress ?? (() => undefined);
  const projectDir = path.resolve(options.projectDir ?? REPO_ROOT);
  const packDir = path.resolve(options.packDir ?? path.join(REPO_ROOT, "policies"));
  const preview = options.preview ?? false;
  const policyConfigFile = path.resolve(options.policyPackConfig ?? defaultPolicyPackConfig(options.stack));
  if (!fs.existsSync(policyConfigFile)) {
    throw new CheckUsageError(`policy pack config ${relativePath(policyConfigFile)} does not exist`);
  }
  const fileConfig = loadPolicyPackConfigFile(relativePath(policyConfigFile));
  const source = loadStack(projectDir, options.stack, options.configFile);
  const configFile = relativePath(source.configFile);
  const tags = stackTags(source.project, source.config, projectDescription(projectDir), configFile);

  warnIfStale(packDir, progress);
  // The pack starts in its own process while the program runs here.
  progress("starting policy pack…");
  const sessionPromise = openPolicyPack({ packDir, onLog: options.packLog });
  sessionPromise.catch(() => undefined);
  let session: PolicyPackSession | undefined;
  try {
    progress(`running stack ${options.stack} under mocks…`);
    const tp = Date.now();
    const run = await recordProgram(loadProgram(projectDir), { project: source.project, stack: options.stack, config: source.config, preview });
    const programMs = Date.now() - tp;
    if (run.error) {
      if (run.error.name === "StackConfigError" || run.error.name === "StackFileError") throw new CheckUsageError(`${configFile}: ${run.error.message}`);
      throw new CheckUsageError(`the program failed for stack ${options.stack} (${configFile}): ${run.error.message}`);
    }
    progress(`running stack ${options.stack} under mocks… ${run.resources.length} resources`);
    session = await sessionPromise;
    const { client, info } = session;
    const { config, unknownPolicies } = reconcilePolicyPackConfig(info, fileConfig, relativePath(policyConfigFile));
    await client.configure(config);
    const runtimeConfig = Object.fromEntries(Object.entries(source.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    await client.configureStack({
      stack: options.stack,
      project: source.project,
      organization: options.organization ?? "organization",
      dryRun: true,
      tags,
      config: runtimeConfig,
    });
    const resources = stackResourcesFromRun(run, { project: source.project, stack: options.stack, config: source.config });
    const ta = Date.now();
    const remediate = Object.values(config).some((c) => c.enforcementLevel === "remediate");
    const analysis = await analyzeStack(client, resources, {
      remediate,
      concurrency: options.concurrency,
      onProgress: (done, total) => {
        if (done === total || done % 16 === 0) progress(`analyzing ${done}/${total}…`);
      },
    });
    const analysisMs = Date.now() - ta;

    const secrets = new Set<string>();
    for (const r of resources) {
      secretValues(r.analyze.properties, secrets);
      secretValues(r.stack.properties, secrets);
    }
    const policies = new Map(info.policies.map((p) => [p.name, p]));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: Violation[] = [];
    const toViolation = (policyName: string, level: EnforcementLevel, sev: Severity, urn: string, message: string): Violation => {
      const p = policies.get(policyName);
      const r = byUrn.get(urn);
      const severity = sev !== "unspecified" ? sev : p && p.severity !== "unspecified" ? p.severity : "low";
      return {
        policy: policyName,
        displayName: p?.displayName || policyName,
        enforcementLevel: level,
        severity,
        urn,
        type: r?.type ?? (urn ? urn.split("::")[2]?.split("$").pop() ?? "" : ""),
        name: r?.name ?? (urn ? urn.slice(urn.lastIndexOf("::") + 2) : ""),
        message: redact(message, secrets),
        hipaa: hipaaSections(p),
        remediationSteps: redact(p?.remediationSteps ?? "", secrets),
      };
    };
    for (const d of analysis.diagnostics) violations.push(toViolation(d.policyName, d.enforcementLevel, d.severity, d.urn, d.message));
    for (const r of analysis.remediations) {
      if (r.diagnostic) violations.push(toViolation(r.policyName, "advisory", "unspecified", r.urn, r.diagnostic));
    }
    violations.sort(
      (a, b) =>
        (ORDER[a.severity] ?? 9) - (ORDER[b.severity] ?? 9) ||
        Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory") ||
        a.policy.localeCompare(b.policy) ||
        a.urn.localeCompare(b.urn),
    );
    return {
      stack: options.stack,
      project: source.project,
      configFile,
      policyPackConfig: { file: relativePath(policyConfigFile), defaulted: options.policyPackConfig === undefined },
      preview,
      pack: { name: info.name, version: info.version },
      policies: info.policies,
      levels: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.enforcementLevel])),
      resources: resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name })),
      violations,
      remediations: analysis.remediations.filter((r) => !r.diagnostic).map((r) => ({ urn: r.urn, policy: r.policyName, changed: r.changed })),
      unknownPolicies,
      timings: { programMs, packStartMs: session.startMs, analysisMs, totalMs: Date.now() - t0 },
    };
  } finally {
    if (!session) session = await sessionPromise.catch(() => undefined);
    await session?.close();
  }
}
