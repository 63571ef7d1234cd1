import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { OrgUnitTree, orgUnitLogicalName } from "./orgUnitTree";
import { PlannedSetting } from "./plan";
import { withPrefix } from "./settings";

/**
 * The read-only settings, each declared with Pulumi's `import` option and the live policy's name. The
 * declared value is the baseline: where the tenant differs, preview plans an update (which Google refuses on
 * `up`) and a refreshed preview shows drift. ABANDON: Pulumi never tries to delete what it cannot write.
 */
export class ImportedSettings extends pulumi.ComponentResource {
  readonly policies: gcp.cloudidentity.Policy[];

  constructor(
    name: string,
    args: { customer: string; settings: PlannedSetting[]; tree: OrgUnitTree },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("hipaa-guard:workspace:ImportedSettings", name, {}, opts);
    this.policies = args.settings.map(
      (setting) =>
        new gcp.cloudidentity.Policy(
          `${orgUnitLogicalName(setting.ouPath)}-${setting.spec.type.replace(/[._]/g, "-")}`,
          {
            customer: args.customer,
            policyQuery: { orgUnit: args.tree.policyTarget(setting.ouPath) },
            setting: { type: withPrefix(setting.spec.type), valueJson: JSON.stringify(setting.value) },
            deletionPolicy: "ABANDON",
          },
          { parent: this, import: setting.importId },
        ),
    );
    this.registerOutputs({});
  }
}
