/**
 * The offline check on randomly weakened stack configs (issue 7): one to three settings of the dev or prod
 * example stack are set to values the baseline forbids, the stack goes through `npm run check`'s code path
 * (program under mocks, the real pack over gRPC, the stack's own pack config), and every weakened setting must
 * be reported by the policy that guards it, as a mandatory violation. No silent pass.
 *
 * Each case runs the whole program and starts the pack (about 1.5 s), so the case count is a tenth of
 * FUZZ_RUNS (10 by default).
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { IMPORTED_SETTINGS } from "../../stacks/workspace/settings";
import type { Overrides } from "../../stacks/workspace/config";
import { REPO_ROOT, checkStack } from "../../tools/check/run";
import { fuzzParams, timeoutFor } from "./settings";

type StackName = "dev" | "prod";
type Config = Record<string, any>;

interface Weakening {
  /** What was weakened, for the failure message. */
  what: string;
  /** The policy that must report it. */
  policy: string;
  apply(config: Config): void;
  /** Settings of the same knob on two OUs could make one inherit the other: one weakening per key per case. */
  key: string;
}

const PACK_CONFIG: Record<StackName, Record<string, any>> = {
  dev: JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies/config/non-production.json"), "utf8")),
  prod: JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policies/config/production.json"), "utf8")),
};
const STACK_CONFIG: Record<StackName, Config> = {
  dev: YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")),
  prod: YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8")),
};

const archive = (c: Config) => c.config["hipaa-guard:archive"];
const workspace = (c: Config) => c.config["hipaa-guard:workspace"];

/** Org units a policy judges on this stack: all of them, or (PHI-scoped policies) those its pack config does not exempt. */
function judgedOrgUnits(stack: StackName, policy: string, scope: "all" | "phi"): string[] {
  const paths: string[] = workspace(STACK_CONFIG[stack]).orgUnits.map((o: { path: string }) => o.path);
  const exempt: string[] = (scope === "phi" && PACK_CONFIG[stack][policy]?.exemptOrgUnits) || [];
  return paths.filter((p) => !exempt.includes(p));
}

/** A per-OU override (with the import name a departure needs), as a platform engineer would write it. */
function override<K extends keyof Overrides>(stack: StackName, knob: K, policy: string, scope: "all" | "phi", values: fc.Arbitrary<NonNullable<Overrides[K]>>) {
  return fc.tuple(fc.constantFrom(...judgedOrgUnits(stack, policy, scope)), values).map(
    ([ou, value]): Weakening => ({
      what: `orgUnits[${ou}].overrides.${knob} = ${JSON.stringify(value)}`,
      policy,
      key: knob,
      apply: (c) => {
        const ws = workspace(c);
        const unit = ws.orgUnits.find((o: { path: string }) => o.path === ou);
        unit.overrides = { ...unit.overrides, [knob]: value };
        const setting = IMPORTED_SETTINGS.find((s) => s.knobs.includes(knob))!;
        ws.importIds = ws.importIds ?? {};
        ws.importIds[ou] = { [setting.type]: `policies/weakened${Math.abs(hash(ou + setting.type))}`, ...ws.importIds[ou] };
      },
    }),
  );
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

function weakenings(stack: StackName): fc.Arbitrary<Weakening> {
  const admins: string[] = workspace(STACK_CONFIG[stack]).adminOrgUnits;
  const options: fc.Arbitrary<Weakening>[] = [
    fc.integer({ min: 1, max: 5 }).map((years) => ({
      what: `archive.retentionYears = ${years}`,
      policy: "hipaa-aws-s3-object-lock-retention",
      key: "retentionYears",
      apply: (c: Config) => void (archive(c).retentionYears = years),
    })),
    fc.integer({ min: 366, max: 2560 }).map((days) => ({
      what: `archive.kmsRotationDays = ${days}`,
      policy: "hipaa-aws-kms-key-rotation",
      key: "kmsRotationDays",
      apply: (c: Config) => void (archive(c).kmsRotationDays = days),
    })),
    fc.subarray(["hipaa:baa-aws", "hipaa:baa-google"], { minLength: 1 }).map((tags) => ({
      what: `pulumi:tags without ${tags.join(", ")}`,
      policy: "hipaa-governance-baa-stack-tags",
      key: "pulumi:tags",
      apply: (c: Config) => tags.forEach((t) => delete c.config["pulumi:tags"][t]),
    })),
    fc.integer({ min: 2031, max: 2099 }).map((year) => ({
      what: `workspace.twoStepEnforcedFrom = ${year}-01-01`,
      policy: "hipaa-workspace-2sv-enforced",
      key: "twoStepEnforcedFrom",
      apply: (c: Config) => void (workspace(c).twoStepEnforcedFrom = `${year}-01-01T00:00:00Z`),
    })),
    fc.constantFrom("phi-partner.example", "unvetted-vendor.com").map((domain) => ({
      what: `workspace.allowedExternalDomains += ${domain} (no BAA partner in the pack config)`,
      policy: "hipaa-workspace-drive-external-sharing",
      key: "allowedExternalDomains",
      apply: (c: Config) => void (workspace(c).allowedExternalDomains = [...workspace(c).allowedExternalDomains, domain]),
    })),
    override(stack, "signInFactors", "hipaa-workspace-2sv-sign-in-factors", "all", fc.constant("ALL" as const)),
    fc.tuple(fc.constantFrom(...admins), fc.constantFrom("ALL" as const, "PASSKEY_PLUS_IP_BOUND_SECURITY_CODE" as const, "PASSKEY_PLUS_SECURITY_CODE" as const)).map(
      ([ou, value]): Weakening => ({
        what: `admin org unit ${ou}: overrides.signInFactors = ${value}`,
        policy: "hipaa-workspace-2sv-sign-in-factors",
        key: "signInFactors",
        apply: (c) => {
          const unit = workspace(c).orgUnits.find((o: { path: string }) => o.path === ou);
          unit.overrides = { ...unit.overrides, signInFactors: value };
        },
      }),
    ),
    override(stack, "enrollmentGraceDays", "hipaa-workspace-2sv-grace-period", "all", fc.integer({ min: 8, max: 180 })),
    override(stack, "allowTrustingDevice", "hipaa-workspace-2sv-no-trusted-devices", "all", fc.constant(true)),
    override(stack, "externalSharingMode", "hipaa-workspace-drive-external-sharing", "phi", fc.constant("ALLOWED" as const)),
    override(stack, "allowPublishingFiles", "hipaa-workspace-drive-no-publishing", "phi", fc.constant(true)),
    override(stack, "webSessionHours", "hipaa-workspace-session-length", "all", fc.integer({ min: 13, max: 720 })),
    override(stack, "allowLessSecureApps", "hipaa-workspace-less-secure-apps-off", "all", fc.constant(true)),
    override(stack, "takeoutEnabled", "hipaa-workspace-takeout-disabled", "phi", fc.constant(true)),
  ];
  // What the production baseline forbids and the non-production one allows.
  if (stack === "prod") {
    options.push(
      fc.constant({
        what: "archive.objectLockMode = GOVERNANCE",
        policy: "hipaa-aws-s3-object-lock-retention",
        key: "objectLockMode",
        apply: (c: Config) => void (archive(c).objectLockMode = "GOVERNANCE"),
      }),
      fc.constant({
        what: "archive.protectData = false",
        policy: "hipaa-aws-data-resource-protect",
        key: "protectData",
        apply: (c: Config) => void (archive(c).protectData = false),
      }),
    );
  }
  return fc.oneof(...options);
}

const caseArb = fc.constantFrom<StackName>("dev", "prod").chain((stack) =>
  fc.record({ stack: fc.constant(stack), weakened: fc.uniqueArray(weakenings(stack), { minLength: 1, maxLength: 3, selector: (w) => w.key }) }),
);

describe("fuzz: the offline check on randomly weakened stack configs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "weakened-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(
    "every weakened setting is reported by its policy as a mandatory violation",
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(caseArb, async ({ stack, weakened }) => {
          const config = structuredClone(STACK_CONFIG[stack]);
          for (const w of weakened) w.apply(config);
          const file = path.join(dir, `case-${n++}`, `Pulumi.${stack}.yaml`);
          fs.mkdirSync(path.dirname(file));
          fs.writeFileSync(file, YAML.stringify(config));
          const result = await checkStack({ stack, configFile: file });
          const reported = new Set(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy));
          const silent = weakened.filter((w) => !reported.has(w.policy));
          if (silent.length > 0) {
            throw new Error(
              `stack ${stack}: ${silent.map((w) => `${w.what} was not reported by ${w.policy}`).join("; ")}; mandatory violations: ${[...reported].join(", ") || "none"}`,
            );
          }
        }),
        fuzzParams(0.1),
      );
    },
    timeoutFor(0.1, 4000),
  );
});
