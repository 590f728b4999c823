#!/usr/bin/env bash
# scripts/test.sh — `npm test`: every check, then ONE closing line "N passed, N failed".
#
#   npm test                       lint, typecheck, openapi:check, node --test test/idp/, jest (unit + e2e)
#   bash scripts/test.sh --quick   skip lint / typecheck / openapi:check
#
# Steps (each prints a header; a failing check step stops the run and names the step):
#   1. lint            npm run lint
#   2. typecheck       npm run typecheck
#   3. openapi         npm run openapi:check
#   4. idp tests       node --test test/idp/*.test.mjs (only if there are any; failures are counted, not fatal)
#   5. services        PowerDNS packages installed (installs them if missing); MariaDB and Redis answer — else
#                      private ones are started (as up.sh does) and TEST_DATABASE_URL / TEST_REDIS_URL exported;
#                      the ones this run started are stopped at the end
#   6. jest            npx jest --config jest.config.js --json --outputFile=test-results/jest.json
#                      (both projects in one run; the e2e globalSetup starts its own PowerDNS and IdP)
# Closing line: jest numPassedTests/numFailedTests (+1 per suite that failed to run) plus node --test's
# "# pass N" / "# fail N". Exit code 0 only if nothing failed.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_PREFIX='test'
# shellcheck source=scripts/lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=scripts/lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (use --quick)" ;;
  esac
done

cd "$SCAIDNS_ROOT" || exit 1
RESULTS=$SCAIDNS_ROOT/test-results
mkdir -p "$RESULTS"
T_START=$(now_ms)
PASSED=0
FAILED=0
STARTED_SERVICES=()
CURRENT_STEP=setup
SUMMARY_DONE=0

summary_line() {
  SUMMARY_DONE=1
  echo "$PASSED passed, $FAILED failed"
}

# fail_step NAME RC — a check step failed: say which, count it as one failure, close, exit.
fail_step() {
  printf '\n%stest.sh: FAILED at step "%s" (exit %s) after %s s%s\n' "$_C_RED" "$1" "$2" "$((($(now_ms) - T_START) / 1000))" "$_C_OFF" >&2
  FAILED=$((FAILED + 1))
  stop_started
  summary_line
  exit 1
}

# stop_started — stop the private services this run started (before the closing line, which must stay last).
stop_started() {
  local s
  for s in "${STARTED_SERVICES[@]}"; do
    case "$s" in
      mariadb) stop_private_mariadb ;;
      redis) stop_private_redis ;;
    esac
  done
  STARTED_SERVICES=()
}

# On any exit: stop what this run started; if we are leaving early (a helper died, or Ctrl-C), still name
# the step and print the closing line.
# shellcheck disable=SC2317  # (called by the EXIT trap)
on_exit() {
  local rc=$?
  trap - EXIT
  stop_started
  if [ "$SUMMARY_DONE" = 0 ]; then
    printf '\n%stest.sh: FAILED at step "%s" (exit %s)%s\n' "$_C_RED" "$CURRENT_STEP" "$rc" "$_C_OFF" >&2
    FAILED=$((FAILED + 1))
    summary_line
    [ "$rc" != 0 ] || rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# run_step NAME CMD... — header, run, time; fail fast.
run_step() {
  local name=$1 t0 rc
  shift
  CURRENT_STEP=$name
  step "$name: $*"
  t0=$(now_ms)
  "$@"
  rc=$?
  [ "$rc" = 0 ] || fail_step "$name" "$rc"
  ok "$name passed ($((($(now_ms) - t0) / 1000)) s)"
}

if [ ! -f node_modules/.package-lock.json ]; then
  run_step "install" npm ci --no-audit --no-fund
fi

# 0. .env.example must list every variable load-config.ts reads (warning only: others edit load-config.ts)
if [ -f src/config/load-config.ts ] && [ -f .env.example ]; then
  missing_vars=$(comm -23 \
    <(grep -oE "'[A-Z][A-Z0-9_]{2,}'" src/config/load-config.ts | tr -d "'" | sort -u) \
    <(sed -nE 's/^#? ?([A-Z][A-Z0-9_]*)=.*/\1/p' .env.example | sort -u))
  [ -z "$missing_vars" ] || warn ".env.example lacks: $(echo "$missing_vars" | tr '\n' ' ')(add them, see src/config/load-config.ts)"
fi

if [ "$QUICK" = 0 ]; then
  run_step lint npm run lint
  run_step typecheck npm run typecheck
  run_step openapi npm run openapi:check
else
  log "--quick: skipping lint, typecheck, openapi:check"
fi

# 4. the IdP's own tests (node's runner): human output on stdout, TAP kept for the count
NODE_TAP=()
mapfile -t idp_tests < <(find test/idp -maxdepth 3 -name '*.test.mjs' -type f 2>/dev/null | sort)
if [ ${#idp_tests[@]} -gt 0 ]; then
  CURRENT_STEP="idp tests"
  step "idp tests: node --test test/idp/ (${#idp_tests[@]} file(s))"
  t0=$(now_ms)
  rm -f "$RESULTS/node-idp.tap"
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$RESULTS/node-idp.tap" "${idp_tests[@]}"
  rc=$?
  NODE_TAP+=("$RESULTS/node-idp.tap")
  if [ "$rc" = 0 ]; then ok "idp tests passed ($((($(now_ms) - t0) / 1000)) s)"; else warn "idp tests: failures (exit $rc), counted below"; fi
else
  log "no test/idp/*.test.mjs files: skipping node --test"
fi

# 5. services the e2e suites need
CURRENT_STEP=services
step "services: PowerDNS packages, MariaDB, Redis"
(ensure_pdns_packages) || fail_step services $?
explicit_db=0
[ -n "${TEST_DATABASE_URL:-}" ] && explicit_db=1
# (the same default as test/setup/test-stack.js; only host/port/user matter here)
test_db_url=${TEST_DATABASE_URL:-mysql://root:@127.0.0.1:3306/mysql}
ensure_mariadb "$test_db_url" "$explicit_db" || fail_step services $?
if [ "$MDB_STARTED" = 1 ]; then STARTED_SERVICES+=(mariadb); fi
if [ "$MDB_PRIVATE" = 1 ]; then
  parse_db_url "$test_db_url"
  export TEST_DATABASE_URL="mysql://root:@127.0.0.1:$MDB_PORT/${DBU_NAME:-mysql}"
  log "exported TEST_DATABASE_URL=$TEST_DATABASE_URL"
fi
explicit_redis=0
[ -n "${TEST_REDIS_URL:-}" ] && explicit_redis=1
ensure_redis "${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}" "$explicit_redis" || fail_step services $?
if [ "$RDS_STARTED" = 1 ]; then STARTED_SERVICES+=(redis); fi
if [ "$RDS_PRIVATE" = 1 ]; then
  export TEST_REDIS_URL=$RDS_URL
  log "exported TEST_REDIS_URL=$TEST_REDIS_URL"
fi
# Tests must never query public resolvers: default the app's resolvers to loopback (suites may override).
export DNS_RESOLVERS=${DNS_RESOLVERS:-127.0.0.1:5300}

# 6. jest, both projects, one run
CURRENT_STEP=jest
step "jest: npx jest --config jest.config.js --json --outputFile=test-results/jest.json"
t0=$(now_ms)
rm -f "$RESULTS/jest.json"
npx jest --config jest.config.js --json --outputFile="$RESULTS/jest.json"
jest_rc=$?
log "jest exited $jest_rc after $((($(now_ms) - t0) / 1000)) s"

counts=$(node "$SCRIPT_DIR/lib/stack.cjs" test-summary "$RESULTS/jest.json" "${NODE_TAP[@]}") || counts="0 1"
read -r PASSED FAILED <<<"$counts"
if [ "$jest_rc" != 0 ] && [ "$FAILED" = 0 ]; then
  warn "jest exited $jest_rc without a failing test (no tests found, or a setup/teardown error): counted as 1 failure"
  FAILED=1
fi
stop_started
log "total $((($(now_ms) - T_START) / 1000)) s"
summary_line
[ "$FAILED" = 0 ] || exit 1
exit 0
