import { attemptWithConfig } from "../support/runStack";
import { MINIMAL_WORKSPACE, ROOT_IMPORT_IDS } from "../support/workspaceConfig";

const valid = { ...MINIMAL_WORKSPACE, orgUnits: [{ path: "/PHI" }, { path: "/PHI/Clinical" }] };

async function attempt(workspace: unknown) {
  const run = await attemptWithConfig({ components: ["workspace"], workspace });
  return { error: run.error, registered: run.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack") };
}

describe("workspace config validation", () => {
  test.each([
    ["an OU path without a leading slash", { ...valid, orgUnits: [{ path: "PHI" }] }, ['orgUnits[0].path is "PHI"', "an org unit path starting with /"]],
    ["an OU path with a trailing slash", { ...valid, orgUnits: [{ path: "/PHI/" }] }, ['orgUnits[0].path is "/PHI/"']],
    ["a parent that isn't declared", { ...valid, orgUnits: [{ path: "/PHI/Clinical" }] }, ['the parent "/PHI" of "/PHI/Clinical" is not declared']],
    ["a duplicate path", { ...valid, orgUnits: [{ path: "/PHI" }, { path: "/PHI" }] }, ['orgUnits[1].path "/PHI" is declared twice']],
    ["the root declared as an OU", { ...valid, orgUnits: [{ path: "/" }] }, ['orgUnits[0].path is "/", the root org unit, which exists already']],
    [
      "an unknown setting value",
      { ...valid, orgUnits: [{ path: "/PHI", overrides: { signInFactors: "SMS" } }] },
      ['orgUnits[0].overrides.signInFactors is "SMS"', "one of ALL | NO_TELEPHONY | PASSKEY_ONLY"],
    ],
    ["an unknown override", { ...valid, orgUnits: [{ path: "/PHI", overrides: { sharing: "ALLOWED" } }] }, ['unknown key "sharing"', "allowed keys: signInFactors"]],
    ["a malformed domain", { ...valid, domain: "example" }, ['domain is "example"', "a domain name such as example.org"]],
    ["a malformed partner domain", { ...valid, allowedExternalDomains: ["partner..com"] }, ['allowedExternalDomains[0] is "partner..com"']],
    ["a malformed e-mail", { ...valid, adminEmail: "admin.example.org" }, ['adminEmail is "admin.example.org"', "an e-mail address"]],
    ["a malformed group e-mail", { ...valid, groups: [{ email: "privacy@", name: "Privacy" }] }, ['groups[0].email is "privacy@"']],
    ["a duplicate group", { ...valid, groups: [{ email: "a@example.org", name: "A" }, { email: "A@example.org", name: "A2" }] }, ['groups[1].email "A@example.org" is declared twice']],
    [
      "an import name that isn't policies/<id>",
      { ...valid, importIds: { "/": { ...ROOT_IMPORT_IDS, "security.less_secure_apps": "abc123" } } },
      ['importIds["/"]["security.less_secure_apps"] is "abc123"', "a policy name such as policies/abc123"],
    ],
    [
      "an import for an undeclared OU",
      { ...valid, importIds: { "/": ROOT_IMPORT_IDS, "/Nope": { "security.session_controls": "policies/x" } } },
      ['importIds has the org unit "/Nope", which is not declared'],
    ],
    [
      "an import for a setting that is written, not imported",
      { ...valid, importIds: { "/": { ...ROOT_IMPORT_IDS, "rule.dlp": "policies/x" } } },
      ['importIds["/"] has the setting type "rule.dlp", which is written by Pulumi, not imported'],
    ],
    [
      "an import for a setting the OU inherits",
      { ...valid, importIds: { "/": ROOT_IMPORT_IDS, "/PHI": { "security.session_controls": "policies/x" } } },
      ['importIds["/PHI"]["security.session_controls"] names a policy this stack does not declare: "/PHI" inherits that setting'],
    ],
    ["an admin OU that isn't declared", { ...valid, adminOrgUnits: ["/IT/Admins"] }, ['adminOrgUnits[0] is "/IT/Admins", which is not declared']],
    ["a missing customer ID", { ...valid, customerId: undefined }, ["hipaa-guard:workspace.customerId is required"]],
  ])("%s stops the program before any resource is registered", async (_case, workspace, expected) => {
    const { error, registered } = await attempt(workspace);
    expect(error?.name).toBe("StackConfigError");
    for (const fragment of expected) expect(error!.message).toContain(fragment);
    expect(registered).toEqual([]);
  });

  test("a read-only root setting without an import name says which setting, which OU, and how to find the name", async () => {
    const importIds = { "/": Object.fromEntries(Object.entries(ROOT_IMPORT_IDS).filter(([type]) => type !== "security.less_secure_apps")) };
    const { error, registered } = await attempt({ ...valid, importIds });
    expect(error?.message).toContain('the setting security.less_secure_apps on "/" is read-only in Google\'s Policy API');
    expect(error?.message).toContain('set hipaa-guard:workspace.importIds["/"]["security.less_secure_apps"] to its name (policies/<id>)');
    expect(error?.message).toContain("Security > Access and data control > Less secure apps");
    expect(error?.message).toContain("setting.type.matches('settings/security.less_secure_apps')");
    expect(registered).toEqual([]);
  });

  test("an override on a new OU needs the import name of the policy an admin made for it", async () => {
    const { error, registered } = await attempt({ ...valid, orgUnits: [{ path: "/PHI", overrides: { webSessionHours: 8 } }] });
    expect(error?.message).toContain('the setting security.session_controls on "/PHI" is read-only');
    expect(registered).toEqual([]);
  });

  test("an admin OU needs the import name of its passkey-only policy", async () => {
    const { error } = await attempt({ ...valid, orgUnits: [{ path: "/IT" }, { path: "/IT/Admins" }], adminOrgUnits: ["/IT/Admins"] });
    expect(error?.message).toContain('the setting security.two_step_verification_enforcement_factor on "/IT/Admins" is read-only');
  });

  test("settings/-prefixed setting types are accepted as import keys", async () => {
    const prefixed = Object.fromEntries(Object.entries(ROOT_IMPORT_IDS).map(([k, v]) => [`settings/${k}`, v]));
    const { error, registered } = await attempt({ ...valid, importIds: { "/": prefixed } });
    expect(error).toBeUndefined();
    expect(registered).toContain("gcp:cloudidentity/policy:Policy");
  });
});
