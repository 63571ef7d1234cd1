import * as gws from "@pulumi/googleworkspace";
import * as pulumi from "@pulumi/pulumi";

export interface LockedGroupArgs {
  email: string;
  name: string;
  description: string;
}

/** A group that cannot leak membership or mail: members only, invitation only, no external members. */
export class LockedGroup extends pulumi.ComponentResource {
  readonly group: gws.Group;

  constructor(name: string, args: LockedGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:workspace:LockedGroup", name, {}, opts);
    this.group = new gws.Group(name, { email: args.email, name: args.name, description: args.description }, { parent: this });
    new gws.GroupSettings(
      name,
      {
        email: this.group.email,
        allowExternalMembers: false,
        whoCanJoin: "INVITED_CAN_JOIN",
        whoCanViewMembership: "ALL_MEMBERS_CAN_VIEW",
        whoCanViewGroup: "ALL_MEMBERS_CAN_VIEW",
        whoCanPostMessage: "ALL_MEMBERS_CAN_POST",
        whoCanDiscoverGroup: "ALL_MEMBERS_CAN_DISCOVER",
        whoCanContactOwner: "ALL_MEMBERS_CAN_CONTACT",
        allowWebPosting: false,
        includeInGlobalAddressList: true,
      },
      { parent: this },
    );
    this.registerOutputs({ email: this.group.email });
  }
}
