#!/usr/bin/env bash
# Acts on the result of a scheduled drift preview of one stack:
#   pulumi preview --refresh --expect-no-changes --policy-pack policies ... --event-log EVENT_LOG
#
#   usage: tools/drift/issue.sh STACK PREVIEW_EXIT_CODE EVENT_LOG
#
#   exit 0 (no changes)  -> close the stack's open drift issue, with a comment; job passes
#   exit 7 (drift)       -> drift report (npm run drift-report), open or update ONE issue per stack
#                           labelled $DRIFT_LABEL; job passes unless the preview reported mandatory
#                           policy violations (or DRIFT_FAIL_ON_DRIFT=true)
#   other (1: mandatory policy violations, errors)
#                        -> when the event log shows mandatory violations, the issue is opened or
#                           updated with them; the job fails either way, and a failed preview
#                           never closes an issue
#
# The issue is found by the hidden marker `<!-- hipaa-guard-drift stack=STACK -->` in its body, among
# the open issues with the label (filtered locally, not through GitHub search).
#
# Environment: GH_TOKEN (issues: write) for gh; GH_REPO (owner/name) if not run in a checkout;
#   DRIFT_LABEL (default drift); DRIFT_OUT_DIR for drift-STACK.md/.json (default .);
#   DRIFT_FAIL_ON_DRIFT=true to fail the job on drift too; GITHUB_STEP_SUMMARY, GITHUB_SERVER_URL,
#   GITHUB_REPOSITORY, GITHUB_RUN_ID as GitHub Actions sets them;
#   DRIFT_REPORT: the report command (default: npm run --silent drift-report --).
set -uo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: tools/drift/issue.sh STACK PREVIEW_EXIT_CODE EVENT_LOG" >&2
  exit 2
fi
stack="$1"
code="$2"
log="$3"
if ! [[ "$code" =~ ^[0-9]+$ ]]; then
  echo "issue.sh: PREVIEW_EXIT_CODE must be a number, not '$code'" >&2
  exit 2
fi

label="${DRIFT_LABEL:-drift}"
out_dir="${DRIFT_OUT_DIR:-.}"
read -r -a report_cmd <<<"${DRIFT_REPORT:-npm run --silent drift-report --}"
md="$out_dir/drift-$stack.md"
json="$out_dir/drift-$stack.json"
marker="<!-- hipaa-guard-drift stack=$stack -->"
run_url=""
if [ -n "${GITHUB_REPOSITORY:-}" ] && [ -n "${GITHUB_RUN_ID:-}" ]; then
  run_url="${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
fi
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
mkdir -p "$out_dir"

# --- the report (when the preview wrote an event log)
have_report=false
changes=0
mandatory=0
if [ -s "$log" ]; then
  if "${report_cmd[@]}" "$log" --stack "$stack" --format json --out "$json" &&
    "${report_cmd[@]}" "$log" --stack "$stack" --format markdown --out "$md"; then
    have_report=true
    read -r changes mandatory < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const mandatory = r.violations.filter((v) => v.enforcementLevel === "mandatory").length;
      console.log(`${r.changes.length} ${mandatory}`);' "$json")
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      cat "$md" >>"$GITHUB_STEP_SUMMARY"
    fi
  else
    echo "::warning::drift-report could not read $log"
  fi
else
  echo "::warning::no event log at $log (the preview failed before writing events?)"
fi

# --- the stack's open drift issue: prints its number, and writes its body to $1
find_issue() {
  gh issue list --label "$label" --state open --limit 200 --json number,body |
    node -e '
      const [marker, bodyFile] = process.argv.slice(1);
      const issues = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
      const found = issues.find((i) => typeof i.body === "string" && i.body.includes(marker));
      if (found) { require("fs").writeFileSync(bodyFile, found.body); console.log(found.number); }' "$marker" "$1"
}

upsert_issue() {
  local title existing number
  title="$(head -n 1 "$md" | sed 's/^# *//')"
  existing="$(mktemp)"
  number="$(find_issue "$existing")" || { echo "::error::gh issue list failed"; return 1; }
  if [ -n "$number" ]; then
    if cmp -s <(printf '%s' "$(cat "$md")") <(printf '%s' "$(cat "$existing")"); then
      echo "Drift issue #$number for stack $stack is up to date."
    else
      gh issue edit "$number" --title "$title" --body-file "$md" || return 1
      gh issue comment "$number" --body "The drift report changed on $now${run_url:+ ($run_url)}: the issue body is updated." || return 1
      echo "Updated drift issue #$number for stack $stack."
    fi
  else
    gh label create "$label" --color B60205 --description "Live infrastructure differs from the Pulumi program" >/dev/null 2>&1 || true
    gh issue create --title "$title" --label "$label" --body-file "$md" || return 1
    echo "Opened a drift issue for stack $stack."
  fi
  rm -f "$existing"
}

close_issue() {
  local existing number
  existing="$(mktemp)"
  number="$(find_issue "$existing")" || { echo "::error::gh issue list failed"; return 1; }
  rm -f "$existing"
  if [ -n "$number" ]; then
    gh issue close "$number" --comment "No drift in stack $stack as of $now${run_url:+ ($run_url)}: \`pulumi preview --refresh --expect-no-changes\` found no changes. Closing." || return 1
    echo "Closed drift issue #$number for stack $stack."
  else
    echo "No drift in stack $stack, and no open drift issue."
  fi
}

case "$code" in
  0)
    if [ "$mandatory" -gt 0 ]; then
      echo "::error::stack $stack: the preview passed but its event log has $mandatory mandatory policy violation(s)"
      upsert_issue
      exit 1
    fi
    close_issue || exit 1
    exit 0
    ;;
  7)
    if ! $have_report; then
      echo "::error::stack $stack drifted (preview exit code 7) but no drift report could be made from $log"
      exit 1
    fi
    echo "::warning::Drift in stack $stack: $changes resource(s) differ from the program, $mandatory mandatory policy violation(s)"
    upsert_issue || exit 1
    if [ "$mandatory" -gt 0 ]; then
      echo "::error::stack $stack: the preview reported $mandatory mandatory policy violation(s)"
      exit 1
    fi
    if [ "${DRIFT_FAIL_ON_DRIFT:-false}" = "true" ]; then
      exit 1
    fi
    exit 0
    ;;
  *)
    if $have_report && [ "$mandatory" -gt 0 ]; then
      echo "::error::stack $stack: the preview reported $mandatory mandatory policy violation(s) (preview exit code $code)"
      upsert_issue
    else
      echo "::error::pulumi preview of stack $stack failed with exit code $code; the drift issue is left as it is"
    fi
    exit 1
    ;;
esac
