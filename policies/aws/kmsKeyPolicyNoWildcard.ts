import { defineResourcePolicy } from "../lib/define";
import { hasCondition, isWildcardPrincipal, parsePolicy } from "../lib/iam";
import { T } from "../lib/aws/tokens";

const REQUIRED = 'no Allow statement whose Principal is "*" (or {"AWS": "*"}) without a restricting Condition';
const FIX = "name the principals (account root, admin roles, service principals) in the key policy, or add a Condition (for example aws:PrincipalAccount or kms:CallerAccount) to that statement";

export default defineResourcePolicy(
  {
    name: "hipaa-aws-kms-key-policy-no-wildcard",
    area: "aws",
    displayName: "KMS key policy without an unrestricted wildcard principal",
    description: "Key policies never allow everyone: an Allow with principal \"*\" needs a restricting condition.",
    severity: "critical",
    hipaa: ["164.312(a)(1)"],
    crossReferences: { checkov: ["CKV_AWS_33"] },
    checks:
      "Each aws.kms Key, ReplicaKey, ExternalKey, ReplicaExternalKey and KeyPolicy: the policy JSON (absent = AWS default policy, account root only) has no Allow statement with Principal \"*\", {\"AWS\":\"*\"} or an AWS list containing \"*\", or with NotPrincipal, unless it carries a Condition.",
    appliesTo: [T.kmsKey, T.kmsReplicaKey, T.kmsExternalKey, T.kmsReplicaExternalKey, T.kmsKeyPolicy],
    remediationSteps: FIX,
    previewUnknowns: ["the key policy document unknown (for example built from outputs of resources still to be created)"],
  },
  {
    validate(ctx) {
      const policy = ctx.props.policy;
      if (policy === undefined || policy === null) return;
      const parsed = parsePolicy(policy);
      if ("unknown" in parsed) return ctx.reportUnknown("policy", REQUIRED, FIX);
      if ("error" in parsed) {
        return ctx.report({ property: "policy", found: `${parsed.error} (document not shown)`, required: "a valid key policy JSON document", fix: "build the policy with pulumi.jsonStringify({ Version: \"2012-10-17\", Statement: [...] })" });
      }
      parsed.statements.forEach((st, i) => {
        if (st.Effect !== "Allow" || hasCondition(st.Condition)) return;
        if (isWildcardPrincipal(st.Principal) || st.NotPrincipal !== undefined) {
          ctx.report({ property: `policy Statement[${i}]`, found: 'an Allow for principal "*" with no Condition', required: REQUIRED, fix: FIX });
        }
      });
      return undefined;
    },
  },
);
