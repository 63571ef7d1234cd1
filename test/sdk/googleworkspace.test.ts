/**
 * The local `@pulumi/googleworkspace` SDK (sdks/googleworkspace): what its classes send to the engine.
 *
 * The test imports the SDK through the workspace symlink, i.e. its compiled `bin/`. `npm ci` / `npm install`
 * build it (root `prepare`); after editing the SDK, rebuild with `npm run build -w @pulumi/googleworkspace`.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as gws from "@pulumi/googleworkspace";
import { parse } from "yaml";
import { ProgramRun, RecordedResource, recordProgram } from "../../tools/offline/recordProgram";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

const TOKENS = {
  provider: "pulumi:providers:googleworkspace",
  orgUnit: "googleworkspace:index/orgUnit:OrgUnit",
  group: "googleworkspace:index/group:Group",
  groupSettings: "googleworkspace:index/groupSettings:GroupSettings",
  groupMembers: "googleworkspace:index/groupMembers:GroupMembers",
};

const FAKE_KEY = JSON.stringify({ type: "service_account", client_email: "tf@example.iam.gserviceaccount.com" });

interface Recorded {
  run: ProgramRun;
  /** Package ref on each RegisterResource request, by resource name. */
  packageRefs: Record<string, string>;
}

/** Records a program, plus the package reference each registration carried (the recorder does not keep it). */
async function record(program: () => void): Promise<Recorded> {
  const packageRefs: Record<string, string> = {};
  const run = await recordProgram(
    async () => {
      const monitor = pulumi.runtime.getMonitor() as any;
      const registerResource = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req: any, callback: any) => {
        packageRefs[req.getName()] = req.getPackageref();
        return registerResource(req, callback);
      };
      program();
    },
    { project: "hipaa-guard", stack: "test", config: {} },
  );
  return { run, packageRefs };
}

function only(run: ProgramRun, type: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
}

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

/** The four resources wired as a stack would, under an explicit provider whose credentials come from secret config. */
function workspaceProgram() {
  const provider = new gws.Provider("gws", {
    customerId: "C0mock123",
    credentials: pulumi.secret(FAKE_KEY),
    impersonatedUserEmail: "admin@example.com",
    oauthScopes: ["https://www.googleapis.com/auth/admin.directory.orgunit"],
  });
  const ou = new gws.OrgUnit(
    "phi-workforce",
    { name: "phi-workforce", description: "Staff with ePHI access", parentOrgUnitPath: "/", blockInheritance: false },
    { provider },
  );
  const group = new gws.Group("phi-team", { email: "phi-team@example.com", name: "PHI team" }, { provider });
  new gws.GroupSettings(
    "phi-team",
    {
      email: group.email,
      allowExternalMembers: false,
      whoCanJoin: "INVITED_CAN_JOIN",
      whoCanViewMembership: "ALL_MANAGERS_CAN_VIEW",
      whoCanPostMessage: "ALL_MEMBERS_CAN_POST",
      whoCanDiscoverGroup: "ALL_MEMBERS_CAN_DISCOVER",
      includeInGlobalAddressList: false,
    },
    { provider },
  );
  new gws.GroupMembers(
    "phi-team",
    {
      groupId: group.id,
      members: [
        { email: "owner@example.com", role: "OWNER", deliverySettings: "ALL_MAIL" },
        { email: "nurse@example.com" },
      ],
    },
    { provider, dependsOn: [ou] },
  );
}

describe("@pulumi/googleworkspace local SDK", () => {
  let recorded: Recorded;
  beforeAll(async () => {
    recorded = await record(workspaceProgram);
  });

  it("registers the provider and the four resources under their type tokens", () => {
    const types = recorded.run.resources.map((r) => r.type);
    for (const token of Object.values(TOKENS)) expect(types).toContain(token);
    const provider = only(recorded.run, TOKENS.provider);
    for (const token of [TOKENS.orgUnit, TOKENS.group, TOKENS.groupSettings, TOKENS.groupMembers]) {
      for (const res of recorded.run.resources.filter((r) => r.type === token)) {
        expect(res.custom).toBe(true);
        expect(res.provider.startsWith(`${provider.urn}::`)).toBe(true);
      }
    }
  });

  it("registers the parameterized package once: terraform-provider 1.4.0 parameterized with hashicorp/googleworkspace 0.7.0", () => {
    expect(recorded.run.packages).toHaveLength(1);
    const [pkg] = recorded.run.packages;
    expect(pkg.name).toBe("terraform-provider");
    expect(pkg.version).toBe("1.4.0");
    expect(pkg.downloadUrl).toBe("");
    expect(pkg.parameterization?.name).toBe("googleworkspace");
    expect(pkg.parameterization?.version).toBe("0.7.0");
    // The exact bytes the terraform-provider plugin marshals (Go encoding/json, field order remote.url, remote.version).
    expect(pkg.parameterization?.value).toBe(
      '{"remote":{"url":"registry.opentofu.org/hashicorp/googleworkspace","version":"0.7.0"}}',
    );
    expect(JSON.parse(pkg.parameterization!.value)).toEqual({
      remote: { url: "registry.opentofu.org/hashicorp/googleworkspace", version: "0.7.0" },
    });
  });

  it("passes the package reference on every registration, the provider's included", () => {
    const names = recorded.run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.name);
    expect(names.sort()).toEqual(["gws", "phi-team", "phi-team", "phi-team", "phi-workforce"]);
    for (const name of names) expect(recorded.packageRefs[name]).toBe("mock-uuid");
  });

  it("keeps the package.json pulumi block and utilities.getPackage() in agreement", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkgJson = require("@pulumi/googleworkspace/package.json");
    const [registered] = recorded.run.packages;
    expect(pkgJson.name).toBe("@pulumi/googleworkspace");
    expect(pkgJson.version).toBe("0.7.0");
    expect(pkgJson.pulumi).toEqual({
      resource: true,
      name: registered.name,
      version: registered.version,
      parameterization: {
        name: "googleworkspace",
        version: "0.7.0",
        value: Buffer.from(registered.parameterization!.value, "utf8").toString("base64"),
      },
    });
  });

  it("sends camelCase inputs as typed, nested member blocks included", () => {
    const ou = only(recorded.run, TOKENS.orgUnit);
    expect(ou.inputs).toEqual({
      name: "phi-workforce",
      description: "Staff with ePHI access",
      parentOrgUnitPath: "/",
      blockInheritance: false,
    });

    const settings = only(recorded.run, TOKENS.groupSettings);
    expect(settings.inputs).toEqual({
      email: "phi-team@example.com",
      allowExternalMembers: false,
      whoCanJoin: "INVITED_CAN_JOIN",
      whoCanViewMembership: "ALL_MANAGERS_CAN_VIEW",
      whoCanPostMessage: "ALL_MEMBERS_CAN_POST",
      whoCanDiscoverGroup: "ALL_MEMBERS_CAN_DISCOVER",
      includeInGlobalAddressList: false,
    });
    const group = only(recorded.run, TOKENS.group);
    expect(settings.propertyDependencies.email).toEqual([group.urn]);

    const members = only(recorded.run, TOKENS.groupMembers);
    expect(members.inputs.members).toEqual([
      { email: "owner@example.com", role: "OWNER", deliverySettings: "ALL_MAIL" },
      { email: "nurse@example.com" },
    ]);
    expect(members.propertyDependencies.groupId).toEqual([group.urn]);

    for (const res of recorded.run.resources) {
      for (const key of Object.keys(res.inputs)) expect(key).not.toMatch(/_/);
    }
  });

  it("carries provider credentials as a secret when the program passes a secret, and scopes as JSON", () => {
    const provider = only(recorded.run, TOKENS.provider);
    expect(isSecret(provider.inputs.credentials)).toBe(true);
    expect((provider.inputs.credentials as { value: unknown }).value).toBe(FAKE_KEY);
    expect(provider.inputs.customerId).toBe("C0mock123");
    expect(provider.inputs.impersonatedUserEmail).toBe("admin@example.com");
    // Non-string provider config travels JSON-encoded, as generated provider code does.
    expect(provider.inputs.oauthScopes).toBe('["https://www.googleapis.com/auth/admin.directory.orgunit"]');
  });

  it("does not itself wrap credentials or accessToken: hashicorp/googleworkspace 0.7.0 marks neither sensitive", async () => {
    // The generator wraps only schema-secret inputs; this provider's schema has none, so stacks must pass
    // `config.requireSecret(...)` / `pulumi.secret(...)` themselves (asserted above).
    const { run } = await record(() => {
      new gws.Provider("plain", { credentials: FAKE_KEY, accessToken: "ya29.token" });
    });
    const provider = only(run, TOKENS.provider);
    expect(provider.inputs.credentials).toBe(FAKE_KEY);
    expect(provider.inputs.accessToken).toBe("ya29.token");
    expect(provider.options.additionalSecretOutputs).toEqual([]);
  });

  it("throws the generator's error for each missing required input", () => {
    expect(() => new gws.Group("g", {} as gws.GroupArgs)).toThrow("Missing required property 'email'");
    expect(() => new gws.GroupSettings("s", {} as gws.GroupSettingsArgs)).toThrow("Missing required property 'email'");
    expect(() => new gws.GroupMembers("m", {} as gws.GroupMembersArgs)).toThrow("Missing required property 'groupId'");
    expect(() => new gws.GroupMembers("m", undefined as unknown as gws.GroupMembersArgs)).toThrow(
      "Missing required property 'groupId'",
    );
  });

  it("leaves OrgUnit.name optional: the bridge auto-names `name`, so the engine fills it", async () => {
    const { run } = await record(() => {
      new gws.OrgUnit("unnamed", { parentOrgUnitPath: "/" });
    });
    const ou = only(run, TOKENS.orgUnit);
    expect(ou.inputs).toEqual({ parentOrgUnitPath: "/" });
  });

  it("registers the package once per deployment, again in a second run in the same process", async () => {
    const { run } = await record(() => {
      new gws.OrgUnit("a", { name: "a", parentOrgUnitPath: "/" });
      new gws.OrgUnit("b", { name: "b", parentOrgUnitPath: "/" });
      new gws.Group("c", { email: "c@example.com" });
    });
    expect(run.packages).toHaveLength(1);
    expect(run.packages[0].parameterization?.name).toBe("googleworkspace");
  });

  it("recognises its own instances, created or looked up by id", async () => {
    let ou: gws.OrgUnit | undefined;
    let looked: gws.OrgUnit | undefined;
    await record(() => {
      ou = new gws.OrgUnit("x", { name: "x", parentOrgUnitPath: "/" });
      looked = gws.OrgUnit.get("existing", "id:03phexisting", { name: "existing" });
    });
    expect(gws.OrgUnit.isInstance(ou)).toBe(true);
    expect(gws.OrgUnit.isInstance(looked)).toBe(true);
    expect(gws.Group.isInstance(ou)).toBe(false);
    expect(gws.Provider.isInstance(new Object())).toBe(false);
  });
});

test("Pulumi.yaml declares the parameterized package the SDK registers, as `pulumi package add` writes it", () => {
  const root = path.resolve(__dirname, "../..");
  const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
  const sdk = JSON.parse(fs.readFileSync(path.join(root, "sdks/googleworkspace/package.json"), "utf8"));
  expect(project.packages.googleworkspace).toEqual({
    source: sdk.pulumi.name,
    version: sdk.pulumi.version,
    parameters: ["hashicorp/googleworkspace", sdk.pulumi.parameterization.version],
  });
});
