import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
/** Git-ignored scratch space of the benchmark. */
export const BENCH_CACHE = path.join(REPO_ROOT, ".cache", "bench");
export const POLICIES_DIR = path.join(REPO_ROOT, "policies");
export const PRODUCTION_CONFIG = path.join(POLICIES_DIR, "config", "production.json");

export const AWSGUARD_VERSION = "0.3.1";
export const AWSGUARD_DIR = path.join(BENCH_CACHE, "awsguard");

/** TypeScript sources of the pack newer than its build. */
function newerSources(dir: string, than: number): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "bin" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...newerSources(p, than));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && fs.statSync(p).mtimeMs > than) out.push(path.relative(POLICIES_DIR, p));
  }
  return out;
}

/** The compiled entry: `policies/` as `pulumi preview --policy-pack policies` runs it (main: bin/index.js). */
export function compiledPackDir(warn: (line: string) => void = () => undefined): string {
  const main = path.join(POLICIES_DIR, "bin", "index.js");
  if (!fs.existsSync(main)) throw new Error(`${path.relative(REPO_ROOT, main)} does not exist: run npm run build -w hipaa-guard-policies`);
  const newer = newerSources(POLICIES_DIR, fs.statSync(main).mtimeMs);
  if (newer.length > 0) warn(`warning: policies/bin is older than ${newer.slice(0, 3).join(", ")}${newer.length > 3 ? " and more" : ""}: run npm run build -w hipaa-guard-policies`);
  return POLICIES_DIR;
}

/**
 * The TypeScript entry: a throwaway pack directory whose package.json `main` is `index.ts`, with links to the pack's
 * sources, tsconfig and the repository's node_modules. run-policy-pack registers ts-node itself (with type checking,
 * as it does for every pack), so this is what starting the pack from its sources costs.
 */
export function typeScriptPackDir(): string {
  const dir = path.join(BENCH_CACHE, "hipaa-guard-ts");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of ["index.ts", "registry.ts", "lib", "aws", "workspace", "governance", "tsconfig.json", "PulumiPolicy.yaml"]) {
    fs.symlinkSync(path.join(POLICIES_DIR, entry), path.join(dir, entry));
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...pkg, main: "index.ts", scripts: {} }, null, 2) + "\n");
  return dir;
}

/**
 * `@pulumi/awsguard` 0.3.1 as a policy pack: installed on first use into .cache/bench/awsguard (npm install there),
 * and a pack directory beside it whose index.js is `new AwsGuard({ all: "mandatory" })`, as its README shows.
 */
export function awsGuardPackDir(log: (line: string) => void = () => undefined): string {
  const installed = path.join(AWSGUARD_DIR, "node_modules", "@pulumi", "awsguard", "package.json");
  const version = fs.existsSync(installed) ? String(JSON.parse(fs.readFileSync(installed, "utf8")).version).replace(/^v/, "") : undefined;
  if (version !== AWSGUARD_VERSION) {
    log(`installing @pulumi/awsguard@${AWSGUARD_VERSION} into ${path.relative(REPO_ROOT, AWSGUARD_DIR)} (once)…`);
    fs.mkdirSync(AWSGUARD_DIR, { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(
      npm,
      ["install", "--prefix", AWSGUARD_DIR, "--no-audit", "--no-fund", `@pulumi/awsguard@${AWSGUARD_VERSION}`, "@pulumi/policy", "@pulumi/pulumi"],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  }
  const pack = path.join(AWSGUARD_DIR, "pack");
  fs.mkdirSync(pack, { recursive: true });
  fs.writeFileSync(path.join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: AWSGuard 0.3.1, every policy mandatory (benchmark comparison).\n");
  fs.writeFileSync(
    path.join(pack, "package.json"),
    JSON.stringify({ name: "awsguard-bench", version: "0.0.0", private: true, main: "index.js" }, null, 2) + "\n",
  );
  fs.writeFileSync(path.join(pack, "index.js"), 'const { AwsGuard } = require("@pulumi/awsguard");\n\nnew AwsGuard({ all: "mandatory" });\n');
  return pack;
}

/**
 * A second floor for the start: a pack with one policy that does nothing, on the SDK the repository resolves. Its
 * start is what run-policy-pack and @pulumi/policy cost without any pack code, so start minus this is the pack's own.
 */
export function emptyPackDir(): string {
  const dir = path.join(BENCH_CACHE, "empty-pack");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: one no-op policy (benchmark start floor)\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.0", private: true, main: "index.js" }, null, 2) + "\n");
  fs.writeFileSync(
    path.join(dir, "index.js"),
    'const { PolicyPack } = require("@pulumi/policy");\n\n' +
      'new PolicyPack("empty", { policies: [{ name: "noop", description: "Does nothing.", enforcementLevel: "advisory", validateResource: () => undefined }] });\n',
  );
  return dir;
}

/** The version of a package as `packDir` resolves it. */
export function resolvedVersion(packDir: string, pkg: string): string {
  try {
    const file = require.resolve(`${pkg}/package.json`, { paths: [packDir] });
    return String(JSON.parse(fs.readFileSync(file, "utf8")).version).replace(/^v/, "");
  } catch {
    return "?";
  }
}
