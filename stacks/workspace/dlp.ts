import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { OrgUnitTree, orgUnitLogicalName } from "./orgUnitTree";
import { ROOT } from "./plan";
import { DLP_RULE, REGEX_DETECTOR, withPrefix } from "./settings";

/** Google's trigger for a Drive file being shared. */
export const DRIVE_SHARE_TRIGGER = "google.workspace.drive.file.v1.share";
/** Google's predefined detector for US Social Security numbers. */
export const SSN_DETECTOR = "US_SOCIAL_SECURITY_NUMBER";

export interface PhiDlpArgs {
  customer: string;
  tree: OrgUnitTree;
  /** The topmost PHI OUs; their children inherit the rule. */
  orgUnits: string[];
  medicalRecordNumberPattern: string;
  healthPlanBeneficiaryPattern: string;
}

/**
 * DLP for PHI in Drive, written by Pulumi (DLP rules and detectors are the settings Google's Policy API lets
 * clients write): two custom detectors at the root, and per PHI OU a rule that blocks sharing files that
 * contain Social Security, medical record or health-plan beneficiary numbers.
 */
export class PhiDlp extends pulumi.ComponentResource {
  readonly rules: gcp.cloudidentity.Policy[];

  constructor(name: string, args: PhiDlpArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hipaa-guard:workspace:PhiDlp", name, {}, opts);
    const detector = (suffix: string, displayName: string, expression: string) =>
      new gcp.cloudidentity.Policy(
        `${name}-${suffix}`,
        {
          customer: args.customer,
          policyQuery: { orgUnit: args.tree.policyTarget(ROOT) },
          setting: {
            type: withPrefix(REGEX_DETECTOR.type),
            valueJson: JSON.stringify({ displayName, regularExpression: { expression } }),
          },
          deletionPolicy: "DELETE",
        },
        { parent: this },
      );
    const mrn = detector("medical-record-number", "Medical record number", args.medicalRecordNumberPattern);
    const beneficiary = detector("health-plan-beneficiary-number", "Health plan beneficiary number", args.healthPlanBeneficiaryPattern);
    const condition = pulumi.interpolate`all_content.matches_dlp_detector('${SSN_DETECTOR}') || all_content.matches_regex_detector('${mrn.name}') || all_content.matches_regex_detector('${beneficiary.name}')`;

    this.rules = args.orgUnits.map(
      (path) =>
        new gcp.cloudidentity.Policy(
          `${name}-${orgUnitLogicalName(path)}-drive-rule`,
          {
            customer: args.customer,
            policyQuery: { orgUnit: args.tree.policyTarget(path) },
            setting: {
              type: withPrefix(DLP_RULE.type),
              valueJson: pulumi.jsonStringify({
                displayName: `Block sharing PHI from ${path}`,
                description: "hipaa-guard: Drive files with SSNs, medical record or health-plan beneficiary numbers stay inside the organization.",
                triggers: [DRIVE_SHARE_TRIGGER],
                condition: { contentCondition: condition },
                action: { driveAction: { blockAccess: {} }, alertCenterAction: { alertCenterConfig: {} } },
                state: "ACTIVE",
              }),
            },
            deletionPolicy: "DELETE",
          },
          { parent: this },
        ),
    );
    this.registerOutputs({});
  }
}
