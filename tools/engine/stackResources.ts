import type { ProgramRun, RecordedResource } from "../offline/recordProgram";
import { AnalyzerProvider, AnalyzerResource, urnName, WireProperties } from "./wire";

/** One resource of a run, in the two shapes the engine sends: inputs for Analyze/Remediate, outputs for AnalyzeStack. */
export interface StackResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** For Analyze and Remediate. */
  analyze: AnalyzerResource;
  /** For AnalyzeStack. */
  stack: AnalyzerResource;
}

export interface StackIdentity {
  project: string;
  stack: string;
  /** Stack config, fully qualified keys (provider config such as `aws:region` feeds default providers). */
  config: Record<string, unknown>;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** `urn::id` → urn. */
const providerUrn = (ref: string) => ref.slice(0, ref.lastIndexOf("::"));

const configString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * The default provider the engine would create for a package (`pulumi:providers:<pkg>::default[_<version>]`),
 * with the package's stack config (`<pkg>:*`) as its inputs. Resources registered without an explicit provider
 * reference this one, as they do in a real preview.
 */
function defaultProvider(identity: StackIdentity, pkg: string, version: string | undefined): AnalyzerProvider {
  const name = version ? `default_${version.replace(/[.\-+]/g, "_")}` : "default";
  const properties: WireProperties = {};
  for (const [key, value] of Object.entries(identity.config)) {
    if (key.startsWith(`${pkg}:`)) properties[key.slice(pkg.length + 1)] = configString(value);
  }
  if (version) properties.version = version;
  return {
    urn: `urn:pulumi:${identity.stack}::${identity.project}::${PROVIDER_PREFIX}${pkg}::${name}`,
    type: `${PROVIDER_PREFIX}${pkg}`,
    name,
    properties,
  };
}

function packageVersion(pkg: string, run: ProgramRun): string | undefined {
  const registered = run.packages.find((p) => p.name === pkg || p.parameterization?.name === pkg);
  if (registered) return registered.parameterization?.version || registered.version || undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`@pulumi/${pkg}/package.json`).version;
  } catch {
    return undefined;
  }
}

function options(r: RecordedResource) {
  return {
    protect: r.options.protect ?? false,
    ignoreChanges: r.options.ignoreChanges,
    deleteBeforeReplace: r.options.deleteBeforeReplace,
    additionalSecretOutputs: r.options.additionalSecretOutputs,
    aliases: [],
    parent: r.parent || undefined,
  };
}

/**
 * Turns a recorded run into what the engine sends analyzers: every registered resource (the root stack,
 * components, explicit providers, custom resources) plus the default providers the engine would create, each
 * custom resource pointing at its provider.
 */
export function stackResourcesFromRun(run: ProgramRun, identity: StackIdentity): StackResource[] {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const defaults = new Map<string, AnalyzerProvider>();
  const providerOf = (r: RecordedResource): AnalyzerProvider | undefined => {
    if (!r.custom || r.type.startsWith(PROVIDER_PREFIX)) return undefined;
    if (r.provider) {
      const p = byUrn.get(providerUrn(r.provider));
      if (p) return { urn: p.urn, type: p.type, name: urnName(p.urn), properties: p.inputs };
    }
    const pkg = r.type.split(":")[0];
    if (!defaults.has(pkg)) defaults.set(pkg, defaultProvider(identity, pkg, packageVersion(pkg, run)));
    return defaults.get(pkg);
  };

  const out: StackResource[] = run.resources.map((r) => {
    const provider = providerOf(r);
    const base = { urn: r.urn, type: r.type, name: urnName(r.urn), options: options(r), provider };
    return {
      urn: r.urn,
      type: r.type,
      name: base.name,
      custom: r.custom,
      analyze: { ...base, properties: r.inputs },
      stack: {
        ...base,
        properties: r.outputs,
        parent: r.parent || undefined,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
      },
    };
  });
  // The engine registers default providers before their first resource; they are part of the stack too.
  for (const p of defaults.values()) {
    const base = { urn: p.urn, type: p.type, name: p.name, options: { protect: false } };
    out.unshift({
      urn: p.urn,
      type: p.type,
      name: p.name,
      custom: true,
      analyze: { ...base, properties: p.properties },
      stack: { ...base, properties: p.properties, dependencies: [], propertyDependencies: {} },
    });
  }
  return out;
}
