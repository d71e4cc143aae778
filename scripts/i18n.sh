#!/usr/bin/env bash
# Refresh the translation template of each addon and merge it into i18n/id.po, keeping the
# existing Indonesian translations (new strings come in untranslated, obsolete ones go).
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_venv
need_postgres
cd "$ROOT"
DB="iki_i18n_$$"
CONF="$(odoo_conf "$DB")"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
odoo_bin -c "$CONF" -d "$DB" -i "$IKI_ADDONS" --stop-after-init --without-demo=all \
    --log-level=warn --load-language=id_ID
for addon in ${IKI_ADDONS//,/ }; do
    odoo_bin -c "$CONF" -d "$DB" --i18n-export="$addon/i18n/$addon.pot" --modules="$addon" \
        --stop-after-init --log-level=warn
    "$PY" "$ROOT/scripts/i18n_merge.py" "$addon/i18n/$addon.pot" "$addon/i18n/id.po"
done
