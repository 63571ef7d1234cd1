import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ArchiveKeyArgs {
  region: string;
  description: string;
  rotationDays: number;
  /** The key policy document (JSON); see keyPolicyStatements. */
  policy: pulumi.Input<string>;
  /** Options for resources that hold keys or data: protect and retainOnDelete. */
  dataOptions: pulumi.CustomResourceOptions;
}

/** A customer-managed KMS key for PHI: rotated, a 30-day deletion window, and an alias for people. */
export class ArchiveKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: ArchiveKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:archive:ArchiveKey", name, {}, opts);
    this.key = new aws.kms.Key(
      name,
      {
        region: args.region,
        description: args.description,
        enableKeyRotation: true,
        rotationPeriodInDays: args.rotationDays,
        deletionWindowInDays: 30,
        policy: args.policy,
      },
      { parent: this, ...args.dataOptions },
    );
    this.alias = new aws.kms.Alias(
      name,
      { region: args.region, name: `alias/${name}`, targetKeyId: this.key.keyId },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn, alias: this.alias.name });
  }
}
