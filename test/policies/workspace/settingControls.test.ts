import { WireResource, secret } from "../support/harness";
import { BASELINE, WORKSPACE_CONFIG, orgUnit, setting, workspaceStack } from "../support/workspaceFixtures";
import { lines, run } from "./support";

/**
 * Every control over one setting type, driven by one table: what a bad value is, whether an OU without the
 * setting in effect fails (Google's default breaks the baseline), and whether only PHI OUs are held to it.
 */
interface Case {
  policy: string;
  type: string;
  bad: Record<string, unknown>;
  /** A fragment of the message for `bad`. */
  says: string;
  mustBeInEffect: boolean;
  scope: "phi" | "all";
  config?: Record<string, unknown>;
}

const CASES: Case[] = [
  { policy: "hipaa-workspace-2sv-enforced", type: "security.two_step_verification_enforcement", bad: { enforcedFrom: "1970-01-01T00:00:00Z" }, says: "enforcedFrom is a string value (not shown)", mustBeInEffect: true, scope: "all" },
  { policy: "hipaa-workspace-2sv-enrollment-allowed", type: "security.two_step_verification_enrollment", bad: { allowEnrollment: false }, says: "allowEnrollment is false; required: true", mustBeInEffect: false, scope: "all" },
  { policy: "hipaa-workspace-2sv-sign-in-factors", type: "security.two_step_verification_enforcement_factor", bad: { allowedSignInFactorSet: "ALL" }, says: 'allowedSignInFactorSet is "ALL"', mustBeInEffect: true, scope: "all", config: { adminOrgUnits: ["/IT/Admins"] } },
  { policy: "hipaa-workspace-2sv-grace-period", type: "security.two_step_verification_grace_period", bad: { enrollmentGracePeriod: "1209600s" }, says: 'enrollmentGracePeriod is "1209600s" (14 days); required: at most 7 days', mustBeInEffect: false, scope: "all" },
  { policy: "hipaa-workspace-2sv-no-trusted-devices", type: "security.two_step_verification_device_trust", bad: { allowTrustingDevice: true }, says: "allowTrustingDevice is true", mustBeInEffect: true, scope: "all" },
  { policy: "hipaa-workspace-drive-external-sharing", type: "drive_and_docs.external_sharing", bad: { ...BASELINE["drive_and_docs.external_sharing"], externalSharingMode: "ALLOWED" }, says: 'externalSharingMode is "ALLOWED"', mustBeInEffect: true, scope: "phi" },
  { policy: "hipaa-workspace-drive-no-publishing", type: "drive_and_docs.external_sharing", bad: { ...BASELINE["drive_and_docs.external_sharing"], allowPublishingFiles: true }, says: "allowPublishingFiles is true", mustBeInEffect: true, scope: "phi" },
  { policy: "hipaa-workspace-drive-access-checker", type: "drive_and_docs.external_sharing", bad: { ...BASELINE["drive_and_docs.external_sharing"], accessCheckerSuggestions: "RECIPIENTS_OR_AUDIENCE_OR_PUBLIC" }, says: 'accessCheckerSuggestions is "RECIPIENTS_OR_AUDIENCE_OR_PUBLIC"', mustBeInEffect: true, scope: "phi" },
  { policy: "hipaa-workspace-drive-default-private", type: "drive_and_docs.general_access_default", bad: { defaultFileAccess: "PRIMARY_AUDIENCE_WITH_LINK" }, says: 'defaultFileAccess is "PRIMARY_AUDIENCE_WITH_LINK"', mustBeInEffect: true, scope: "phi" },
  { policy: "hipaa-workspace-drive-shared-drives", type: "drive_and_docs.shared_drive_creation", bad: { ...BASELINE["drive_and_docs.shared_drive_creation"], allowExternalUserAccess: true }, says: "allowExternalUserAccess is true", mustBeInEffect: true, scope: "phi" },
  { policy: "hipaa-workspace-session-length", type: "security.session_controls", bad: { webSessionDuration: "1209600s" }, says: 'webSessionDuration is "1209600s" (336 hours); required: at most 12 hours ("43200s")', mustBeInEffect: true, scope: "all" },
  { policy: "hipaa-workspace-less-secure-apps-off", type: "security.less_secure_apps", bad: { allowLessSecureApps: true }, says: "allowLessSecureApps is true", mustBeInEffect: false, scope: "all" },
  { policy: "hipaa-workspace-takeout-disabled", type: "takeout.service_status", bad: { serviceState: "ENABLED" }, says: 'serviceState is "ENABLED"', mustBeInEffect: true, scope: "phi" },
];

describe.each(CASES)("$policy", (c) => {
  const config = { ...(c.scope === "phi" ? { exemptOrgUnits: WORKSPACE_CONFIG.exemptOrgUnits } : {}), ...c.config };

  test("passes the compliant tenant, in preview too", async () => {
    expect(lines(await run(c.policy, workspaceStack().stack.resources, config))).toEqual([]);
    expect(lines(await run(c.policy, workspaceStack({ preview: true }).stack.resources, config))).toEqual([]);
  });

  test("fails a bad value on the policy itself, naming the value, the requirement and the fix", async () => {
    const { stack, ou } = workspaceStack({ omit: [c.type] });
    setting(stack, c.type, BASELINE[c.type]);
    const bad = setting(stack, c.type, c.bad, { ou: ou["/PHI"] });
    const found = await run(c.policy, stack.resources, config);
    expect(found.map((v) => v.urn)).toEqual([bad.urn]);
    expect(lines(found)[0]).toContain(`${bad.type} "${bad.name}": settings/${c.type} ${c.says}`);
    expect(lines(found)[0]).toContain("Fix: set");
    expect(found[0].enforcementLevel).toBe("mandatory");
  });

  test("fails a weak group-scoped policy (it overrides the OU setting for the group's members)", async () => {
    const { stack } = workspaceStack();
    const bad = setting(stack, c.type, c.bad, { group: "contractors@example.org" });
    expect((await run(c.policy, stack.resources, config)).map((v) => v.urn)).toEqual([bad.urn]);
  });

  test("reads settings/-less types and snake_case fields as Google's reads return them", async () => {
    const { stack } = workspaceStack({ omit: [c.type] });
    const snake = Object.fromEntries(Object.entries(c.bad).map(([k, v]) => [k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), v]));
    const bad = setting(stack, c.type, snake);
    (bad.inputs!.setting as Record<string, unknown>).type = c.type;
    (bad.outputs!.setting as Record<string, unknown>).type = c.type;
    const found = await run(c.policy, stack.resources, config);
    if (c.scope === "all") expect(found.map((v) => v.urn)).toContain(bad.urn);
    else expect(lines(found).join("\n")).toContain("inherited from the root org unit");
  });

  test("a malformed valueJson fails; an unknown one is reported as not verifiable during preview", async () => {
    const { stack, ou } = workspaceStack();
    const malformed = setting(stack, c.type, "{not json", { ou: ou["/PHI"] });
    const unknown = setting(stack, c.type, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", { ou: ou["/PHI/Clinical"] });
    const found = lines(await run(c.policy, stack.resources, config));
    expect(found.find((l) => l.includes(malformed.name))).toContain("setting.valueJson is not a JSON object");
    expect(found.find((l) => l.includes(unknown.name))).toContain("cannot be verified during preview: setting.valueJson is unknown");
  });

  test("a secret valueJson is judged but never printed", async () => {
    const { stack, ou } = workspaceStack();
    const valueJson = JSON.stringify({ ...c.bad, note: "PATIENT-4471-SECRET" });
    const bad = setting(stack, c.type, "placeholder", { ou: ou["/PHI"] });
    for (const props of [bad.inputs!, bad.outputs!]) (props.setting as Record<string, unknown>).valueJson = secret(valueJson);
    const found = await run(c.policy, stack.resources, config);
    expect(found.map((v) => v.urn)).toContain(bad.urn);
    for (const v of found) {
      expect(v.message).not.toContain("PATIENT-4471-SECRET");
      expect(v.message).not.toContain(valueJson);
    }
  });

  if (c.mustBeInEffect) {
    test("fails when no policy of this type is in effect (Google's default applies), once per subtree", async () => {
      const { stack, ou } = workspaceStack({ omit: [c.type] });
      const found = await run(c.policy, stack.resources, config);
      // PHI scope: /IT and /Staff are exempt, /IT/Admins is not (so it is the topmost PHI OU of its subtree).
      const expected = c.scope === "phi" ? [ou["/PHI"].urn, ou["/IT/Admins"].urn] : [ou["/PHI"].urn, ou["/IT"].urn, ou["/Staff"].urn];
      expect(found.map((v) => v.urn).sort()).toEqual(expected.sort());
      expect(lines(found)[0]).toContain("not in effect");
    });
  } else {
    test("passes when no policy of this type is in effect (Google's default complies)", async () => {
      expect(await run(c.policy, workspaceStack({ omit: [c.type] }).stack.resources, config)).toEqual([]);
    });
  }

  if (c.scope === "phi") {
    test("an exempt OU may differ; a PHI OU under it that inherits its value fails", async () => {
      const { stack, ou } = workspaceStack();
      setting(stack, c.type, c.bad, { ou: ou["/Staff"] });
      expect(await run(c.policy, stack.resources, config)).toEqual([]);
      const phiUnderStaff = orgUnit(stack, "/Staff/Records", ou["/Staff"]);
      orgUnit(stack, "/Staff/Records/Archive", phiUnderStaff);
      const found = await run(c.policy, stack.resources, config);
      expect(found.map((v) => v.urn)).toEqual([phiUnderStaff.urn]);
      expect(lines(found)[0]).toContain('inherited from googleworkspace:index/orgUnit:OrgUnit "ou-staff"');
    });

    test("fail closed: without exemptions every OU, the root included, holds PHI", async () => {
      const { stack } = workspaceStack({ omit: [c.type] });
      const rootBad = setting(stack, c.type, c.bad);
      expect((await run(c.policy, stack.resources, { ...config, exemptOrgUnits: [] })).map((v) => v.urn)).toEqual([rootBad.urn]);
    });
  }
});

describe("hipaa-workspace-2sv-sign-in-factors on admin OUs", () => {
  const config = { adminOrgUnits: ["/IT/Admins"] };

  test("an admin OU that inherits NO_TELEPHONY fails on the OU itself", async () => {
    const { stack, ou } = workspaceStack();
    stack.remove("ou-it-admins-security-two-step-verification-enforcement-factor");
    const found = await run("hipaa-workspace-2sv-sign-in-factors", stack.resources, config);
    expect(found.map((v) => v.urn)).toEqual([ou["/IT/Admins"].urn]);
    expect(lines(found)[0]).toContain('allowedSignInFactorSet is "NO_TELEPHONY", inherited from the root org unit; required: "PASSKEY_ONLY" (admin org unit)');
  });

  test("an admin OU with its own weaker set fails on that policy", async () => {
    const { stack, ou } = workspaceStack();
    stack.remove("ou-it-admins-security-two-step-verification-enforcement-factor");
    const weak = setting(stack, "security.two_step_verification_enforcement_factor", { allowedSignInFactorSet: "PASSKEY_PLUS_SECURITY_CODE" }, { ou: ou["/IT/Admins"] });
    expect((await run("hipaa-workspace-2sv-sign-in-factors", stack.resources, config)).map((v) => v.urn)).toEqual([weak.urn]);
  });

  test("an admin OU whose path is unknown during preview cannot be told apart: reported, not passed", async () => {
    const { stack, ou } = workspaceStack();
    stack.remove("ou-it-admins-security-two-step-verification-enforcement-factor");
    for (const props of [ou["/IT/Admins"].inputs!, ou["/IT/Admins"].outputs!]) props.name = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const found = lines(await run("hipaa-workspace-2sv-sign-in-factors", stack.resources, config));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("cannot be verified during preview: the org unit path");
  });
});

describe("hipaa-workspace-drive-external-sharing with BAA partners", () => {
  test("ALLOWLISTED_DOMAINS passes only when the pack config names partner domains", async () => {
    const { stack } = workspaceStack({ omit: ["drive_and_docs.external_sharing"] });
    setting(stack, "drive_and_docs.external_sharing", { ...BASELINE["drive_and_docs.external_sharing"], externalSharingMode: "ALLOWLISTED_DOMAINS" });
    const config = { exemptOrgUnits: WORKSPACE_CONFIG.exemptOrgUnits };
    const without = lines(await run("hipaa-workspace-drive-external-sharing", stack.resources, config));
    expect(without[0]).toContain('externalSharingMode is "ALLOWLISTED_DOMAINS", inherited from the root org unit; required: "DISALLOWED" (the pack config names no BAA partner domains)');
    expect(await run("hipaa-workspace-drive-external-sharing", stack.resources, { ...config, allowedExternalDomains: ["partner.example.com"] })).toEqual([]);
  });

  // The root stack resource carries the program's exports as its outputs; the workspace stack exports its partner list.
  const stackResource = (allowedExternalDomains: unknown): WireResource => ({
    urn: "urn:pulumi:prod::hipaa-guard::pulumi:pulumi:Stack::hipaa-guard-prod",
    type: "pulumi:pulumi:Stack",
    name: "hipaa-guard-prod",
    inputs: {},
    outputs: { workspace: { orgUnitIds: {}, allowedExternalDomains } },
  });
  const partnerConfig = { exemptOrgUnits: WORKSPACE_CONFIG.exemptOrgUnits, allowedExternalDomains: ["clearwater-billing.com"] };
  const partnerFindings = async (declared: unknown, config: Record<string, unknown> = partnerConfig) => {
    const { stack } = workspaceStack();
    return lines(await run("hipaa-workspace-drive-external-sharing", [stackResource(declared), ...stack.resources], config));
  };

  test("the partner domains the stack exports pass when the pack config names each (any letter case)", async () => {
    expect(await partnerFindings(["clearwater-billing.com", "Clearwater-Billing.COM"])).toEqual([]);
    expect(await partnerFindings([])).toEqual([]);
  });

  test("a stack that exports no partner list is judged on its settings alone", async () => {
    const { stack } = workspaceStack();
    const noExport: WireResource = { ...stackResource([]), outputs: { workspace: { orgUnitIds: {} } } };
    expect(await run("hipaa-workspace-drive-external-sharing", [noExport, ...stack.resources], partnerConfig)).toEqual([]);
  });

  test("an exported domain the pack config does not name as a BAA partner fails, named by position only", async () => {
    const found = await partnerFindings(["clearwater-billing.com", "unvetted-vendor.com"]);
    expect(found).toEqual([
      expect.stringContaining(
        "stack output workspace.allowedExternalDomains[1] is a domain the pack config does not name as a BAA partner; required: one of the pack config's allowedExternalDomains (business associates)",
      ),
    ]);
    expect(found[0]).not.toContain("unvetted-vendor.com");
    const none = await partnerFindings(["clearwater-billing.com"], { exemptOrgUnits: WORKSPACE_CONFIG.exemptOrgUnits });
    expect(none[0]).toContain("required: none: the pack config names no BAA partner domain");
  });

  test("a partner list of the wrong shape, a non-string entry and a secret entry fail without echoing values", async () => {
    expect((await partnerFindings("clearwater-billing.com"))[0]).toContain("stack output workspace.allowedExternalDomains is a string value (not shown); required: a list of BAA partner domains");
    expect((await partnerFindings([42]))[0]).toContain("stack output workspace.allowedExternalDomains[0] is 42");
    const secretEntry = await partnerFindings([secret("hidden-partner.example")]);
    expect(secretEntry).toHaveLength(1);
    expect(secretEntry[0]).not.toContain("hidden-partner");
  });

  test("a partner list unknown during preview is reported as unverifiable, not passed", async () => {
    for (const declared of ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["clearwater-billing.com", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"]]) {
      const found = await partnerFindings(declared);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain("cannot be verified during preview");
    }
  });
});

test("a stack with no Workspace resources is not judged", async () => {
  expect(await run("hipaa-workspace-2sv-enforced", [])).toEqual([]);
});
