#!/usr/bin/env bash
# Prepare everything and serve Odoo on http://localhost:8069 with the demo province of the
# iki_demo addon (database $IKI_DB, default iki_demo). Re-runnable: an existing database is
# updated when the addons changed; the demo data comes with the first installation.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_venv
need_postgres

cd "$ROOT"
DB="${IKI_DB:-iki_demo}"
# Indonesian is installed with the addons: the default language of new users (iki_performance
# moves Odoo's default contact language to it), the demo's users work in it.
IKI_LANG="${IKI_LANG:-id_ID}"
CONF="$(odoo_conf "$DB")"
# The demo province is the demo data of iki_demo: this database has demo data (the tests' and
# benchmarks' databases keep without_demo = all).
sed -i 's/^without_demo = .*/without_demo = False/' "$CONF"
ADDONS="$IKI_ADDONS,iki_demo"
LOG="$STATE/run-$DB.log"
LOGINS="$STATE/demo-logins-$DB.txt"
code_stamp="$(find iki_performance iki_tukin iki_demo -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.json' \) -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)"
stamp_file="$STATE/run-$DB.stamp"

# Odoo loads a module's demo data only in a database created with demo data: a database made
# without it (by an older run) is made again.
installed="$(psql -d "$DB" -tAc "select state || demo::text from ir_module_module where name='iki_demo'" 2>/dev/null || true)"
log_start=$(( $( [ -f "$LOG" ] && wc -l < "$LOG" || echo 0) + 1 ))
if [ "$installed" != "installedtrue" ]; then
    say "Creating the database $DB with the IKI addons and the demo province (a few minutes)"
    dropdb --if-exists "$DB"
    rm -rf "$STATE/filestore/filestore/$DB" "$LOGINS"
    odoo_bin -c "$CONF" -d "$DB" -i "$ADDONS" --stop-after-init \
        --load-language="$IKI_LANG" --log-level=warn --logfile="$LOG" || { tail -n 40 "$LOG" >&2; die "Installing the addons failed: see $LOG."; }
    # A failing demo data file does not stop Odoo: it installs the module without its demo.
    if tail -n +"$log_start" "$LOG" | grep -E " (ERROR|CRITICAL) |demo data failed to install" >&2; then
        dropdb --if-exists "$DB"
        die "Loading the demo province failed (see above and $LOG): the database $DB was dropped."
    fi
elif [ "$(cat "$stamp_file" 2>/dev/null)" != "$code_stamp" ]; then
    say "Updating the IKI addons in $DB"
    odoo_bin -c "$CONF" -d "$DB" -u "$ADDONS" --stop-after-init \
        --load-language="$IKI_LANG" --log-level=warn --logfile="$LOG" || { tail -n 40 "$LOG" >&2; die "Updating the addons failed: see $LOG."; }
fi
echo "$code_stamp" > "$stamp_file"
if [ ! -s "$LOGINS" ]; then
    echo 'print(env["iki.demo.player"]._iki_demo_logins_text(), end="")' \
        | odoo_bin shell -c "$CONF" -d "$DB" --log-level=warn --logfile="$LOG" --no-http > "$LOGINS" \
        || rm -f "$LOGINS"
fi

cat >&2 <<TXT
[iki] Serving Odoo on http://localhost:${IKI_HTTP_PORT:-8069} (database $DB). Logins:
$(cat "$LOGINS" 2>/dev/null || echo "  admin / admin")
[iki] Stop with Ctrl+C; the log is in $LOG.
TXT
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --logfile="$LOG"
