import { defineResourcePolicy } from "../lib/define";
import { coveredServicesConfig } from "./coveredServices";

/** `aws:s3` from `aws:s3/bucket:Bucket`; `googleworkspace:index` from `googleworkspace:index/orgUnit:OrgUnit`. */
export function serviceOf(type: string): string {
  const [pkg, module = ""] = type.split(":");
  return `${pkg}:${module.split("/")[0]}`;
}

export default defineResourcePolicy<{ allowedServices: string[]; providerPackages: string[] }>(
  {
    name: "hipaa-governance-baa-covered-services",
    area: "governance",
    displayName: "Only BAA-covered services",
    description: "Cloud resources come only from services the organization's BAAs cover; anything else is out of scope for PHI.",
    severity: "high",
    hipaa: ["164.314(a)(1)", "164.308(b)(1)"],
    checks:
      "Each resource of a cloud provider package (providerPackages): its service, <package>:<module> of the type token, is in allowedServices (default: the services hipaa-guard uses plus a selection of AWS HIPAA-eligible services). Providers, components and utility packages are not judged.",
    appliesTo: ["*"],
    remediationSteps:
      "use a BAA-covered service, or, after confirming the service is covered by your BAA (AWS HIPAA Eligible Services Reference), add it to allowedServices in the pack config",
    configSchema: { properties: coveredServicesConfig },
  },
  {
    validate(ctx) {
      const [pkg] = ctx.type.split(":");
      if (pkg === "pulumi" || !ctx.config.providerPackages.includes(pkg)) return;
      const service = serviceOf(ctx.type);
      if (ctx.config.allowedServices.includes(service)) return;
      ctx.report({
        property: "service",
        found: `${service}, which is not in the BAA-covered allowlist`,
        required: "a service covered by the organization's BAA",
        fix: `remove this resource from the PHI stack, or add "${service}" to allowedServices once your BAA covers it`,
      });
    },
  },
);
