import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

const OU_PATH_PATTERN = "^/([^/]+(/[^/]+)*)?$";
const ouPathList = (description: string): PolicyConfigJSONSchema => ({
  type: "array",
  items: { type: "string", pattern: OU_PATH_PATTERN },
  default: [],
  description,
});

/** Workspace config shared by several controls, so a key means the same thing wherever it is set. */
export const workspaceConfigProperties = {
  exemptOrgUnits: ouPathList(
    "Org unit paths whose users handle no PHI (fail closed: every other OU, the root included, is held to the PHI baseline). Children of an exempt OU are not exempt unless listed.",
  ),
  adminOrgUnits: ouPathList("Org unit paths of privileged users; 2SV there must use passkeys only."),
  allowedExternalDomains: {
    type: "array",
    items: { type: "string", pattern: "^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,63}$" },
    default: [],
    description:
      "Partner domains covered by a BAA. Non-empty: PHI OUs may use ALLOWLISTED_DOMAINS sharing (the allowlist itself lives in the Admin console); empty: sharing must be DISALLOWED.",
  },
  maxWebSessionHours: { type: "integer", minimum: 1, maximum: 720, default: 12, description: "Longest accepted web session, in hours (SCuBA GWS.COMMONCONTROLS.4.1: 12)." },
  maxEnrollmentGraceDays: {
    type: "integer",
    minimum: 0,
    maximum: 180,
    default: 7,
    description: "Longest accepted 2SV enrollment period for new users, in days (SCuBA GWS.COMMONCONTROLS.1.4: at most a week).",
  },
} satisfies Record<string, PolicyConfigJSONSchema>;

export interface WorkspaceConfig {
  exemptOrgUnits: string[];
  adminOrgUnits: string[];
  allowedExternalDomains: string[];
  maxWebSessionHours: number;
  maxEnrollmentGraceDays: number;
}
