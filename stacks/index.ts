import * as pulumi from "@pulumi/pulumi";
import { loadArchiveConfig } from "./archive/config";
import { PhiArchive } from "./archive/phiArchive";
import { loadComponents } from "./components";
import { loadWorkspaceConfig } from "./workspace/config";
import { GoogleWorkspace } from "./workspace/googleWorkspace";
import { planWorkspace } from "./workspace/plan";

/**
 * The hipaa-guard program. All config is read, validated and planned before the first resource is
 * registered, so a bad value stops the run with one message and nothing half-declared.
 */
export = async () => {
  const namespace = pulumi.getProject();
  const components = loadComponents(namespace);
  const archiveConfig = components.has("archive") ? loadArchiveConfig(namespace) : undefined;
  const workspaceConfig = components.has("workspace") ? loadWorkspaceConfig(namespace) : undefined;
  const workspacePlan = workspaceConfig ? planWorkspace(workspaceConfig) : undefined;

  const outputs: Record<string, unknown> = {};
  if (archiveConfig) outputs.archive = new PhiArchive("phi-archive", archiveConfig).outputs;
  if (workspaceConfig && workspacePlan) {
    outputs.workspace = {
      orgUnitIds: new GoogleWorkspace("workspace", { config: workspaceConfig, plan: workspacePlan }).orgUnitIds,
      // The allowlist itself is an Admin console setting no API exposes: exported, the policy pack can compare
      // it with the business associates it knows.
      allowedExternalDomains: workspaceConfig.allowedExternalDomains,
    };
  }
  return outputs;
};
