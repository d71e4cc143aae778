#!/usr/bin/env bash
# Benchmark the monthly appraisal cycle at several sizes (not a timed test): for each size a
# fresh database with the addons, a synthetic province (data/synthetic.py) with every appraisal
# submitted, then, each in a fresh Odoo process as an HR officer: approve all appraisals in one
# batch, close the month. Prints time, SQL queries and peak memory per step, side by side.
#
#   IKI_BENCH_SIZES   sizes (employees), default "1000 10000"
#   IKI_BENCH_ADDONS  addons to install, default both (iki_performance alone when iki_tukin
#                     does not install)
#   IKI_BENCH_QUERIES=1  also print the most frequent SQL statements of each step
#   IKI_BENCH_PROFILE=1  also write a cProfile file per step (.state/bench-<N>-<step>.prof)
# The databases (iki_bench_<N>) are kept for inspection and dropped by the next run.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_venv
need_postgres
cd "$ROOT"

SIZES="${IKI_BENCH_SIZES:-1000 10000}"
ADDONS="${IKI_BENCH_ADDONS:-$IKI_ADDONS}"
export IKI_DATA_DIR="$ROOT/data"
outputs=()

install_addons() {  # db conf addons log
    odoo_bin -c "$2" -d "$1" -i "$3" --stop-after-init --without-demo=all \
        --log-level=warn --logfile="$4"
}

fresh_db() {  # db
    dropdb --if-exists "$1" >/dev/null 2>&1 || true
    rm -rf "$STATE/filestore/filestore/$1"
}

for n in $SIZES; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "IKI_BENCH_SIZES must list whole numbers, not '$n'."
    DB="iki_bench_$n"
    CONF="$(odoo_conf "$DB")"
    LOG="$STATE/bench-install-$DB.log"
    OUT="$STATE/bench-$n.json"
    rm -f "$OUT"
    fresh_db "$DB"
    say "N=$n: installing $ADDONS into the fresh database $DB"
    if ! install_addons "$DB" "$CONF" "$ADDONS" "$LOG"; then
        if [ "$ADDONS" != "iki_performance" ]; then
            say "N=$n: $ADDONS did not install (see $LOG); benchmarking iki_performance alone"
            fresh_db "$DB"
            install_addons "$DB" "$CONF" iki_performance "$LOG" \
                || die "Installing iki_performance failed: see $LOG."
        else
            die "Installing iki_performance failed: see $LOG."
        fi
    fi
    for phase in generate approve close; do
        say "N=$n: $phase"
        IKI_BENCH_N="$n" IKI_BENCH_OUT="$OUT" IKI_BENCH_PHASE="$phase" \
            odoo_bin shell -c "$CONF" -d "$DB" --no-http --log-level=warn \
            --logfile="$STATE/bench-$DB.log" < data/bench.py \
            || die "The $phase phase of N=$n failed: see above and $STATE/bench-$DB.log."
    done
    outputs+=("$OUT")
done

"$PY" data/bench.py "${outputs[@]}"
