#!/usr/bin/env bash
# Benchmark the monthly appraisal cycle at several sizes (not a timed test): for each size a
# fresh database with the addons, a synthetic province (data/synthetic.py), then, each in a
# fresh Odoo process as an HR officer: open the month (its appraisals created), and after every
# appraisal is submitted and rated (not measured), approve all appraisals in one batch, close
# the month. With iki_tukin, then a month of attendance and, each in a fresh
# process as a payroll officer: the discipline days of the month, the Tukin sheets, their
# confirmation, a payslip batch without and one with the Tukin rules (data/bench.py).
# Prints time, SQL queries and peak memory per step, side by side.
#
#   IKI_BENCH_SIZES   sizes (employees), default "1000 10000"
#   IKI_BENCH_ADDONS  addons to install, default both (iki_performance alone when iki_tukin
#                     does not install)
#   IKI_BENCH_QUERIES=1  also print the most frequent SQL statements of each step
#   IKI_BENCH_PROFILE=1  also write a cProfile file per step (.state/bench-<N>-<step>.prof)
#   IKI_BENCH_DB_PREFIX  database name prefix, default "iki_bench_"
#   IKI_BENCH_PAYSLIP_RUNS  runs of each payslip batch, alternately without and with Tukin,
#                     default 3: all but the last are rolled back; the report takes the median
# The databases (iki_bench_<N>) are kept for inspection and dropped by the next run.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_venv
need_postgres
cd "$ROOT"

SIZES="${IKI_BENCH_SIZES:-1000 10000}"
ADDONS="${IKI_BENCH_ADDONS:-$IKI_ADDONS}"
PREFIX="${IKI_BENCH_DB_PREFIX:-iki_bench_}"
[[ "$PREFIX" =~ ^[a-z][a-z0-9_]*$ ]] || die "IKI_BENCH_DB_PREFIX must be lower-case letters, digits and _, not '$PREFIX'."
APPRAISAL_PHASES="generate open submit approve close"
RUNS="${IKI_BENCH_PAYSLIP_RUNS:-3}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "IKI_BENCH_PAYSLIP_RUNS must be a whole number >= 1, not '$RUNS'."
TUKIN_PHASES="tukin_data discipline sheets confirm payroll_data"
for ((run = 1; run < RUNS; run++)); do
    TUKIN_PHASES="$TUKIN_PHASES payslips_plain:trial payslips_tukin:trial"
done
TUKIN_PHASES="$TUKIN_PHASES payslips_plain payslips_tukin"
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
    DB="$PREFIX$n"
    CONF="$(odoo_conf "$DB")"
    LOG="$STATE/bench-install-$DB.log"
    OUT="$STATE/bench-$n.json"
    [ "$PREFIX" = iki_bench_ ] || OUT="$STATE/bench-$DB.json"
    rm -f "$OUT"
    fresh_db "$DB"
    say "N=$n: installing $ADDONS into the fresh database $DB"
    phases="$APPRAISAL_PHASES"
    [[ ",$ADDONS," == *,iki_tukin,* ]] && phases="$phases $TUKIN_PHASES"
    if ! install_addons "$DB" "$CONF" "$ADDONS" "$LOG"; then
        if [ "$ADDONS" != "iki_performance" ]; then
            say "N=$n: $ADDONS did not install (see $LOG); benchmarking iki_performance alone"
            fresh_db "$DB"
            phases="$APPRAISAL_PHASES"
            install_addons "$DB" "$CONF" iki_performance "$LOG" \
                || die "Installing iki_performance failed: see $LOG."
        else
            die "Installing iki_performance failed: see $LOG."
        fi
    fi
    for item in $phases; do
        phase="${item%%:*}"
        trial=0
        [ "$item" = "$phase" ] || trial=1
        say "N=$n: $phase$([ "$trial" = 0 ] || echo " (trial run, rolled back)")"
        if [[ "$phase" == payslips_* ]]; then
            # Each run starts from the same clean tables: a rolled-back run leaves 60,000 dead
            # payslip lines at N=10,000 that the next run would scan (autovacuum's job live).
            psql -q -d "$DB" -c "VACUUM ANALYZE hr_payslip_line, hr_payslip, iki_tukin_sheet" \
                || die "VACUUM of $DB failed."
        fi
        IKI_BENCH_N="$n" IKI_BENCH_OUT="$OUT" IKI_BENCH_PHASE="$phase" IKI_BENCH_TRIAL="$trial" \
            odoo_bin shell -c "$CONF" -d "$DB" --no-http --log-level=warn \
            --logfile="$STATE/bench-$DB.log" < data/bench.py \
            || die "The $phase phase of N=$n failed: see above and $STATE/bench-$DB.log."
    done
    outputs+=("$OUT")
done

"$PY" data/bench.py "${outputs[@]}"
