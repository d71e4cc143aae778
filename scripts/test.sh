#!/usr/bin/env bash
# Prepare everything and run the whole test suite on a fresh throwaway database:
# lint (ruff, pylint-odoo), the plain-Python engine tests, then every addon test (including
# browser tours) against a new database with both addons installed. Fails on a failed test and on any
# ERROR or CRITICAL line in the Odoo log.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_venv
need_postgres
need_chromium

cd "$ROOT"
say "Lint (ruff)"
"$VENV/bin/ruff" check . || die "ruff found problems (see above): fix them and run again."
"$VENV/bin/ruff" format --check . || die "ruff format would change files: run '.venv/bin/ruff format .'."
say "Lint (pylint-odoo)"
"$VENV/bin/pylint" $PYLINT_ARGS iki_performance iki_tukin iki_demo \
    || die "pylint-odoo found problems (see above): fix them and run again."

DB="${IKI_TEST_DB:-iki_test_$$}"
CONF="$(odoo_conf "$DB")"
INSTALL_LOG="$STATE/test-install-$DB.log"
TEST_LOG="$STATE/test-odoo-$DB.log"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$STATE/filestore/filestore/$DB"; }
trap cleanup EXIT
cleanup

say "Installing $IKI_ADDONS into the fresh database $DB"
if ! odoo_bin -c "$CONF" -d "$DB" -i "$IKI_ADDONS" --stop-after-init --without-demo=all \
        --log-level=warn --logfile="$INSTALL_LOG"; then
    tail -n 40 "$INSTALL_LOG" >&2
    die "Installing the addons failed: see $INSTALL_LOG."
fi
if grep -E " (WARNING|ERROR|CRITICAL) " "$INSTALL_LOG" >&2; then
    die "Installing the addons logged the warnings or errors above (full log: $INSTALL_LOG)."
fi

say "Running the tests"
: > "$TEST_LOG"
status=0
"$PY" -m pytest -p no:cacheprovider --odoo-database="$DB" --odoo-config="$CONF" \
    --odoo-log-level=warn --odoo-extra="logfile=$TEST_LOG" --odoo-http \
    -q "$@" tests iki_performance/tests iki_tukin/tests || status=$?
if [ "$status" -eq 5 ]; then
    die "pytest collected no test."
fi
if grep -E " (ERROR|CRITICAL) " "$TEST_LOG" >&2; then
    die "The Odoo log of the test run has the ERROR/CRITICAL lines above (full log: $TEST_LOG)."
fi
[ "$status" -eq 0 ] || die "Some tests failed (see above)."
say "All tests passed."
