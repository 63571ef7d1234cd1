import { defineStackPolicy } from "../lib/define";
import { isUnknown } from "../lib/props";
import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { OrgUnitNode, ROOT_PATH, SettingPolicy, describeOrgUnit, workspaceIndex } from "../lib/workspace/stackIndex";
import { W } from "../lib/workspace/tokens";

export const DRIVE_SHARE_TRIGGER = "google.workspace.drive.file.v1.share";
const DLP_RULE = "rule.dlp";

/**
 * A rule protects Drive when it fires on Drive sharing and is active. A value computed from detector
 * policies of this stack (their names are known only once they exist) is judged by that dependency during
 * preview, and in full when the update analyzes it with known inputs.
 */
function protectsDrive(rule: SettingPolicy): boolean {
  if (isUnknown(rule.value)) return rule.valueDependencies.length > 0 && rule.valueDependencies.every((d) => d.type === W.policy);
  if (rule.value === "malformed") return false;
  const triggers = rule.value.triggers;
  return Array.isArray(triggers) && triggers.includes(DRIVE_SHARE_TRIGGER) && rule.value.state !== "INACTIVE";
}

export default defineStackPolicy<Pick<WorkspaceConfig, "exemptOrgUnits">>(
  {
    name: "hipaa-workspace-dlp-drive-coverage",
    area: "workspace",
    displayName: "DLP rule for Drive on every PHI org unit",
    description: "Every org unit that holds PHI is covered by an active DLP rule on Drive sharing, its own or an ancestor's.",
    severity: "high",
    hipaa: ["164.312(a)(1)", "164.312(e)(1)", "164.308(a)(1)(ii)(D)"],
    checks: `Each PHI OU (fail closed: all declared OUs and the root but the pack config's exemptOrgUnits) has, on itself or its nearest declared ancestors or the root, a settings/${DLP_RULE} policy whose triggers include ${DRIVE_SHARE_TRIGGER} and whose state is not INACTIVE.`,
    appliesTo: [W.policy, W.orgUnit],
    remediationSteps: `declare a gcp.cloudidentity.Policy with setting.type "settings/${DLP_RULE}" for the OU (or an ancestor), triggers ["${DRIVE_SHARE_TRIGGER}"], state "ACTIVE" and a blocking driveAction; the workspace stack does this for every PHI OU`,
    configSchema: { properties: { exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
    previewUnknowns: ["a DLP rule's value computed from values other than this stack's detector policies"],
  },
  (ctx) => {
    const index = workspaceIndex(ctx.resources);
    if (index.orgUnits.length === 0) return;
    const exempt = new Set(ctx.config.exemptOrgUnits);
    const isPhi = (node: OrgUnitNode | undefined) => {
      const path = node ? node.path : ROOT_PATH;
      return isUnknown(path) || !exempt.has(path);
    };
    const covered = (node: OrgUnitNode | undefined): boolean => {
      for (let at: OrgUnitNode | undefined = node; ; at = at.parent) {
        if (index.own(DLP_RULE, at).some(protectsDrive)) return true;
        if (at === undefined) return false;
      }
    };
    for (const rule of index.policies) {
      if (rule.type === DLP_RULE && isUnknown(rule.value) && !protectsDrive(rule)) {
        ctx.reportUnknown(rule.resource, "setting.valueJson", `triggers including "${DRIVE_SHARE_TRIGGER}", state ACTIVE`, "make the rule's value known at preview");
      }
    }
    for (const node of index.orgUnits) {
      if (!isPhi(node) || covered(node)) continue;
      ctx.report(node.resource, {
        property: "DLP coverage",
        found: `no active Drive DLP rule on ${describeOrgUnit(node)}, its declared ancestors or the root`,
        required: `a settings/${DLP_RULE} policy with trigger ${DRIVE_SHARE_TRIGGER}`,
        fix: "mark the OU phi: true in the workspace stack (it then gets the PHI DLP rule), or exempt its path in the pack config if it holds no PHI",
      });
    }
  },
);
