#!/usr/bin/env bash
# Prepare everything and serve Odoo on http://localhost:8069 with a demo province
# (database $IKI_DB, default iki_demo). Re-runnable: an existing database is updated when
# the addons changed, and the demo data is loaded once.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_venv
need_postgres

cd "$ROOT"
DB="${IKI_DB:-iki_demo}"
CONF="$(odoo_conf "$DB")"
LOG="$STATE/run-$DB.log"
code_stamp="$(find iki_performance iki_tukin data -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.json' \) -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)"
stamp_file="$STATE/run-$DB.stamp"

installed="$(psql -d "$DB" -tAc "select state from ir_module_module where name='iki_tukin'" 2>/dev/null || true)"
if [ "$installed" != "installed" ]; then
    say "Creating the database $DB with the IKI addons (about a minute)"
    dropdb --if-exists "$DB"
    odoo_bin -c "$CONF" -d "$DB" -i "$IKI_ADDONS" --stop-after-init --without-demo=all \
        --log-level=warn --logfile="$LOG" || { tail -n 40 "$LOG" >&2; die "Installing the addons failed: see $LOG."; }
elif [ "$(cat "$stamp_file" 2>/dev/null)" != "$code_stamp" ]; then
    say "Updating the IKI addons in $DB"
    odoo_bin -c "$CONF" -d "$DB" -u "$IKI_ADDONS" --stop-after-init \
        --log-level=warn --logfile="$LOG" || { tail -n 40 "$LOG" >&2; die "Updating the addons failed: see $LOG."; }
fi
say "Loading the demo province (skipped when already there)"
IKI_DEMO_LOGINS_FILE="$STATE/demo-logins-$DB.txt" \
    odoo_bin shell -c "$CONF" -d "$DB" --log-level=warn --logfile="$LOG" --no-http \
    < "$ROOT/data/load_demo.py" || die "Loading the demo province failed: see $LOG."
echo "$code_stamp" > "$stamp_file"

cat >&2 <<TXT
[iki] Serving Odoo on http://localhost:${IKI_HTTP_PORT:-8069} (database $DB). Logins:
$(cat "$STATE/demo-logins-$DB.txt" 2>/dev/null || echo "  admin / admin")
[iki] Stop with Ctrl+C; the log is in $LOG.
TXT
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --logfile="$LOG"
