import * as pulumi from "@pulumi/pulumi";
import { providerMocks } from "./providerMocks";

/** Inputs and outputs as the engine carries them: secrets wrapped in their signature object, unknowns as the sentinel. */
export type WireProperties = Record<string, unknown>;

export interface RecordedOptions {
  protect?: boolean;
  retainOnDelete?: boolean;
  importId?: string;
  ignoreChanges: string[];
  deleteBeforeReplace?: boolean;
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
}

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  /** Provider reference `urn::id`, empty for the default provider. */
  provider: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  inputs: WireProperties;
  outputs: WireProperties;
  options: RecordedOptions;
}

export interface RecordedPackage {
  name: string;
  version: string;
  downloadUrl: string;
  parameterization?: { name: string; version: string; value: string };
}

export interface ProgramRun {
  resources: RecordedResource[];
  packages: RecordedPackage[];
  stackOutputs: Record<string, unknown>;
  /** What the program threw, if it did; `resources` then holds what it registered before. */
  error?: Error;
}

export interface RunOptions {
  project: string;
  stack: string;
  /** Stack config as in `Pulumi.<stack>.yaml`: fully qualified keys, values as written there. */
  config: Record<string, unknown>;
  /** Leave the computed outputs of new resources unknown, as a first `pulumi preview` does. */
  preview?: boolean;
}

type Callback = (err: unknown, resp?: any) => void;

function toWire(struct: any): WireProperties {
  return struct ? (struct.toJavaScript() as WireProperties) : {};
}

function recordOptions(req: any): RecordedOptions {
  return {
    protect: req.hasProtect?.() ? req.getProtect() : undefined,
    retainOnDelete: req.hasRetainondelete?.() ? req.getRetainondelete() : undefined,
    importId: req.getImportid() || undefined,
    ignoreChanges: req.getIgnorechangesList(),
    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
}

function recordPackage(req: any): RecordedPackage {
  const p = req.getParameterization();
  return {
    name: req.getName(),
    version: req.getVersion(),
    downloadUrl: req.getDownloadUrl(),
    parameterization: p
      ? { name: p.getName(), version: p.getVersion(), value: Buffer.from(p.getValue_asU8()).toString("utf8") }
      : undefined,
  };
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * URNs as the engine forms them: a child's type is qualified by its parent's whole type chain, and children of
 * the root stack are not (the mock monitor keeps only the parent's last type and qualifies by the stack too).
 */
function engineUrn(parent: string, type: string, name: string): string {
  const parentType = parent ? parent.split("::")[2] : "";
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/** Config values are strings to the Pulumi runtime; objects and lists travel as JSON, as the CLI sends them. */
function runtimeConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}

/**
 * Runs a Pulumi program under the mock resource monitor, inside a root `pulumi:pulumi:Stack` resource as the
 * real language host does, and records every registration as the engine would receive it, including the
 * resource options that mocks alone do not see. A program that throws is reported in `error`, with what it
 * registered before, as the engine would see the run.
 */
export async function recordProgram(
  program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  options: RunOptions,
): Promise<ProgramRun> {
  const preview = options.preview ?? false;
  await pulumi.runtime.setMocks(providerMocks(preview), options.project, options.stack, preview);
  pulumi.runtime.setAllConfig(runtimeConfig(options.config));

  const monitor = pulumi.runtime.getMonitor() as any;
  monitor.newUrn = engineUrn;
  const resources: RecordedResource[] = [];
  const packages: RecordedPackage[] = [];

  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: Callback) => {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const recorded = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      inputs: toWire(req.getObject()),
      options: recordOptions(req),
    };
    return registerResource(req, (err: unknown, resp?: any) => {
      if (!err && resp) {
        resources.push({ urn: resp.getUrn(), ...recorded, outputs: toWire(resp.getObject()) });
      }
      callback(err, resp);
    });
  };
  // Components and the root stack get their outputs from registerOutputs (the stack's exports): the engine
  // keeps those as the resource's outputs, which is what AnalyzeStack sends.
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: Callback) => {
    const resource = resources.find((r) => r.urn === req.getUrn());
    if (resource) resource.outputs = toWire(req.getOutputs());
    return registerResourceOutputs(req, callback);
  };
  const registerPackage = monitor.registerPackage.bind(monitor);
  monitor.registerPackage = (req: any, callback: Callback) => {
    packages.push(recordPackage(req));
    return registerPackage(req, callback);
  };

  let error: Error | undefined;
  const stackOutputs =
    (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return (await program()) ?? {};
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
        return {};
      }
    })) ?? {};
  await pulumi.runtime.disconnect();
  return { resources, packages, stackOutputs, error };
}
