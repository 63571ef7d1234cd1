import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/drift/cli";
import { PAYLOAD_KEYS, parseEventLog, readEventLog } from "../../tools/drift/eventLog";
import { formatJson, formatMarkdown, issueMarker } from "../../tools/drift/format";
import { DriftReport, buildReport } from "../../tools/drift/report";
import { lookupPath, parsePropertyPath, renderLookup } from "../../tools/drift/values";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);

/** Runs the CLI in-process, as `npm run drift-report -- ...args` would. */
function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function jsonReport(file: string): DriftReport {
  const result = run(fixture(file), "--format", "json");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DriftReport;
}

const SESSION = "urn:pulumi:dev::hipaa-guard::hipaa-guard:workspace:GoogleWorkspace$hipaa-guard:workspace:ImportedSettings$gcp:cloudidentity/policy:Policy::root-security-session-controls";
const LOG_BUCKET = "urn:pulumi:dev::hipaa-guard::hipaa-guard:archive:PhiArchive$hipaa-guard:archive:AccessLogBucket$aws:s3/bucket:Bucket::phi-archive-access-logs";
const TRAIL = "urn:pulumi:dev::hipaa-guard::hipaa-guard:archive:PhiArchive$hipaa-guard:archive:AuditTrail$aws:cloudtrail/trail:Trail::phi-archive-audit";
const ARCHIVE = "urn:pulumi:dev::hipaa-guard::hipaa-guard:archive:PhiArchive$hipaa-guard:archive:LockedBucket$aws:s3/bucket:Bucket::phi-archive";
const WS_PROVIDER = "urn:pulumi:dev::hipaa-guard::pulumi:providers:googleworkspace::workspace";
/** Plaintext of the secrets in drift.jsonl (in the `plaintext` and `value` forms of a secret). */
const PLAINTEXTS = ["PLAINTEXT-SA-KEY-5f2e", "PLAINTEXT-COST-CENTER-77", "private_key"];

describe("the fixtures follow apitype.EngineEvent (pulumi/pulumi sdk/go/common/apitype/events.go)", () => {
  const ENGINE_EVENT = new Set(["sequence", "timestamp", ...PAYLOAD_KEYS]);
  const STEP_METADATA = new Set(["op", "urn", "type", "old", "new", "keys", "diffs", "detailedDiff", "logical", "provider"]);
  const STATE_METADATA = new Set(["type", "urn", "custom", "delete", "id", "parent", "protect", "taint", "retainOnDelete", "inputs", "outputs", "provider", "initErrors"]);
  const POLICY_EVENT = new Set(["resourceUrn", "message", "color", "policyName", "policyPackName", "policyPackVersion", "policyPackVersionTag", "enforcementLevel", "severity"]);
  const SUMMARY_EVENT = new Set(["maybeCorrupt", "durationSeconds", "resourceChanges", "PolicyPacks", "isPreview"]);
  const OPS = new Set(["same", "create", "update", "delete", "replace", "create-replacement", "delete-replaced", "read", "read-replacement", "refresh", "discard", "discard-replaced", "remove-pending-replace", "import", "import-replacement"]);

  for (const file of ["no-drift.jsonl", "drift.jsonl", "deleted-outside.jsonl", "policy-violations.jsonl"]) {
    test(file, () => {
      const log = readEventLog(fixture(file));
      expect(log.malformed).toEqual([]);
      let sequence = 0;
      for (const { event } of log.events) {
        for (const key of Object.keys(event)) expect(ENGINE_EVENT).toContain(key);
        expect(event.sequence).toBeGreaterThan(sequence);
        sequence = event.sequence;
        const step = event.resourcePreEvent ?? event.resOutputsEvent;
        if (step) {
          for (const key of Object.keys(step.metadata)) expect(STEP_METADATA).toContain(key);
          expect(OPS).toContain(step.metadata.op);
          for (const state of [step.metadata.old, step.metadata.new]) {
            for (const key of Object.keys(state ?? {})) expect(STATE_METADATA).toContain(key);
          }
        }
        for (const key of Object.keys(event.policyEvent ?? {})) expect(POLICY_EVENT).toContain(key);
        for (const key of Object.keys(event.summaryEvent ?? {})) expect(SUMMARY_EVENT).toContain(key);
      }
      expect(log.events[0].event.preludeEvent).toBeDefined();
      expect(log.events.some((e) => e.event.summaryEvent)).toBe(true);
    });
  }
});

describe("npm run drift-report", () => {
  test("no drift: only same steps and refreshes that found nothing give no changes", () => {
    const report = jsonReport("no-drift.jsonl");
    expect(report.changes).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.stack).toBe("dev");
    expect(report.summary.resourceChanges).toEqual({ same: 4 });
    const md = run(fixture("no-drift.jsonl")).stdout;
    expect(md.split("\n")[0]).toBe("# No drift in stack dev");
    expect(md).toContain(issueMarker("dev"));
  });

  test("property drift: the Cloud Identity policy changed in the Admin console, with old and new valueJson", () => {
    const report = jsonReport("drift.jsonl");
    const session = report.changes.find((c) => c.urn === SESSION);
    expect(session).toMatchObject({
      op: "update",
      ops: ["refresh", "update"],
      properties: ["setting.valueJson"],
      type: "gcp:cloudidentity/policy:Policy",
      name: "root-security-session-controls",
      outsidePulumi: "modified",
    });
    expect(session?.values).toEqual([
      { property: "setting.valueJson", diffKind: "update", old: '{"webSessionDuration":"1209600s"}', new: '{"webSessionDuration":"43200s"}' },
    ]);
    const md = run(fixture("drift.jsonl")).stdout;
    expect(md.split("\n")[0]).toBe("# Drift detected in stack dev");
    expect(md).toContain('`setting.valueJson`: `{"webSessionDuration":"1209600s"}` → `{"webSessionDuration":"43200s"}`');
  });

  test("the JSON has exactly the documented keys, in the documented types", () => {
    const report = jsonReport("drift.jsonl");
    for (const change of report.changes) {
      expect(typeof change.urn).toBe("string");
      expect(typeof change.op).toBe("string");
      expect(Array.isArray(change.properties) && change.properties.every((p) => typeof p === "string")).toBe(true);
    }
    for (const v of report.violations) {
      for (const key of ["policy", "enforcementLevel", "urn", "message"] as const) expect(typeof v[key]).toBe("string");
    }
    expect(report.changes.map((c) => [c.urn, c.op])).toEqual([
      [SESSION, "update"],
      [LOG_BUCKET, "create"],
      [TRAIL, "replace"],
      [WS_PROVIDER, "update"],
      [ARCHIVE, "update"],
    ]);
  });

  test("a replacement is one change named replace, with the properties that force it and every step", () => {
    const trail = jsonReport("drift.jsonl").changes.find((c) => c.urn === TRAIL);
    expect(trail).toMatchObject({
      op: "replace",
      ops: ["refresh", "create-replacement", "replace", "delete-replaced"],
      properties: ["name"],
      replaceKeys: ["name"],
      values: [{ property: "name", diffKind: "update-replace", old: "phi-archive-audit-renamed", new: "phi-archive-audit" }],
    });
  });

  test("deleted outside Pulumi: the refresh finds the bucket gone and the program would create it again", () => {
    const report = jsonReport("deleted-outside.jsonl");
    expect(report.changes.map((c) => [c.name, c.op, c.outsidePulumi ?? null])).toEqual([
      ["phi-archive-access-logs", "create", "deleted"],
      ["partner-dropbox", "discard", null],
      ["phi-archive-replica", "delete", null],
    ]);
    const bucket = report.changes[0];
    expect(bucket.ops).toEqual(["refresh", "create"]);
    expect(bucket.meaning).toMatch(/deleted outside Pulumi/);
    expect(report.changes[1].meaning).toMatch(/no longer read.*nothing is deleted/);
    const md = run(fixture("deleted-outside.jsonl")).stdout;
    expect(md).toMatch(/1 deleted outside Pulumi/);
    expect(md).toContain("| `phi-archive-access-logs`<br><sub>aws:s3/bucket:Bucket</sub> | create<br><sub>steps: refresh, create</sub> |");
  });

  test("a refresh-only log (pulumi refresh style: no program step) still reports the deletion", () => {
    const lines = fs.readFileSync(fixture("deleted-outside.jsonl"), "utf8").split("\n");
    const refreshOnly = lines.filter((l) => !l.includes('"op":"create"')).join("\n");
    const report = buildReport(parseEventLog(refreshOnly));
    expect(report.changes[0]).toMatchObject({ name: "phi-archive-access-logs", op: "refresh", outsidePulumi: "deleted" });
  });

  test("`pulumi refresh` style (refresh announced, delete or update reported after): deleted or changed outside Pulumi", () => {
    const state = { type: "aws:s3/bucket:Bucket", urn: LOG_BUCKET, id: "b", parent: "", inputs: {}, outputs: { bucket: "b" }, provider: "" };
    const meta = (op: string, nw: unknown, extra: object = {}) => ({ op, urn: LOG_BUCKET, type: state.type, old: state, new: nw, detailedDiff: null, provider: "", ...extra });
    const gone = [
      { sequence: 1, timestamp: 1, resourcePreEvent: { metadata: meta("refresh", state), planning: true } },
      { sequence: 2, timestamp: 2, resOutputsEvent: { metadata: meta("delete", null), planning: true } },
    ];
    const deleted = buildReport(parseEventLog(gone.map((e) => JSON.stringify(e)).join("\n")));
    expect(deleted.changes).toEqual([expect.objectContaining({ op: "delete", outsidePulumi: "deleted", meaning: "deleted outside Pulumi (the refresh found it gone)" })]);
    const changed = [
      gone[0],
      { sequence: 2, timestamp: 2, resOutputsEvent: { metadata: meta("update", { ...state, outputs: { bucket: "c" } }, { diffs: ["bucket"] }), planning: true } },
    ];
    const modified = buildReport(parseEventLog(changed.map((e) => JSON.stringify(e)).join("\n")));
    expect(modified.changes).toEqual([
      expect.objectContaining({ op: "update", outsidePulumi: "modified", properties: ["bucket"], values: [{ property: "bucket", old: "b", new: "c" }] }),
    ]);
  });

  test("policy violations: every policyEvent with policy, pack, level, resource and message; mandatory first, duplicates once", () => {
    const report = jsonReport("drift.jsonl");
    expect(report.violations).toEqual([
      {
        policy: "hipaa-aws-s3-bucket-access-logging",
        enforcementLevel: "mandatory",
        urn: ARCHIVE,
        message: "Bucket phi-archive has no server access logging: its log bucket phi-archive-access-logs was deleted.",
        policyPack: "hipaa-guard",
        policyPackVersion: "0.1.0",
        severity: "medium",
      },
      expect.objectContaining({ policy: "hipaa-aws-data-resource-protect", enforcementLevel: "advisory", urn: LOG_BUCKET }),
      expect.objectContaining({ policy: "hipaa-governance-baa-recorded", enforcementLevel: "advisory", urn: "" }),
    ]);
    expect(report.summary.mandatoryViolations).toBe(1);
    const md = run(fixture("drift.jsonl")).stdout;
    expect(md).toContain("| **mandatory** | `hipaa-aws-s3-bucket-access-logging`<br><sub>hipaa-guard 0.1.0</sub> | `phi-archive` |");
    expect(md).toContain("| advisory | `hipaa-governance-baa-recorded`<br><sub>hipaa-guard 0.1.0</sub> | (stack) | Stack tag hipaa:baa-google is older than a year \\| review the BAA. |");
    expect(md).not.toContain("<{%");
  });

  test("mandatory violations with no changes: titled as policy violations, preview errors listed", () => {
    const report = jsonReport("policy-violations.jsonl");
    expect(report.changes).toEqual([]);
    expect(report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([
      ["hipaa-aws-kms-key-rotation", "mandatory"],
      ["hipaa-aws-data-resource-protect", "advisory"],
    ]);
    expect(report.errors).toEqual(["error: preview failed: 1 mandatory policy violation"]);
    expect(run(fixture("policy-violations.jsonl")).stdout.split("\n")[0]).toBe("# Policy violations in stack dev");
  });

  test("secrets: masked on both sides of a change, and their plaintext is in neither format", () => {
    const raw = fs.readFileSync(fixture("drift.jsonl"), "utf8");
    for (const p of PLAINTEXTS) expect(raw).toContain(p); // the fixture does carry them
    const report = jsonReport("drift.jsonl");
    expect(report.changes.find((c) => c.urn === WS_PROVIDER)?.values).toEqual([
      { property: "credentials", diffKind: "update", old: "[secret]", new: "[secret]" },
    ]);
    // The old cost center was not secret, but the new one is: both sides are masked.
    expect(report.changes.find((c) => c.urn === ARCHIVE)?.values).toEqual([
      { property: "tags.costCenter", diffKind: "update", old: "[secret]", new: "[secret]" },
    ]);
    for (const format of ["json", "markdown"]) {
      const { stdout } = run(fixture("drift.jsonl"), "--format", format);
      for (const p of [...PLAINTEXTS, "cc-1001"]) expect(stdout).not.toContain(p);
    }
  });

  test("malformed lines: reported with their line numbers on stderr and in the markdown; the rest still reported", () => {
    const result = run(fixture("malformed.jsonl"));
    expect(result.code).toBe(0);
    const lines = [4, 7, 10, 13, 15];
    for (const n of lines) expect(result.stderr).toContain(`malformed.jsonl:${n}: skipped malformed line`);
    expect(result.stderr).not.toMatch(/malformed\.jsonl:17:/); // the blank line is not an error
    expect(result.stdout).toContain("## Skipped event-log lines");
    for (const n of lines) expect(result.stdout).toContain(`- line ${n}: `);
    expect(result.stderr).not.toContain("Error: thi"); // no content of a bad line is echoed
    const report = JSON.parse(run(fixture("malformed.jsonl"), "--format", "json").stdout) as DriftReport;
    expect(report.malformed.map((m) => m.line)).toEqual(lines);
    expect(report.malformed[0].error).toMatch(/invalid JSON/);
    expect(report.malformed[3].error).toBe("resourcePreEvent.metadata.urn is missing");
    expect(report.changes.map((c) => c.op)).toEqual(["update", "create", "replace", "update", "update"]);
    expect(report.violations).toHaveLength(3);
  });

  test("an empty or missing event log is an error naming the file (exit 2)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const empty = path.join(dir, "events-dev.jsonl");
    fs.writeFileSync(empty, "\n  \n");
    const e = run(empty);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`event log ${empty} is empty`);
    expect(e.stdout).toBe("");
    const missing = path.join(dir, "nope.jsonl");
    const m = run(missing, "--format", "json");
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(`cannot read event log ${missing}: no such file`);
  });

  test("usage errors exit 2; --out writes the file; --stack names the stack", () => {
    expect(run().code).toBe(2);
    expect(run(fixture("drift.jsonl"), "--format", "yaml").stderr).toMatch(/--format must be one of markdown, json/);
    expect(run(fixture("drift.jsonl"), "--bogus").code).toBe(2);
    expect(run("--help").code).toBe(0);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drift-")), "sub", "drift-prod.md");
    const result = run(fixture("no-drift.jsonl"), "--out", out, "--stack", "prod");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain(issueMarker("prod"));
    expect(md.split("\n")[0]).toBe("# No drift in stack prod");
  });

  test("markdown stays under GitHub's issue body limit, saying how many rows it left out", () => {
    const report = jsonReport("drift.jsonl");
    const many: DriftReport = { ...report, changes: Array.from({ length: 2000 }, (_, i) => ({ ...report.changes[0], name: `policy-${i}` })) };
    const md = formatMarkdown(many, 60000);
    expect(md.length).toBeLessThanOrEqual(60000);
    expect(md).toMatch(/… and \d+ more changes/);
    expect(formatJson(many).length).toBeGreaterThan(60000); // JSON is never shortened
  });
});

describe("property values", () => {
  test("property paths as detailedDiff writes them", () => {
    expect(parsePropertyPath("setting.valueJson")).toEqual(["setting", "valueJson"]);
    expect(parsePropertyPath('tags["cost.center"]')).toEqual(["tags", "cost.center"]);
    expect(parsePropertyPath("rules[0].expiration.days")).toEqual(["rules", 0, "expiration", "days"]);
    expect(parsePropertyPath("a[")).toBeUndefined();
  });

  test("a secret anywhere on the path masks the value; unknowns and absent values are named", () => {
    const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"hunter2"' };
    const props = { config: SECRET, nested: { list: [{ key: SECRET }] }, arn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    expect(renderLookup(lookupPath(props, "config.password"))).toBe("[secret]");
    expect(renderLookup(lookupPath(props, "nested"))).toBe("[secret]");
    expect(renderLookup(lookupPath(props, "nested.list[0].key"))).toBe("[secret]");
    expect(renderLookup(lookupPath(props, "arn"))).toBe("(known after apply)");
    expect(renderLookup(lookupPath(props, "missing"))).toBe("(absent)");
    expect(renderLookup(lookupPath(props, "nested.list[3]"))).toBe("(absent)");
  });
});
