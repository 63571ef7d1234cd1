import { Stack } from "../support/fixtures";
import { remediate, secret } from "../support/harness";
import { DRIVE_TRIGGER, GROUP_SETTINGS, WORKSPACE_CONFIG, dlpRule, orgUnit, setting, workspaceStack } from "../support/workspaceFixtures";
import { lines, policy, run } from "./support";

const DLP = "hipaa-workspace-dlp-drive-coverage";
const config = { exemptOrgUnits: WORKSPACE_CONFIG.exemptOrgUnits };

describe(DLP, () => {
  test("passes when every PHI OU has a Drive rule on itself or an ancestor", async () => {
    expect(await run(DLP, workspaceStack().stack.resources, config)).toEqual([]);
  });

  test("fails a PHI OU without any rule in its chain, and says how to fix it", async () => {
    const { stack } = workspaceStack();
    const research = orgUnit(stack, "/Research");
    const found = await run(DLP, stack.resources, config);
    expect(found.map((v) => v.urn)).toEqual([research.urn]);
    expect(lines(found)[0]).toContain('no active Drive DLP rule on googleworkspace:index/orgUnit:OrgUnit "ou-research", its declared ancestors or the root');
  });

  test("a rule on the root covers every OU", async () => {
    const { stack } = workspaceStack();
    orgUnit(stack, "/Research");
    setting(stack, "rule.dlp", { triggers: [DRIVE_TRIGGER], state: "ACTIVE" });
    expect(await run(DLP, stack.resources, config)).toEqual([]);
  });

  test.each([
    ["an inactive rule", { state: "INACTIVE" }],
    ["a rule that does not fire on Drive sharing", { triggers: ["google.workspace.chrome.file.v1.upload"] }],
  ])("%s does not count", async (_case, change) => {
    const stack = new Stack();
    const phi = orgUnit(stack, "/PHI");
    dlpRule(stack, phi, change);
    expect((await run(DLP, stack.resources, config)).map((v) => v.urn)).toEqual([phi.urn]);
  });

  test("exempt OUs need no rule; without exemptions every OU does (fail closed)", async () => {
    const stack = new Stack();
    const staff = orgUnit(stack, "/Staff");
    expect(await run(DLP, stack.resources, config)).toEqual([]);
    expect((await run(DLP, stack.resources, {})).map((v) => v.urn)).toEqual([staff.urn]);
  });

  test("preview: a rule whose value is computed from this stack's detectors counts; one computed from elsewhere is reported", async () => {
    const stack = new Stack(true);
    const phi = orgUnit(stack, "/PHI");
    const detector = setting(stack, "detector.regular_expression", { displayName: "MRN" });
    setting(stack, "rule.dlp", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", { ou: phi, valueDeps: [detector], name: "rule-from-detectors" });
    expect(await run(DLP, stack.resources, config)).toEqual([]);

    const other = new Stack(true);
    const ou2 = orgUnit(other, "/PHI");
    setting(other, "rule.dlp", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", { ou: ou2, name: "rule-from-config" });
    const found = lines(await run(DLP, other.resources, config));
    expect(found.some((l) => l.includes("rule-from-config") && l.includes("cannot be verified during preview"))).toBe(true);
    expect(found.some((l) => l.includes('no active Drive DLP rule on googleworkspace:index/orgUnit:OrgUnit "ou-phi"'))).toBe(true);
  });
});

describe("groups", () => {
  const group = (settings: Record<string, unknown>) => {
    const stack = new Stack();
    return { stack, r: stack.add(GROUP_SETTINGS, "privacy", { email: "privacy@example.org", ...settings }) };
  };

  test("hipaa-workspace-group-no-external-members: passes false or unset, fails true, remediates to false", async () => {
    expect(await run("hipaa-workspace-group-no-external-members", group({ allowExternalMembers: false }).stack.resources)).toEqual([]);
    expect(await run("hipaa-workspace-group-no-external-members", group({}).stack.resources)).toEqual([]);
    const bad = group({ allowExternalMembers: true });
    const found = await run("hipaa-workspace-group-no-external-members", bad.stack.resources);
    expect(lines(found)).toEqual([
      `${GROUP_SETTINGS} "privacy": allowExternalMembers is true; required: false. Fix: set allowExternalMembers: false on this googleworkspace.GroupSettings`,
    ]);
    expect(await remediate(bad.r, policy("hipaa-workspace-group-no-external-members"))).toMatchObject({ allowExternalMembers: false, email: "privacy@example.org" });
    expect(await remediate(group({ allowExternalMembers: false }).r, policy("hipaa-workspace-group-no-external-members"))).toBeUndefined();
  });

  test("hipaa-workspace-group-no-external-members: an unknown value is reported, a secret email is never printed", async () => {
    const unknown = await run("hipaa-workspace-group-no-external-members", group({ allowExternalMembers: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7" }).stack.resources);
    expect(lines(unknown)[0]).toContain("cannot be verified during preview: allowExternalMembers is unknown");
    const withSecret = await run("hipaa-workspace-group-no-external-members", group({ allowExternalMembers: true, email: secret("vip-patients@example.org") }).stack.resources);
    expect(withSecret).toHaveLength(1);
    expect(withSecret[0].message).not.toContain("vip-patients");
  });

  test.each([
    ["INVITED_CAN_JOIN", 0],
    ["CAN_REQUEST_TO_JOIN", 0],
    ["ALL_IN_DOMAIN_CAN_JOIN", 0],
    [undefined, 0],
    ["ANYONE_CAN_JOIN", 1],
    ["WHOEVER", 1],
  ])("hipaa-workspace-group-join-restricted: whoCanJoin %s → %d violation(s)", async (whoCanJoin, count) => {
    const found = await run("hipaa-workspace-group-join-restricted", group(whoCanJoin === undefined ? {} : { whoCanJoin }).stack.resources);
    expect(found).toHaveLength(count);
    if (whoCanJoin === "ANYONE_CAN_JOIN") expect(lines(found)[0]).toContain('whoCanJoin is "ANYONE_CAN_JOIN"');
    if (whoCanJoin === "WHOEVER") expect(lines(found)[0]).toContain("whoCanJoin is a value that is not one of");
  });
});
