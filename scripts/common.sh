#!/usr/bin/env bash
# Shared set-up for the run, test and benchmark commands. Idempotent: every step checks
# what is already there and does only what is missing. A missing prerequisite stops with
# one sentence that says what to do.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo-src}"
VENV="${IKI_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
STATE="$ROOT/.state"
ODOO_NIGHTLY_URL="${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
IKI_ADDONS="iki_performance,iki_tukin"
# pylint-odoo (configured in pyproject.toml) minus two OCA-only rules: the author and a
# generated README.rst (the addons keep readme/ fragments).
PYLINT_ARGS="--disable=manifest-required-author,missing-readme"
mkdir -p "$STATE"

say() { printf '[iki] %s\n' "$*" >&2; }
die() { printf '[iki] ERROR: %s\n' "$*" >&2; exit 1; }

need_python() {
    PYTHON311="${PYTHON311:-$(command -v python3.11 || true)}"
    [ -n "$PYTHON311" ] || die "Python 3.11 is required: install it (e.g. 'apt-get install python3.11 python3.11-venv') or set PYTHON311 to its path."
}

need_odoo_source() {
    if [ -f "$ODOO_SRC/odoo/release.py" ] && [ -d "$ODOO_SRC/odoo/addons/hr" ]; then
        return
    fi
    say "No Odoo 18.0 source in $ODOO_SRC: downloading the official 18.0 Community nightly from $ODOO_NIGHTLY_URL"
    command -v curl >/dev/null || die "curl is needed to download the Odoo source: install curl or unpack Odoo 18.0 into $ODOO_SRC (or set ODOO_SRC)."
    mkdir -p "$ODOO_SRC" 2>/dev/null || die "Cannot create $ODOO_SRC: set ODOO_SRC to a writable folder or create it."
    local tmp
    tmp="$(mktemp -d)"
    curl -fL --retry 3 -o "$tmp/odoo.tar.gz" "$ODOO_NIGHTLY_URL" \
        || die "Could not download the Odoo 18.0 source: unpack an Odoo 18.0 Community source tree into $ODOO_SRC (or set ODOO_SRC) and run again."
    tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
    local top
    top="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    cp -a "$top/." "$ODOO_SRC/"
    rm -rf "$tmp"
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "The downloaded archive holds no Odoo source: unpack Odoo 18.0 into $ODOO_SRC by hand."
    grep -q "18, 0" "$ODOO_SRC/odoo/release.py" || die "$ODOO_SRC does not hold Odoo 18.0: point ODOO_SRC at an Odoo 18.0 source tree."
}

# Python environment: Odoo's requirements (with the Python 3.11 fixes), Odoo itself in
# editable compat mode, the OCA addons and the test tools. Skipped when nothing changed.
need_venv() {
    need_python
    need_odoo_source
    local stamp_src stamp
    stamp_src="$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" "$ROOT/scripts/common.sh"; echo "$ODOO_SRC")"
    stamp="$(printf '%s' "$stamp_src" | sha1sum | cut -d' ' -f1)"
    if [ -x "$PY" ] && [ "$(cat "$VENV/.iki-stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    say "Preparing the Python environment in $VENV (a few minutes the first time)"
    [ -x "$PY" ] || "$PYTHON311" -m venv "$VENV" || die "Could not create a virtualenv: install the venv module of Python 3.11 (e.g. 'apt-get install python3.11-venv')."
    local cons="$STATE/pip-constraints.txt" reqs="$STATE/odoo-requirements.txt"
    echo 'setuptools<70' > "$cons"
    # cbor2 5.4.2 needs pkg_resources; python-ldap needs LDAP headers and only auth_ldap uses it.
    sed -e 's/^cbor2==5\.4\.2/cbor2==5.6.5/' -e '/^python-ldap/d' "$ODOO_SRC/requirements.txt" > "$reqs"
    export PIP_CONSTRAINT="$cons" PIP_DISABLE_PIP_VERSION_CHECK=1
    "$PY" -m pip install -q 'setuptools<70' wheel || die "pip could not install setuptools: check the network access to the Python package index."
    "$PY" -m pip install -q -r "$reqs" || die "pip could not install Odoo's requirements (see above): fix the network or the listed package and run again."
    "$PY" -m pip install -q --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat \
        || die "pip could not install Odoo from $ODOO_SRC (see above)."
    "$PY" -m pip install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt" \
        || die "pip could not install the addons' dependencies (see above)."
    "$PY" -c "import odoo.cli, odoo.addons.payroll, odoo.addons.report_xlsx" \
        || die "Odoo or the OCA addons do not import from $VENV: delete $VENV and run again."
    echo "$stamp" > "$VENV/.iki-stamp"
}

need_postgres() {
    command -v pg_isready >/dev/null || die "PostgreSQL 15 is required: install it (e.g. 'apt-get install postgresql-15')."
    if ! pg_isready -q; then
        say "Starting PostgreSQL"
        if [ "$(id -u)" = 0 ]; then
            service postgresql start >/dev/null 2>&1 || pg_ctlcluster 15 main start || true
        else
            sudo -n service postgresql start >/dev/null 2>&1 || true
        fi
        for _ in $(seq 1 20); do pg_isready -q && break; sleep 0.5; done
        pg_isready -q || die "PostgreSQL does not start: start it yourself ('service postgresql start') and run again."
    fi
    local me
    me="$(id -un)"
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        say "Creating the PostgreSQL superuser role '$me'"
        if [ "$(id -u)" = 0 ]; then
            su postgres -c "createuser -s '$me'" >/dev/null 2>&1 || true
        else
            sudo -n -u postgres createuser -s "$me" >/dev/null 2>&1 || true
        fi
        psql -d postgres -tAc 'select 1' >/dev/null 2>&1 \
            || die "Cannot connect to PostgreSQL as '$me': create the role with 'sudo -u postgres createuser -s $me'."
    fi
}

need_chromium() {
    if command -v chromium >/dev/null; then return; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing Debian's chromium for the browser tours"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || die "Could not install chromium: run 'apt-get install chromium' and run again."
    else
        die "The browser tours need Chromium: install it ('sudo apt-get install chromium') and run again."
    fi
}

# Write an Odoo configuration file for database $1 and print its path.
odoo_conf() {
    local db="$1" conf="$STATE/odoo-$1.conf"
    cat > "$conf" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$ROOT
data_dir = $STATE/filestore
db_name = $db
dbfilter = ^$db\$
list_db = False
http_port = ${IKI_HTTP_PORT:-8069}
without_demo = all
log_level = info
max_cron_threads = 1
CONF
    echo "$conf"
}

odoo_bin() { "$PY" "$ODOO_SRC/odoo-bin" "$@"; }
