import { ProgramRun, RecordedResource } from "../../tools/offline/recordProgram";
import { named, ofType, runExampleStack, runWithConfig } from "../support/runStack";
import { MINIMAL_WORKSPACE } from "../support/workspaceConfig";

const OU = "googleworkspace:index/orgUnit:OrgUnit";
const POLICY = "gcp:cloudidentity/policy:Policy";

type Setting = { type: string; value: Record<string, unknown>; ou: string; resource: RecordedResource };

/** Every Policy resource with its setting decoded and its OU resolved to a path through the OrgUnit it depends on. */
function settings(run: ProgramRun): Setting[] {
  const ouByUrn = new Map(ofType(run, OU).map((ou) => [ou.urn, ou]));
  const pathOf = (ou: RecordedResource): string => {
    const parentUrn = ou.propertyDependencies.parentOrgUnitPath?.[0];
    const parentPath = parentUrn ? pathOf(ouByUrn.get(parentUrn)!) : "";
    return `${parentPath}/${ou.inputs.name}`;
  };
  return ofType(run, POLICY).map((resource) => {
    const setting = resource.inputs.setting as { type: string; valueJson: string };
    const ouUrn = resource.propertyDependencies.policyQuery?.[0];
    return {
      type: setting.type,
      value: JSON.parse(setting.valueJson),
      ou: ouUrn ? pathOf(ouByUrn.get(ouUrn)!) : "/",
      resource,
    };
  });
}

const settingOn = (run: ProgramRun, ou: string, type: string) => settings(run).filter((s) => s.ou === ou && s.type === `settings/${type}`);

describe.each(["dev", "prod"] as const)("the %s workspace", (stack) => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runExampleStack(stack);
  });

  test("creates the OU tree with every child naming its parent through the parent's output", () => {
    const ous = ofType(run, OU);
    const byName = new Map(ous.map((ou) => [ou.name, ou]));
    expect([...byName.keys()].sort()).toEqual(["ou-it", "ou-it-admins", "ou-phi", "ou-phi-billing", "ou-phi-clinical", "ou-phi-research", "ou-staff"]);
    for (const top of ["ou-phi", "ou-it", "ou-staff"]) {
      expect(byName.get(top)!.inputs.parentOrgUnitPath).toBe("/");
      expect(byName.get(top)!.propertyDependencies.parentOrgUnitPath).toEqual([]);
    }
    const clinical = byName.get("ou-phi-clinical")!;
    expect(clinical.inputs).toMatchObject({ name: "Clinical", parentOrgUnitPath: "/PHI", description: "Physicians, nurses and clinical staff" });
    expect(clinical.propertyDependencies.parentOrgUnitPath).toEqual([byName.get("ou-phi")!.urn]);
    expect(byName.get("ou-it-admins")!.propertyDependencies.parentOrgUnitPath).toEqual([byName.get("ou-it")!.urn]);
    // parents are registered before their children
    const order = run.resources.map((r) => r.name);
    expect(order.indexOf("ou-phi")).toBeLessThan(order.indexOf("ou-phi-clinical"));
  });

  test("OUs and groups are managed through the explicit googleworkspace provider", () => {
    const provider = named(run, "pulumi:providers:googleworkspace", "workspace");
    expect(provider.inputs).toMatchObject({ customerId: "C03rvbnd7", impersonatedUserEmail: "workspace-automation@riverbendhealth.org" });
    for (const r of [...ofType(run, OU), ...ofType(run, "googleworkspace:index/group:Group"), ...ofType(run, "googleworkspace:index/groupSettings:GroupSettings")]) {
      expect(r.provider.startsWith(`${provider.urn}::`)).toBe(true);
    }
  });

  test("the root carries the whole baseline, each setting imported from its live policy", () => {
    const root = settings(run).filter((s) => s.ou === "/" && !s.type.includes("detector"));
    const expectedDomainMode = stack === "prod" ? "ALLOWLISTED_DOMAINS" : "DISALLOWED";
    const byType = Object.fromEntries(root.map((s) => [s.type.replace("settings/", ""), s.value]));
    expect(byType).toEqual({
      "security.two_step_verification_enrollment": { allowEnrollment: true },
      "security.two_step_verification_enforcement": { enforcedFrom: "2024-01-01T00:00:00Z" },
      "security.two_step_verification_enforcement_factor": { allowedSignInFactorSet: "NO_TELEPHONY" },
      "security.two_step_verification_grace_period": { enrollmentGracePeriod: "604800s" },
      "security.two_step_verification_device_trust": { allowTrustingDevice: false },
      "drive_and_docs.external_sharing": {
        externalSharingMode: expectedDomainMode,
        allowReceivingExternalFiles: false,
        allowReceivingFilesOutsideAllowlistedDomains: false,
        warnForExternalSharing: true,
        warnForSharingOutsideAllowlistedDomains: true,
        allowNonGoogleInvites: false,
        allowNonGoogleInvitesInAllowlistedDomains: false,
        allowPublishingFiles: false,
        accessCheckerSuggestions: "RECIPIENTS_ONLY",
        allowedPartiesForDistributingContent: "NONE",
      },
      "drive_and_docs.general_access_default": { defaultFileAccess: "PRIVATE_TO_OWNER" },
      "drive_and_docs.shared_drive_creation": {
        allowSharedDriveCreation: true,
        allowManagersToOverrideSettings: false,
        allowExternalUserAccess: false,
        allowNonMemberAccess: false,
        allowContentManagersToShareFolders: false,
        allowedPartiesForDownloadPrintCopy: "EDITORS_ONLY",
      },
      "security.session_controls": { webSessionDuration: "43200s" },
      "security.less_secure_apps": { allowLessSecureApps: false },
      "takeout.service_status": { serviceState: "DISABLED" },
      "data_regions.data_at_rest_region": { region: "US" },
    });
    for (const s of root) {
      expect(s.resource.inputs.policyQuery).toEqual({ orgUnit: "orgUnits/03ph8rvbnd0" });
      expect(s.resource.inputs.customer).toBe("customers/C03rvbnd7");
      expect(s.resource.inputs.deletionPolicy).toBe("ABANDON");
      expect(s.resource.options.importId).toMatch(/^policies\/[a-z0-9]+root\d\d$/);
    }
  });

  test("admin OUs require passkeys, declared on the admin OU itself", () => {
    const [factor] = settingOn(run, "/IT/Admins", "security.two_step_verification_enforcement_factor");
    expect(factor.value).toEqual({ allowedSignInFactorSet: "PASSKEY_ONLY" });
    expect(factor.resource.options.importId).toMatch(/itadm01$/);
    expect(factor.resource.inputs.policyQuery).toEqual({ orgUnit: `orgUnits/${String(named(run, OU, "ou-it-admins").outputs.orgUnitId).replace("id:", "")}` });
  });

  test("a child that overrides declares only the overridden setting; a child that doesn't inherits", () => {
    const research = settings(run).filter((s) => s.ou === "/PHI/Research" && s.type !== "settings/rule.dlp");
    expect(research.map((s) => [s.type, s.value])).toEqual([["settings/security.session_controls", { webSessionDuration: "28800s" }]]);
    for (const inheriting of ["/PHI", "/PHI/Clinical", "/PHI/Billing", "/IT", "/Staff"]) {
      expect(settings(run).filter((s) => s.ou === inheriting && !s.type.includes("dlp"))).toEqual([]);
    }
  });

  test("the topmost PHI OUs get a written DLP rule blocking Drive sharing of SSNs, MRNs and beneficiary numbers", () => {
    const rules = settings(run).filter((s) => s.type === "settings/rule.dlp");
    expect(rules.map((r) => r.ou).sort()).toEqual(["/IT/Admins", "/PHI"]);
    const detectors = settings(run).filter((s) => s.type === "settings/detector.regular_expression");
    expect(detectors.map((d) => d.value.displayName).sort()).toEqual(["Health plan beneficiary number", "Medical record number"]);
    const mrn = detectors.find((d) => d.value.displayName === "Medical record number")!;
    expect(mrn.value.regularExpression).toEqual({ expression: "\\bMRN[-: ]?[0-9]{6,10}\\b" });
    for (const rule of rules) {
      expect(rule.resource.options.importId).toBeUndefined();
      expect(rule.resource.inputs.deletionPolicy).toBe("DELETE");
      expect(rule.value).toMatchObject({ triggers: ["google.workspace.drive.file.v1.share"], state: "ACTIVE", action: { driveAction: { blockAccess: {} } } });
      const condition = (rule.value.condition as { contentCondition: string }).contentCondition;
      expect(condition).toContain("matches_dlp_detector('US_SOCIAL_SECURITY_NUMBER')");
      for (const detector of detectors) {
        expect(condition).toContain(`matches_regex_detector('${detector.resource.outputs.name}')`);
        expect(rule.resource.propertyDependencies.setting).toContain(detector.resource.urn);
      }
    }
  });

  test("groups admit members by invitation only and nobody from outside", () => {
    const groups = ofType(run, "googleworkspace:index/group:Group");
    expect(groups.map((g) => g.inputs.email).sort()).toEqual(["clinical-informatics@riverbendhealth.org", "privacy-office@riverbendhealth.org"]);
    for (const group of groups) {
      const settingsResource = ofType(run, "googleworkspace:index/groupSettings:GroupSettings").find((s) => s.propertyDependencies.email?.includes(group.urn));
      expect(settingsResource!.inputs).toMatchObject({
        email: group.inputs.email,
        allowExternalMembers: false,
        whoCanJoin: "INVITED_CAN_JOIN",
        whoCanViewMembership: "ALL_MEMBERS_CAN_VIEW",
        whoCanPostMessage: "ALL_MEMBERS_CAN_POST",
      });
    }
  });
});

describe("composition", () => {
  const minimalWorkspace = MINIMAL_WORKSPACE;

  test("the archive can be switched off", async () => {
    const run = await runWithConfig({ components: ["workspace"], workspace: minimalWorkspace });
    expect(run.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    expect(ofType(run, POLICY).length).toBe(12);
    expect(settings(run).filter((s) => s.type.includes("detector") || s.type.includes("dlp"))).toEqual([]);
    expect(Object.keys(run.stackOutputs)).toEqual(["workspace"]);
  });

  test("the partner domains are exported, and the root stack resource carries the exports as its outputs", async () => {
    const run = await runWithConfig({ components: ["workspace"], workspace: { ...MINIMAL_WORKSPACE, allowedExternalDomains: ["partner.example.com"] } });
    expect((run.stackOutputs.workspace as Record<string, unknown>).allowedExternalDomains).toEqual(["partner.example.com"]);
    // What AnalyzeStack sends for pulumi:pulumi:Stack: its registered outputs (the exports), as the engine keeps them.
    const [root] = ofType(run, "pulumi:pulumi:Stack");
    expect((root.outputs.workspace as Record<string, unknown>).allowedExternalDomains).toEqual(["partner.example.com"]);
  });

  test("the workspace can be switched off", async () => {
    const run = await runWithConfig({ components: ["archive"], archive: { region: "us-east-1", bucketNamePrefix: "example-test" } });
    expect(run.resources.filter((r) => r.type.startsWith("gcp:") || r.type.startsWith("googleworkspace:"))).toEqual([]);
    expect(Object.keys(run.stackOutputs)).toEqual(["archive"]);
  });

  test("an OU with a different baseline knob through an override is declared with the overridden value", async () => {
    const run = await runWithConfig({
      components: ["workspace"],
      workspace: {
        ...minimalWorkspace,
        orgUnits: [{ path: "/Lab", overrides: { externalSharingMode: "ALLOWED", allowPublishingFiles: true } }],
        importIds: { ...minimalWorkspace.importIds, "/Lab": { "settings/drive_and_docs.external_sharing": "policies/lab1" } },
      },
    });
    const [lab] = settingOn(run, "/Lab", "drive_and_docs.external_sharing");
    expect(lab.value).toMatchObject({ externalSharingMode: "ALLOWED", allowPublishingFiles: true });
    expect(lab.resource.options.importId).toBe("policies/lab1");
  });
});
