import { analyzerPb, structPb } from "./protos";

/** Properties as the engine carries them: secrets as the signature object, unknowns as the sentinel string. */
export type WireProperties = Record<string, unknown>;

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Wraps a value as a wire secret. */
export const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Every primitive value inside a wire secret in `props`, for redacting reports. */
export function secretValues(props: unknown, out: Set<string> = new Set(), inside = false): Set<string> {
  if (isSecret(props)) return secretValues(props.value, out, true);
  if (Array.isArray(props)) for (const v of props) secretValues(v, out, inside);
  else if (typeof props === "object" && props !== null) for (const v of Object.values(props)) secretValues(v, out, inside);
  else if (inside && (typeof props === "string" || typeof props === "number") && String(props).length >= 3 && props !== UNKNOWN) {
    out.add(String(props));
  }
  return out;
}

/** `pulumirpc.AnalyzerResourceOptions`: what a policy sees as `args.opts` (retainOnDelete and importId are not sent). */
export interface AnalyzerOptions {
  protect?: boolean;
  ignoreChanges?: string[];
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs?: string[];
  aliases?: string[];
  parent?: string;
  customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface AnalyzerProvider {
  urn: string;
  type: string;
  name: string;
  properties: WireProperties;
}

/**
 * One resource as the engine describes it to an analyzer. For Analyze (and Remediate) `properties` are the
 * inputs; for AnalyzeStack they are the outputs, and parent, dependencies and propertyDependencies are sent.
 */
export interface AnalyzerResource {
  urn: string;
  type: string;
  name: string;
  properties: WireProperties;
  options: AnalyzerOptions;
  provider?: AnalyzerProvider;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

function struct(props: WireProperties): any {
  return structPb.Struct.fromJavaScript(props ?? {});
}

function optionsMessage(o: AnalyzerOptions): any {
  const m = new analyzerPb.AnalyzerResourceOptions();
  m.setProtect(o.protect ?? false);
  m.setIgnorechangesList(o.ignoreChanges ?? []);
  if (o.deleteBeforeReplace !== undefined) {
    m.setDeletebeforereplace(o.deleteBeforeReplace);
    m.setDeletebeforereplacedefined(true);
  }
  m.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
  m.setAliasesList(o.aliases ?? []);
  if (o.parent) m.setParent(o.parent);
  if (o.customTimeouts) {
    const t = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(o.customTimeouts.create ?? 0);
    t.setUpdate(o.customTimeouts.update ?? 0);
    t.setDelete(o.customTimeouts.delete ?? 0);
    m.setCustomtimeouts(t);
  }
  return m;
}

function providerMessage(p: AnalyzerProvider): any {
  const m = new analyzerPb.AnalyzerProviderResource();
  m.setUrn(p.urn);
  m.setType(p.type);
  m.setName(p.name);
  m.setProperties(struct(p.properties));
  return m;
}

/** The fields an AnalyzeRequest and an AnalyzerResource share; `options` is always set, as the pack requires. */
function withResource(m: any, r: AnalyzerResource): any {
  m.setUrn(r.urn);
  m.setType(r.type);
  m.setName(r.name);
  m.setProperties(struct(r.properties));
  m.setOptions(optionsMessage(r.options ?? {}));
  if (r.provider) m.setProvider(providerMessage(r.provider));
  return m;
}

/** `pulumirpc.AnalyzeRequest` (also the shape of a RemediateRequest). */
export function toAnalyzeRequest(r: AnalyzerResource): any {
  return withResource(new analyzerPb.AnalyzeRequest(), r);
}

/** `pulumirpc.AnalyzerResource`, one element of an AnalyzeStackRequest. */
export function toStackResource(r: AnalyzerResource): any {
  const m = withResource(new analyzerPb.AnalyzerResource(), r);
  m.setParent(r.parent ?? "");
  m.setDependenciesList(r.dependencies ?? []);
  const deps = m.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
    const d = new analyzerPb.AnalyzerPropertyDependencies();
    d.setUrnsList(urns);
    deps.set(key, d);
  }
  return m;
}

/** The logical name of a URN (its last `::` segment). */
export const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
