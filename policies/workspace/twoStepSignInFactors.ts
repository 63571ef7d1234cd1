import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";

const FACTOR_SETS = ["ALL", "NO_TELEPHONY", "PASSKEY_ONLY", "PASSKEY_PLUS_IP_BOUND_SECURITY_CODE", "PASSKEY_PLUS_SECURITY_CODE"];
const WITHOUT_TELEPHONY = FACTOR_SETS.filter((f) => f !== "ALL");

export default defineSettingControl<Pick<WorkspaceConfig, "adminOrgUnits" | "exemptOrgUnits">>({
  meta: {
    name: "hipaa-workspace-2sv-sign-in-factors",
    area: "workspace",
    displayName: "2SV methods: no SMS or voice; passkeys for admins",
    description: "2-Step Verification excludes SMS and voice codes everywhere, and admin org units use passkeys only.",
    severity: "high",
    hipaa: ["164.312(d)"],
    crossReferences: { scuba: ["GWS.COMMONCONTROLS.1.1v1", "GWS.COMMONCONTROLS.1.3v1"], cis: ["4.1.1.2"] },
    checks:
      "settings/security.two_step_verification_enforcement_factor in effect on every OU: allowedSignInFactorSet not ALL (which allows telephony); PASSKEY_ONLY on the pack config's adminOrgUnits, including admin OUs that would inherit a weaker set. Google's default (ALL) fails.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit"],
    remediationSteps:
      'declare the "settings/security.two_step_verification_enforcement_factor" policy with allowedSignInFactorSet "NO_TELEPHONY" on the root and "PASSKEY_ONLY" on each admin OU (stack config: adminOrgUnits)',
    configSchema: { properties: { adminOrgUnits: workspaceConfigProperties.adminOrgUnits, exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits } },
    previewUnknowns: ["an OU's path is unknown, so whether it is an admin OU cannot be told"],
  },
  settingType: "security.two_step_verification_enforcement_factor",
  scope: "all",
  mustBeInEffect: true,
  rules: [
    {
      field: "allowedSignInFactorSet",
      vocabulary: FACTOR_SETS,
      required: (ctx) => (ctx.admin === true ? '"PASSKEY_ONLY" (admin org unit)' : `one of ${WITHOUT_TELEPHONY.map((f) => `"${f}"`).join(", ")}`),
      ok: (value, ctx) => {
        if (value === "PASSKEY_ONLY") return true;
        if (ctx.admin !== true && ctx.admin !== false) return ctx.admin;
        return !ctx.admin && typeof value === "string" && WITHOUT_TELEPHONY.includes(value);
      },
    },
  ],
});
