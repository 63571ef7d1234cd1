import { defineStackPolicy } from "../lib/define";

/** Who the BAA is with, and the resource packages whose resources are that vendor's services. */
export const BAA_VENDORS = [
  { tag: "hipaa:baa-aws", vendor: "AWS", packages: ["aws", "aws-native"] },
  { tag: "hipaa:baa-google", vendor: "Google", packages: ["gcp", "google-native", "googleworkspace"] },
] as const;

/** `aws` from `aws:s3/bucket:Bucket` and from the provider type `pulumi:providers:aws`. */
export function packageOf(type: string): string {
  return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
}

export default defineStackPolicy(
  {
    name: "hipaa-governance-baa-stack-tags",
    area: "governance",
    displayName: "BAA recorded for every vendor",
    description: "A stack that deploys AWS or Google resources records the Business Associate Agreement with that vendor in a stack tag.",
    severity: "high",
    hipaa: ["164.314(a)(1)", "164.308(b)(1)"],
    checks:
      "If any resource (or provider) of the stack is from aws/aws-native, the stack tag hipaa:baa-aws is set and non-empty; likewise hipaa:baa-google for gcp/google-native/googleworkspace. The tag's value says where the agreement is (e.g. \"AWS Artifact BAA accepted 2025-03-01\").",
    appliesTo: ["pulumi:pulumi:Stack"],
    remediationSteps:
      'set the stack tag, e.g. in Pulumi.<stack>.yaml: config: { "pulumi:tags": { "hipaa:baa-aws": "AWS Artifact BAA accepted 2025-03-01" } }, or `pulumi stack tag set hipaa:baa-aws "..."`',
  },
  (ctx) => {
    const stack = ctx.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    for (const { tag, vendor, packages } of BAA_VENDORS) {
      const first = ctx.resources.find((r) => (packages as readonly string[]).includes(packageOf(r.type)));
      if (!first) continue;
      const value = ctx.args.stackTags.get(tag);
      if (value === undefined || value.trim() === "") {
        ctx.report(stack ?? first, {
          property: `stack tag ${tag}`,
          found: value === undefined ? "not set" : "empty",
          required: `a note of the BAA with ${vendor} (this stack deploys ${vendor} resources, e.g. ${first.type})`,
          fix: `set the stack tag ${tag} (Pulumi.<stack>.yaml "pulumi:tags", or pulumi stack tag set)`,
        });
      }
    }
  },
);
