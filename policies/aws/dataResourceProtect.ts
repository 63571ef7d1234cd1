import { defineResourcePolicy } from "../lib/define";
import { show } from "../lib/format";
import { DATA_RESOURCE_TYPES } from "../lib/aws/tokens";

const FIX = "pass { protect: true, retainOnDelete: true } in the resource options (the stacks do this when hipaa-guard:archive.protectData is true)";

export default defineResourcePolicy(
  {
    name: "hipaa-aws-data-resource-protect",
    area: "aws",
    displayName: "Data-bearing resources are protected",
    description: "Buckets, KMS keys, audit log groups and trails are marked protect, so no destroy or refactor deletes them.",
    severity: "medium",
    enforcementLevel: "advisory",
    hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"],
    checks:
      "Each Bucket, BucketV2, KMS Key/ReplicaKey/ExternalKey/ReplicaExternalKey, LogGroup and Trail: the protect resource option is true. Advisory by default; production config makes it mandatory. (retainOnDelete is not visible to policies.)",
    appliesTo: [...DATA_RESOURCE_TYPES],
    remediationSteps: FIX,
  },
  {
    validate(ctx) {
      const protect = ctx.args.opts?.protect;
      if (protect !== true) ctx.report({ property: "the protect option", found: show(protect ?? false), required: "true", fix: FIX });
    },
  },
);
