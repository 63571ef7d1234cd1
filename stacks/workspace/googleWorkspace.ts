import * as gws from "@pulumi/googleworkspace";
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceConfig } from "./config";
import { PhiDlp } from "./dlp";
import { LockedGroup } from "./lockedGroup";
import { OrgUnitTree } from "./orgUnitTree";
import { WorkspacePlan } from "./plan";
import { ImportedSettings } from "./settingPolicies";

const ADMIN_SCOPES = [
  "https://www.googleapis.com/auth/admin.directory.orgunit",
  "https://www.googleapis.com/auth/admin.directory.group",
  "https://www.googleapis.com/auth/apps.groups.settings",
];

/**
 * The Google Workspace side of the baseline: the OU tree, the read-only settings imported and compared with
 * the baseline, DLP for PHI OUs, and locked-down groups. Credentials come from the provider's environment
 * (GOOGLEWORKSPACE_CREDENTIALS, a service account with domain-wide delegation).
 */
export class GoogleWorkspace extends pulumi.ComponentResource {
  readonly orgUnitIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: { config: WorkspaceConfig; plan: WorkspacePlan }, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:workspace:GoogleWorkspace", name, {}, opts);
    const { config, plan } = args;
    const provider = new gws.Provider(
      name,
      { customerId: config.customerId, impersonatedUserEmail: config.adminEmail, oauthScopes: ADMIN_SCOPES },
      { parent: this },
    );
    const customer = `customers/${config.customerId}`;
    const tree = new OrgUnitTree(`${name}-org-units`, { orgUnits: plan.orgUnits, rootOrgUnitId: config.rootOrgUnitId }, { parent: this, providers: [provider] });
    new ImportedSettings(`${name}-settings`, { customer, settings: plan.settings, tree }, { parent: this });
    if (plan.dlpOrgUnits.length > 0) {
      new PhiDlp(
        `${name}-dlp`,
        {
          customer,
          tree,
          orgUnits: plan.dlpOrgUnits,
          medicalRecordNumberPattern: config.medicalRecordNumberPattern,
          healthPlanBeneficiaryPattern: config.healthPlanBeneficiaryPattern,
        },
        { parent: this },
      );
    }
    for (const group of config.groups) {
      new LockedGroup(`group-${group.email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, group, { parent: this, providers: [provider] });
    }
    for (const ou of plan.orgUnits) this.orgUnitIds[ou.path] = tree.policyTarget(ou.path) as pulumi.Output<string>;
    this.registerOutputs({ orgUnitIds: this.orgUnitIds });
  }
}
