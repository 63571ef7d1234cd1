import { analyzerGrpc, analyzerPb, EnforcementLevel, EnforcementLevelCode, emptyPb, enforcementLevelName, grpc, Severity, severityName, structPb } from "./protos";
import { AnalyzerResource, toAnalyzeRequest, toStackResource, WireProperties } from "./wire";

export interface PolicyFramework {
  name: string;
  version: string;
  reference: string;
  specification: string;
}

export interface PolicyConfigSchema {
  properties: Record<string, any>;
  required: string[];
}

/** One policy as GetAnalyzerInfo describes it. */
export interface PolicyInfo {
  name: string;
  displayName: string;
  description: string;
  /** The policy's own default level (policy, else pack, else advisory). */
  enforcementLevel: EnforcementLevel;
  kind: "resource" | "stack" | "unknown";
  severity: Severity;
  framework?: PolicyFramework;
  tags: string[];
  remediationSteps: string;
  url: string;
  configSchema?: PolicyConfigSchema;
}

export interface PolicyConfigEntry {
  enforcementLevel?: EnforcementLevel;
  properties?: Record<string, unknown>;
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  displayName: string;
  description: string;
  supportsConfig: boolean;
  policies: PolicyInfo[];
  /** Config the pack was constructed with (`new PolicyPack(name, args, initialConfig)`). */
  initialConfig: Record<string, PolicyConfigEntry>;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
  severity: Severity;
}

export interface NotApplicable {
  policyName: string;
  reason: string;
}

export interface AnalyzeResult {
  diagnostics: Diagnostic[];
  notApplicable: NotApplicable[];
}

export interface Remediation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The resource's inputs after this remediation, in wire form (undefined when only a diagnostic came back). */
  properties?: WireProperties;
  /** Set when the remediation could not run (e.g. an unknown value during preview). */
  diagnostic: string;
}

export interface RemediateResult {
  remediations: Remediation[];
  notApplicable: NotApplicable[];
}

export interface StackConfiguration {
  stack: string;
  project: string;
  organization: string;
  dryRun: boolean;
  tags?: Record<string, string>;
  config?: Record<string, string>;
  configSecretKeys?: string[];
}

const MAX_MESSAGE = 400 * 1024 * 1024;

/** `pulumirpc.AnalyzeStackRequest` over every resource, as the engine sends it after a preview or update. */
export function toAnalyzeStackRequest(resources: AnalyzerResource[]): any {
  const req = new analyzerPb.AnalyzeStackRequest();
  req.setResourcesList(resources.map(toStackResource));
  return req;
}

function policyInfoOf(p: any): PolicyInfo {
  const fw = p.getFramework();
  const schema = p.getConfigschema();
  const type = p.getPolicyType();
  return {
    name: p.getName(),
    displayName: p.getDisplayname(),
    description: p.getDescription(),
    enforcementLevel: enforcementLevelName(p.getEnforcementlevel()),
    kind: type === 1 ? "resource" : type === 2 ? "stack" : "unknown",
    severity: severityName(p.getSeverity()),
    framework: fw
      ? { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() }
      : undefined,
    tags: p.getTagsList(),
    remediationSteps: p.getRemediationSteps(),
    url: p.getUrl(),
    configSchema: schema
      ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() }
      : undefined,
  };
}

function diagnosticOf(d: any): Diagnostic {
  return {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message: d.getMessage(),
    enforcementLevel: enforcementLevelName(d.getEnforcementlevel()),
    urn: d.getUrn(),
    severity: severityName(d.getSeverity()),
  };
}

const notApplicableOf = (n: any): NotApplicable => ({ policyName: n.getPolicyName(), reason: n.getReason() });

export class AnalyzerCallError extends Error {
  constructor(
    readonly method: string,
    readonly details: string,
  ) {
    super(`policy pack ${method} failed: ${details}`);
    this.name = "AnalyzerCallError";
  }
}

/** Promise wrappers over the generated `pulumirpc.Analyzer` client, speaking plain objects. */
export class AnalyzerClient {
  private readonly client: any;

  constructor(
    readonly address: string,
    private readonly deadlineMs = 120_000,
  ) {
    this.client = new analyzerGrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
    });
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const deadline = new Date(Date.now() + this.deadlineMs);
      this.client[method](request, new grpc.Metadata(), { deadline }, (err: any, resp: T) => {
        if (err) reject(new AnalyzerCallError(method, err.details || err.message));
        else resolve(resp);
      });
    });
  }

  /** Waits until the pack's server accepts connections. */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(new Date(Date.now() + timeoutMs), (err?: Error) =>
        err ? reject(new AnalyzerCallError("connect", err.message)) : resolve(),
      ),
    );
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const info: any = await this.call("getAnalyzerInfo", new emptyPb.Empty());
    const initialConfig: Record<string, PolicyConfigEntry> = {};
    info.getInitialconfigMap().forEach((c: any, name: string) => {
      initialConfig[name] = {
        enforcementLevel: enforcementLevelName(c.getEnforcementlevel()),
        properties: c.getProperties()?.toJavaScript(),
      };
    });
    return {
      name: info.getName(),
      version: info.getVersion(),
      displayName: info.getDisplayname(),
      description: info.getDescription(),
      supportsConfig: info.getSupportsconfig(),
      policies: info.getPoliciesList().map(policyInfoOf),
      initialConfig,
    };
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info: any = await this.call("getPluginInfo", new emptyPb.Empty());
    return { version: info.getVersion() };
  }

  /** `Configure`: the full per-policy config (every entry must carry a level), as the CLI sends it. */
  async configure(config: Record<string, Required<Pick<PolicyConfigEntry, "enforcementLevel">> & PolicyConfigEntry>): Promise<void> {
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
      const c = new analyzerPb.PolicyConfig();
      c.setEnforcementlevel(EnforcementLevelCode[entry.enforcementLevel]);
      c.setProperties(structPb.Struct.fromJavaScript(entry.properties ?? {}));
      map.set(name, c);
    }
    await this.call("configure", req);
  }

  async configureStack(s: StackConfiguration): Promise<void> {
    const req = new analyzerPb.AnalyzerStackConfigureRequest();
    req.setStack(s.stack);
    req.setProject(s.project);
    req.setOrganization(s.organization);
    req.setDryRun(s.dryRun);
    req.setConfigSecretKeysList(s.configSecretKeys ?? []);
    for (const [k, v] of Object.entries(s.config ?? {})) req.getConfigMap().set(k, v);
    for (const [k, v] of Object.entries(s.tags ?? {})) req.getTagsMap().set(k, v);
    await this.call("configureStack", req);
  }

  async analyze(resource: AnalyzerResource): Promise<AnalyzeResult> {
    return this.analyzeRequest(toAnalyzeRequest(resource));
  }

  /** `Analyze` with a request already built by `toAnalyzeRequest` (benchmarks build them ahead of time). */
  async analyzeRequest(request: unknown): Promise<AnalyzeResult> {
    const resp: any = await this.call("analyze", request);
    return { diagnostics: resp.getDiagnosticsList().map(diagnosticOf), notApplicable: resp.getNotApplicableList().map(notApplicableOf) };
  }

  async analyzeStack(resources: AnalyzerResource[]): Promise<AnalyzeResult> {
    return this.analyzeStackRequest(toAnalyzeStackRequest(resources));
  }

  /** `AnalyzeStack` with a request already built by `toAnalyzeStackRequest`. */
  async analyzeStackRequest(request: unknown): Promise<AnalyzeResult> {
    const resp: any = await this.call("analyzeStack", request);
    return { diagnostics: resp.getDiagnosticsList().map(diagnosticOf), notApplicable: resp.getNotApplicableList().map(notApplicableOf) };
  }

  async remediate(resource: AnalyzerResource): Promise<RemediateResult> {
    const resp: any = await this.call("remediate", toAnalyzeRequest(resource));
    return {
      remediations: resp.getRemediationsList().map((r: any) => ({
        policyName: r.getPolicyname(),
        policyPackName: r.getPolicypackname(),
        policyPackVersion: r.getPolicypackversion(),
        description: r.getDescription(),
        properties: r.getProperties()?.toJavaScript(),
        diagnostic: r.getDiagnostic(),
      })),
      notApplicable: resp.getNotApplicableList().map(notApplicableOf),
    };
  }

  close(): void {
    this.client.close();
  }
}
