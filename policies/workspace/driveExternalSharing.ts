import type { StackContext } from "../lib/define";
import { show } from "../lib/format";
import { at, isUnknown, plain } from "../lib/props";
import { WorkspaceConfig, workspaceConfigProperties } from "../lib/workspace/config";
import { defineSettingControl } from "../lib/workspace/settingControl";
import { equals } from "./rules";

const MODES = ["DISALLOWED", "ALLOWLISTED_DOMAINS", "ALLOWED"];

type Config = Pick<WorkspaceConfig, "allowedExternalDomains" | "exemptOrgUnits">;

/** The stack output in which the workspace stack names its partner domains (stacks/index.ts). */
const PARTNERS_OUTPUT = ["workspace", "allowedExternalDomains"] as const;
const PARTNERS_LABEL = `stack output ${PARTNERS_OUTPUT.join(".")}`;
const PARTNERS_FIX = "remove the domain from the workspace stack's allowedExternalDomains, or, once a BAA with it is signed, add it to the pack config's allowedExternalDomains";

/**
 * The Admin console allowlist behind ALLOWLISTED_DOMAINS is out of every API's sight, so the settings alone
 * cannot show which partners PHI may go to. The workspace stack exports the list it was configured with:
 * every domain on it must be a business associate the pack config names.
 */
function checkDeclaredPartners(ctx: StackContext<Config>): void {
  const partners = new Set(ctx.config.allowedExternalDomains.map((d) => d.toLowerCase()));
  const required = partners.size > 0 ? "one of the pack config's allowedExternalDomains (business associates)" : "none: the pack config names no BAA partner domain";
  for (const stack of ctx.resources.filter((r) => r.type === "pulumi:pulumi:Stack")) {
    const declared = at(plain(stack.props), ...PARTNERS_OUTPUT);
    if (declared === undefined) continue;
    if (isUnknown(declared)) {
      ctx.reportUnknown(stack, PARTNERS_LABEL, "a list of BAA partner domains", PARTNERS_FIX);
    } else if (!Array.isArray(declared)) {
      ctx.report(stack, { property: PARTNERS_LABEL, found: show(declared), required: "a list of BAA partner domains", fix: PARTNERS_FIX });
    } else {
      declared.forEach((domain, i) => {
        const property = `${PARTNERS_LABEL}[${i}]`;
        if (isUnknown(domain)) ctx.reportUnknown(stack, property, required, PARTNERS_FIX);
        else if (typeof domain !== "string") ctx.report(stack, { property, found: show(domain), required, fix: PARTNERS_FIX });
        else if (!partners.has(domain.toLowerCase())) ctx.report(stack, { property, found: "a domain the pack config does not name as a BAA partner", required, fix: PARTNERS_FIX });
      });
    }
  }
}

export default defineSettingControl<Config>({
  meta: {
    name: "hipaa-workspace-drive-external-sharing",
    area: "workspace",
    displayName: "Drive sharing stays inside the organization",
    description:
      "Drive files of PHI org units cannot be shared outside the organization, except with the BAA partner domains of the pack config; no invitations to non-Google accounts; users are warned before sharing externally.",
    severity: "critical",
    hipaa: ["164.312(a)(1)", "164.312(e)(1)", "164.314(a)"],
    crossReferences: { scuba: ["GWS.DRIVEDOCS.1.1v1", "GWS.DRIVEDOCS.1.3v1", "GWS.DRIVEDOCS.1.4v1"], cis: ["3.1.2.1.1.3"] },
    checks:
      "settings/drive_and_docs.external_sharing in effect on every PHI OU (fail closed: all but the pack config's exemptOrgUnits): externalSharingMode DISALLOWED, or ALLOWLISTED_DOMAINS when the pack config names allowedExternalDomains (the allowlist itself is an Admin console setting the Policy API does not expose); allowNonGoogleInvites false; warnForExternalSharing true. A PHI OU inheriting an exempt parent's sharing is reported. Google's default (ALLOWED) fails. The partner domains the workspace stack exports (stack output workspace.allowedExternalDomains) must each be in the pack config's allowedExternalDomains.",
    appliesTo: ["gcp:cloudidentity/policy:Policy", "googleworkspace:index/orgUnit:OrgUnit", "pulumi:pulumi:Stack"],
    remediationSteps:
      'declare the "settings/drive_and_docs.external_sharing" policy with externalSharingMode "DISALLOWED" (or "ALLOWLISTED_DOMAINS" with BAA partners), allowNonGoogleInvites false, warnForExternalSharing true; in the workspace stack, remove externalSharingMode overrides from PHI OUs',
    configSchema: {
      properties: { allowedExternalDomains: workspaceConfigProperties.allowedExternalDomains, exemptOrgUnits: workspaceConfigProperties.exemptOrgUnits },
    },
  },
  settingType: "drive_and_docs.external_sharing",
  scope: "phi",
  mustBeInEffect: true,
  rules: [
    {
      field: "externalSharingMode",
      vocabulary: MODES,
      required: (_ctx, config) => (config.allowedExternalDomains.length > 0 ? '"DISALLOWED" or "ALLOWLISTED_DOMAINS"' : '"DISALLOWED" (the pack config names no BAA partner domains)'),
      ok: (value, _ctx, config) => value === "DISALLOWED" || (value === "ALLOWLISTED_DOMAINS" && config.allowedExternalDomains.length > 0),
    },
    equals("allowNonGoogleInvites", false),
    equals("warnForExternalSharing", true),
  ],
  alsoCheck: checkDeclaredPartners,
});
