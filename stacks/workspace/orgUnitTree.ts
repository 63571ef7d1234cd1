import * as gws from "@pulumi/googleworkspace";
import * as pulumi from "@pulumi/pulumi";
import { PlannedOrgUnit, ROOT } from "./plan";

/** `orgUnits/<id>` as the Policy API names an OU, from the provider's `id:<id>` (or a bare id). */
export const policyApiOrgUnit = (orgUnitId: string) => `orgUnits/${orgUnitId.replace(/^id:/, "")}`;

const logicalName = (path: string) => (path === ROOT ? "ou-root" : `ou${path.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.replace(/-$/, ""));

/**
 * The org unit tree, parents before children: each child names its parent through the parent's output, so
 * the dependency is explicit and Pulumi creates (and the policy pack sees) them in order.
 */
export class OrgUnitTree extends pulumi.ComponentResource {
  private readonly byPath = new Map<string, gws.OrgUnit>();
  private readonly rootRef: string;

  constructor(name: string, args: { orgUnits: PlannedOrgUnit[]; rootOrgUnitId: string }, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:workspace:OrgUnitTree", name, {}, opts);
    this.rootRef = policyApiOrgUnit(args.rootOrgUnitId);
    for (const ou of args.orgUnits) {
      const parent = ou.parentPath === ROOT ? undefined : this.byPath.get(ou.parentPath)!;
      this.byPath.set(
        ou.path,
        new gws.OrgUnit(
          logicalName(ou.path),
          { name: ou.name, description: ou.description, parentOrgUnitPath: parent ? parent.orgUnitPath : ROOT },
          { parent: this },
        ),
      );
    }
    this.registerOutputs({});
  }

  /** The OU as the Policy API's `policyQuery.orgUnit` wants it: an output of the OrgUnit, or the root's ID. */
  policyTarget(path: string): pulumi.Input<string> {
    if (path === ROOT) return this.rootRef;
    const ou = this.byPath.get(path);
    if (!ou) throw new Error(`org unit ${path} is not part of the tree`);
    return ou.orgUnitId.apply(policyApiOrgUnit);
  }
}

export { logicalName as orgUnitLogicalName };
