"""Benchmark of the monthly appraisal cycle and of the Tukin/TPP month at one size (``make bench``
runs it per size).

Benchmark mode, through ``odoo-bin shell`` (the script is read from stdin, ``env`` is given),
one phase per process (``IKI_BENCH_PHASE``), results gathered in ``IKI_BENCH_OUT``::

    export IKI_BENCH_N=1000 IKI_BENCH_OUT=.state/bench-1000.json
    IKI_BENCH_PHASE=generate odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=open     odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=submit   odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=approve  odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=close    odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    # with iki_tukin installed, then:
    IKI_BENCH_PHASE=tukin_data ... discipline, sheets, confirm, payroll_data, payslips_plain,
    payslips_tukin (in this order, see PHASES)

``generate`` builds a synthetic province of ``IKI_BENCH_N`` employees (``data/synthetic.py``:
organisation, cascade, approved plans) and commits; ``submit``, after the month is opened,
enters and submits every appraisal, sets the behaviour ratings in bulk (then the compute path
runs, as after real ratings) and commits. Each measured step runs in a fresh process, as an
HR officer:

* open: the month opened with ``iki.period.create`` (``synthetic.open_month``), which creates
  its appraisals, lines and behaviour rows;
* approve: ``iki.appraisal._action_approve`` on all submitted appraisals in one batch;
* close: ``iki.period._action_close`` of the month.

The Tukin/TPP month follows, as a payroll officer (Payroll Officer (Tukin) and OCA payroll
manager). ``tukin_data`` builds the month's attendance (``synthetic.build_attendance``: a
working schedule in Asia/Jakarta, a few approved leaves, about 21 working days of check-ins
per employee) and makes sure the company has a Tukin scheme; ``payroll_data`` (after the
sheets are confirmed) builds a contract per employee, the Tukin structure of the company, a
structure with as many plain rules and one draft payslip batch per structure
(``synthetic.build_payroll``). The measured steps:

* discipline: ``iki.discipline.day._iki_store_month`` of the closed month for the month's
  employees (``iki.tukin.sheet._iki_employees_for_period``);
* sheets: ``iki.tukin.sheet._iki_generate_for_period`` of the month (which stores the discipline
  days again);
* confirm: ``iki.tukin.sheet._action_confirm`` on all the sheets of the month;
* payslips_plain / payslips_tukin: OCA ``hr.payslip.compute_sheet`` on the payslips of the
  batch without / with the Tukin rules (the batch without first: a sheet sits on one active
  payslip only, and only the Tukin batch claims the sheets). ``scripts/bench.sh`` runs the
  pair ``IKI_BENCH_PAYSLIP_RUNS`` times (default 3), every run but the last rolled back
  (``IKI_BENCH_TRIAL=1``); the report shows the median time and lists the runs.

Before each Tukin step the database is analysed (``ANALYZE``, not measured), as autovacuum
would have done in a live database: the steps follow bulk loads, and with the statistics of
before the first payslip batch the second batch took 1.23 times the first at 10,000
employees, against 1.07 times after ``ANALYZE``.

For each step it records the wall time (step and commit, which runs the pre-commit work such
as the chatter tracking), the number of SQL queries (``cr.sql_log_count`` delta: Odoo counts
every ``execute``) and the peak resident memory growth (the kernel's high-water mark
``VmHWM``, reset through ``/proc/self/clear_refs`` before the step, minus ``VmRSS`` at the
start; the ``ru_maxrss`` delta when ``clear_refs`` is not writable). Caches start empty.

``IKI_BENCH_QUERIES=1`` also prints the most frequent SQL statement patterns of each step;
``IKI_BENCH_PROFILE=1`` writes a cProfile file per step next to the JSON output.

Report mode, with a plain Python (no Odoo)::

    python data/bench.py .state/bench-1000.json .state/bench-10000.json

prints the steps of all sizes side by side, the growth of the query counts, the payslip batch
with Tukin against the one without, and whether the targets are met (exit status 1 on a miss
only with ``IKI_BENCH_STRICT=1``).
"""

import contextlib
import gc
import json
import os
import re
import resource
import statistics
import sys
import threading
import time
from collections import Counter

STEPS = ("open", "approve", "close")
TUKIN_STEPS = ("discipline", "sheets", "confirm", "payslips_plain", "payslips_tukin")
# Every phase in order; the Tukin ones need iki_tukin installed.
PHASES = (
    "generate",
    "open",
    "submit",
    "approve",
    "close",
    "tukin_data",
    "discipline",
    "sheets",
    "confirm",
    "payroll_data",
    "payslips_plain",
    "payslips_tukin",
)
STEP_LABELS = {
    "open": "open month",
    "approve": "approve",
    "close": "close",
    "discipline": "discipline days (a)",
    "sheets": "Tukin sheets (b)",
    "confirm": "confirm sheets",
    "payslips_plain": "payslips without Tukin (c)",
    "payslips_tukin": "payslips with Tukin (c)",
}
# Targets of the benchmark (issue "The monthly appraisal cycle", section 5).
CLOSE_MAX_SECONDS = 60.0
CLOSE_MAX_QUERY_GROWTH = 0.10
# Targets of the month at scale (issue "Structure and backend usability", section 6): the open
# of 10,000 employees, the query growth of approving all from the smallest to the largest size.
OPEN_MAX_SECONDS = 10.0
APPROVE_MAX_QUERY_GROWTH = 0.10
# Targets of the Tukin month (issue "iki_tukin: the monthly Tukin/TPP computation", section 6):
# discipline days and sheets of 10,000 employees together, their query growth from the
# smallest to the largest size, payslip batch with Tukin against the same batch without.
TUKIN_MAX_SECONDS = 60.0
TUKIN_MAX_QUERY_GROWTH = 0.10
PAYSLIP_MAX_TIME_RATIO = 1.15


# ----------------------------------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------------------------------
def _proc_status():
    with open("/proc/self/status") as status:
        values = dict(line.split(":", 1) for line in status)
    return {key: int(values[key].split()[0]) for key in ("VmRSS", "VmHWM")}  # kB


def _reset_peak():
    """Reset the kernel's peak RSS of this process; False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


_VALUES = re.compile(r"\((?:\s*%s\s*,?)+\)(?:\s*,\s*\((?:\s*%s\s*,?)+\))*")
_NUMBERS = re.compile(r"\b\d+\b")


def _pattern(query):
    text = query.decode() if isinstance(query, bytes) else str(query)
    text = _NUMBERS.sub("N", _VALUES.sub("(...)", " ".join(text.split())))
    return text[:160]


def measure(env, name, func, queries=False, profile_path=None, commit=True):
    """Run ``func()`` with cold caches, commit (or, for a trial run, run the pre-commit work
    and roll back), and return its figures."""
    env.invalidate_all()
    gc.collect()
    exact_peak = _reset_peak()
    rss_before = _proc_status()["VmRSS"]
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    patterns = Counter()
    thread = threading.current_thread()
    old_hooks = getattr(thread, "query_hooks", ())
    if queries:
        thread.query_hooks = (
            *old_hooks,
            lambda cr, query, params, start, delay: patterns.update([_pattern(query)]),
        )
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
    count_before = env.cr.sql_log_count
    start = time.perf_counter()
    try:
        if profiler:
            profiler.enable()
        func()
        if commit:
            env.cr.commit()  # flush, tracking and other pre-commit work, commit
        else:
            env.cr.flush()  # the same pre-commit work, then the trial is undone
            env.cr.rollback()
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_path)
        thread.query_hooks = old_hooks
    seconds = time.perf_counter() - start
    count = env.cr.sql_log_count - count_before
    if exact_peak:
        peak_mb = (_proc_status()["VmHWM"] - rss_before) / 1024
        memory_method = "VmHWM reset - VmRSS before"
    else:
        peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss_before) / 1024
        memory_method = "ru_maxrss delta"
    result = {
        "seconds": round(seconds, 2),
        "queries": count,
        "peak_mb": round(peak_mb, 1),
        "memory_method": memory_method,
    }
    print(f"[bench] {name}: {result}", flush=True)
    if queries:
        print(f"[bench] {name}: most frequent statements", flush=True)
        for pattern, number in patterns.most_common(15):
            print(f"    {number:7d}  {pattern}", flush=True)
        result["top_statements"] = patterns.most_common(15)
    return result


# ----------------------------------------------------------------------------------------------
# Benchmark mode (odoo-bin shell), one phase per process
# ----------------------------------------------------------------------------------------------
def _load(path):
    if os.path.exists(path):
        with open(path) as handle:
            return json.load(handle)
    return {}


def _save(path, state):
    with open(path, "w") as handle:
        json.dump(state, handle, indent=2, default=str)


def _synthetic():
    data_dir = os.environ.get("IKI_DATA_DIR") or os.path.join(os.getcwd(), "data")
    if data_dir not in sys.path:
        sys.path.insert(0, data_dir)
    import synthetic

    return synthetic


def generate(env, out):
    synthetic = _synthetic()
    n = int(os.environ.get("IKI_BENCH_N", "1000"))
    year = int(os.environ.get("IKI_BENCH_YEAR", "2025"))
    month = int(os.environ.get("IKI_BENCH_MONTH", "3"))
    seed = int(os.environ.get("IKI_BENCH_SEED", "1"))
    print(f"[bench] building a province of {n:,} employees", flush=True)
    start = time.perf_counter()
    province = synthetic.build_province(env, n, year=year, month=month, seed=seed, with_month=False)
    generation = _committed_seconds(env, start)
    print(f"[bench] generated in {generation} s: {province.timings}", flush=True)
    _save(
        out,
        {
            "n": n,
            "database": env.cr.dbname,
            "employees": len(province.employee_ids),
            "agencies": len(province.agency_ids),
            "units": 1
            + len(province.agency_ids)
            + len(province.division_ids)
            + len(province.section_ids),
            "indicators": sum(len(ids) for ids in province.indicator_ids.values()),
            "generation_seconds": generation,
            "generation_steps": province.timings,
            "hr_user_id": province.hr_user_id,
            "period_id": 0,  # the month is opened by the measured step "open"
            "appraisal_ids": [],
            "company_id": province.company_id,
            "year": year,
            "month": month,
            "seed": seed,
            "employee_ids": province.employee_ids,
            "steps": {},
        },
    )


def _province(synthetic, state):
    """The :class:`synthetic.Province` of the generate phase, as far as later phases need it."""
    province = synthetic.Province(n=state["n"], year=state["year"], seed=state["seed"])
    province.company_id = state["company_id"]
    province.hr_user_id = state["hr_user_id"]
    province.employee_ids = state["employee_ids"]
    province.month = state["month"]
    province.period_id = state["period_id"]
    province.appraisal_ids = state["appraisal_ids"]
    return province


def _phase(out):
    """The synthetic module, the saved state and its province, for a phase after generate."""
    synthetic = _synthetic()
    state = _load(out)
    return synthetic, state, _province(synthetic, state)


def _committed_seconds(env, start):
    """Commit the phase's work; its seconds since ``start``, to a tenth."""
    env.cr.commit()
    return round(time.perf_counter() - start, 1)


def submit(env, out):
    """Every appraisal of the opened month entered, submitted and its behaviour rated."""
    synthetic, state, province = _phase(out)
    print(f"[bench] submitting {len(province.appraisal_ids):,} appraisals", flush=True)
    start = time.perf_counter()
    synthetic.submit_month(env, province)
    synthetic.rate_behaviour(env, province)
    seconds = _committed_seconds(env, start)
    print(f"[bench] submitted in {seconds} s: {province.timings}", flush=True)
    state["submit_seconds"] = seconds
    state["submit_steps"] = province.timings
    _save(out, state)


def tukin_data(env, out):
    """The month's attendance, the payroll officer and the company's Tukin scheme."""
    synthetic, state, province = _phase(out)
    company = env["res.company"].browse(province.company_id)
    print(
        f"[bench] building the attendance of {len(province.employee_ids):,} employees", flush=True
    )
    start = time.perf_counter()
    payroll_user = synthetic.ensure_payroll_user(env, company)
    scheme = synthetic.ensure_tukin_scheme(env, company)
    attendance = synthetic.build_attendance(env, province)
    seconds = _committed_seconds(env, start)
    print(f"[bench] attendance generated in {seconds} s: {province.timings}", flush=True)
    state["tukin"] = {
        "payroll_user_id": payroll_user.id,
        "scheme_id": scheme.id,
        "calendar_id": attendance["calendar_id"],
        "attendances": attendance["attendances"],
        "leaves": attendance["leaves"],
        "generation_seconds": seconds,
        "generation_steps": province.timings,
    }
    _save(out, state)


def payroll_data(env, out):
    """Contracts, the two structures and the two draft payslip batches of the month."""
    synthetic, state, province = _phase(out)
    print(f"[bench] building the payroll of {len(province.employee_ids):,} employees", flush=True)
    start = time.perf_counter()
    payroll = synthetic.build_payroll(env, province, state["tukin"]["calendar_id"])
    seconds = _committed_seconds(env, start)
    print(f"[bench] payroll generated in {seconds} s: {province.timings}", flush=True)
    state["payroll"] = dict(payroll, generation_seconds=seconds, generation_steps=province.timings)
    _save(out, state)


# The Tukin/TPP code run by a payslip batch: the sheets linked before OCA's loop, the rule
# context of each payslip. Timed inside the batch with Tukin, as a noise-free share of it.
TUKIN_OWN_METHODS = ("_iki_tukin_link_sheets", "_iki_tukin_values")


@contextlib.contextmanager
def _timed_methods(cls, names):
    """Accumulate the wall time spent in the methods ``names`` of ``cls`` (outermost calls)."""
    totals = dict.fromkeys(names, 0.0)
    originals = {name: cls.__dict__[name] for name in names}

    def timed(name, method):
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - start

        return wrapper

    for name, method in originals.items():
        setattr(cls, name, timed(name, method))
    try:
        yield totals
    finally:
        for name, method in originals.items():
            setattr(cls, name, method)


def _step_function(env, state, step):
    """``(label, function)`` of a measured step, in ``env`` (the user who runs it)."""
    n = len(state["appraisal_ids"])
    period = env["iki.period"].browse(state["period_id"])
    if step == "open":
        synthetic = _synthetic()
        province = _province(synthetic, state)
        return f"open the month of {len(province.employee_ids):,} employees", (
            lambda: synthetic.open_month(env, province, state["month"])
        )
    if step == "approve":
        records = env["iki.appraisal"].browse(state["appraisal_ids"])
        return f"approve {len(records):,} appraisals", records._action_approve
    if step == "close":
        return f"close the month of {n:,} appraisals", period._action_close
    Sheet = env["iki.tukin.sheet"]
    if step == "discipline":

        def discipline():
            employees = Sheet._iki_employees_for_period(period)
            env["iki.discipline.day"]._iki_store_month(period, employees)

        return f"discipline days of the month ({n:,} employees)", discipline
    if step == "sheets":
        return f"Tukin sheets of the month ({n:,} employees)", (
            lambda: Sheet._iki_generate_for_period(period)
        )
    if step == "confirm":
        return f"confirm the Tukin sheets ({n:,} employees)", (
            lambda: Sheet.search([("period_id", "=", period.id)])._action_confirm()
        )
    kind = "plain" if step == "payslips_plain" else "tukin"
    slips = env["hr.payslip"].browse(state["payroll"][f"{kind}_slip_ids"])
    what = "without" if kind == "plain" else "with"
    return f"compute {len(slips):,} payslips {what} Tukin", slips.compute_sheet


def _record_results(env, state, step):
    """Facts of what a step produced (read as superuser, after the measure)."""
    env.invalidate_all()
    if step == "open":
        synthetic = _synthetic()
        period = env["iki.period"].search(
            [("company_id", "=", state["company_id"]), ("year", "=", state["year"])]
            + [("month", "=", state["month"])]
        )
        state["period_id"] = period.id
        state["appraisal_ids"] = period.appraisal_ids.sorted("id").ids
        state["appraisals"] = len(state["appraisal_ids"])
        state["appraisal_lines"] = env["iki.appraisal.line"].search_count(
            [("period_id", "=", period.id)]
        )
        state["behaviour_rows"] = env["iki.appraisal.behaviour"].search_count(
            [("appraisal_id.period_id", "=", period.id)]
        )
        state["lines_per_appraisal"] = len(synthetic.LINE_TEMPLATE)
    period = env["iki.period"].browse(state["period_id"])
    if step == "close":
        Appraisal = env["iki.appraisal"]
        domain = [("period_id", "=", state["period_id"])]
        state["period_state"] = period.state
        state["appraisal_states"] = dict(Appraisal._read_group(domain, ["state"], ["__count"]))
        state["predicates"] = {
            key or "none": value
            for key, value in Appraisal._read_group(domain, ["predicate"], ["__count"])
        }
        results = env["iki.org.result"].search(domain)
        state["org_results"] = len(results)
        state["distribution_warnings"] = sum(results.mapped("violation_count"))
    elif step == "discipline":
        Day = env["iki.discipline.day"]
        domain = [("date", ">=", period.date_start), ("date", "<=", period.date_end)]
        state["tukin"]["discipline_days"] = Day.search_count(domain)
        state["tukin"]["day_statuses"] = dict(Day._read_group(domain, ["status"], ["__count"]))
        state["tukin"]["late_codes"] = {
            code or "none": count
            for code, count in Day._read_group(domain, ["late_code"], ["__count"])
        }
        state["tukin"]["early_codes"] = {
            code or "none": count
            for code, count in Day._read_group(domain, ["early_code"], ["__count"])
        }
    elif step in ("sheets", "confirm"):
        Sheet = env["iki.tukin.sheet"]
        domain = [("period_id", "=", period.id)]
        [(count, net)] = Sheet._read_group(domain, [], ["__count", "net:sum"])
        state["tukin"]["sheets"] = count
        state["tukin"]["sheets_net"] = net
        state["tukin"]["sheet_states"] = dict(Sheet._read_group(domain, ["state"], ["__count"]))
        state["tukin"]["sheet_lines"] = env["iki.tukin.sheet.line"].search_count(
            [("sheet_id.period_id", "=", period.id)]
        )
    elif step in ("payslips_plain", "payslips_tukin"):
        kind = "plain" if step == "payslips_plain" else "tukin"
        slips = env["hr.payslip"].browse(state["payroll"][f"{kind}_slip_ids"])
        Line = env["hr.payslip.line"]
        state["payroll"][f"{kind}_states"] = dict(
            env["hr.payslip"]._read_group([("id", "in", slips.ids)], ["state"], ["__count"])
        )
        state["payroll"][f"{kind}_lines"] = Line.search_count([("slip_id", "in", slips.ids)])
        if kind == "tukin":
            [(net,)] = Line._read_group(
                [("slip_id", "in", slips.ids), ("code", "=", "TPP_NET")], [], ["total:sum"]
            )
            state["payroll"]["tukin_net"] = net
            state["payroll"]["tukin_linked"] = len(slips.filtered("iki_tukin_sheet_id"))


def measure_step(env, out, step):
    """Measure one step in this (fresh) process, commit, and record its figures.

    With ``IKI_BENCH_TRIAL=1`` the step is rolled back and only its figures are kept: the
    payslip batches are measured several times, alternately without and with Tukin, and the
    report takes the median time of the runs (single runs of two minutes on a shared
    machine vary by about 10%)."""
    state = _load(out)
    trial = os.environ.get("IKI_BENCH_TRIAL") == "1"
    queries = os.environ.get("IKI_BENCH_QUERIES") == "1"
    profile = os.environ.get("IKI_BENCH_PROFILE") == "1" and not trial
    profile_path = f"{os.path.splitext(out)[0]}-{step}.prof" if profile else None
    user_id = state["hr_user_id"] if step in STEPS else state["tukin"]["payroll_user_id"]
    if step in TUKIN_STEPS:
        # Planner statistics up to date, as autovacuum keeps them in a live database (see
        # the module docstring).
        env.cr.execute("ANALYZE")
        env.cr.commit()
    user_env = env(user=user_id, context={"tz": "UTC", "lang": "en_US"})
    label, func = _step_function(user_env, state, step)
    own = contextlib.nullcontext({})
    if step == "payslips_tukin":
        from odoo.addons.iki_tukin.models.hr_payslip import HrPayslip

        own = _timed_methods(HrPayslip, TUKIN_OWN_METHODS)
    with own as own_seconds:
        result = measure(user_env, label, func, queries, profile_path, commit=not trial)
    if own_seconds:
        result["tukin_code"] = {name: round(value, 2) for name, value in own_seconds.items()}
    trials = state.setdefault("trials", {}).setdefault(step, [])
    if trial:
        trials.append(result["seconds"])
        _save(out, state)
        return
    result["runs"] = [*trials, result["seconds"]]
    result["seconds"] = statistics.median(result["runs"])
    state["trials"].pop(step)
    state["steps"][step] = result
    _record_results(env, state, step)
    _save(out, state)


def run(env):
    n = os.environ.get("IKI_BENCH_N", "1000")
    out = os.environ.get("IKI_BENCH_OUT") or f"bench-{n}.json"
    phase = os.environ.get("IKI_BENCH_PHASE", "generate")
    if phase == "generate":
        generate(env, out)
    elif phase == "submit":
        submit(env, out)
    elif phase == "tukin_data":
        tukin_data(env, out)
    elif phase == "payroll_data":
        payroll_data(env, out)
    elif phase in STEPS + TUKIN_STEPS:
        measure_step(env, out, phase)
    else:
        raise ValueError(f"IKI_BENCH_PHASE must be one of {', '.join(PHASES)}, not {phase!r}")


# ----------------------------------------------------------------------------------------------
# Report mode (plain Python)
# ----------------------------------------------------------------------------------------------
def _verdict(ok):
    return "met" if ok else "MISSED"


def _growth_line(small, large, step, target=None):
    """Print the query growth of ``step`` from the smallest to the largest size; return
    whether it is under ``target`` (True without a target)."""
    q_small = small["steps"][step]["queries"]
    q_large = large["steps"][step]["queries"]
    ratio = q_large / q_small if q_small else float("inf")
    text = (
        f"{step} queries N={large['n']:,} / N={small['n']:,}: {q_large} / {q_small} = {ratio:.3f}"
    )
    if target is None:
        print(text)
        return True
    ok = ratio - 1 < target
    print(f"{text} (target < {1 + target:.2f}: {_verdict(ok)})")
    return ok


def report(paths):
    runs = []
    for path in paths:
        with open(path) as handle:
            runs.append(json.load(handle))
    runs.sort(key=lambda r: r["n"])
    steps = [s for s in STEPS + TUKIN_STEPS if all(s in r["steps"] for r in runs)]
    tukin = all(s in steps for s in TUKIN_STEPS)
    head = f"{'step':<28}" + "".join(f"{'N = ' + format(r['n'], ','):>28}" for r in runs)
    print()
    print("Monthly appraisal cycle benchmark (one HR officer, one batch per step)")
    if tukin:
        print("and Tukin/TPP month (one payroll officer, one batch per step)")
    print(f"{'':<28}" + "".join(f"{'time s / queries / peak MB':>28}" for _r in runs))
    print(head)
    print("-" * len(head))
    for step in steps:
        cells = []
        for r in runs:
            s = r["steps"][step]
            cells.append(f"{s['seconds']:>9.2f} s {s['queries']:>7d} q {s['peak_mb']:>6.1f} MB")
        print(f"{STEP_LABELS[step]:<28}" + "".join(f"{c:>28}" for c in cells))
    if tukin:
        cells = []
        for r in runs:
            plain, with_tukin = r["steps"]["payslips_plain"], r["steps"]["payslips_tukin"]
            cells.append(
                f"{with_tukin['seconds'] / plain['seconds']:>9.3f} x "
                f"{with_tukin['queries'] / plain['queries']:>7.3f} q {'':>9}"
            )
        print(f"{'  with / without Tukin':<28}" + "".join(f"{c:>28}" for c in cells))
    print("-" * len(head))
    info = [
        ("appraisals", lambda r: r["appraisals"]),
        ("appraisal lines", lambda r: r["appraisal_lines"]),
        ("behaviour rows", lambda r: r.get("behaviour_rows", "-")),
        ("units (org results)", lambda r: r["org_results"]),
        ("generation (s)", lambda r: r["generation_seconds"]),
        ("submit and rate (s)", lambda r: r.get("submit_seconds", "-")),
        ("month state after close", lambda r: r["period_state"]),
    ]
    if tukin:
        info += [
            ("attendances", lambda r: r["tukin"]["attendances"]),
            ("approved leaves", lambda r: r["tukin"]["leaves"]),
            ("discipline days", lambda r: r["tukin"]["discipline_days"]),
            (
                "  present/absent/leave",
                lambda r: "/".join(
                    str(r["tukin"]["day_statuses"].get(k, 0))
                    for k in ("present", "absent", "leave")
                ),
            ),
            (
                "  late TL1/TL2/TL3/TL4",
                lambda r: "/".join(
                    str(r["tukin"]["late_codes"].get(k, 0)) for k in ("TL1", "TL2", "TL3", "TL4")
                ),
            ),
            (
                "  early PSW1/2/3/4",
                lambda r: "/".join(
                    str(r["tukin"]["early_codes"].get(k, 0))
                    for k in ("PSW1", "PSW2", "PSW3", "PSW4")
                ),
            ),
            ("Tukin sheets", lambda r: r["tukin"]["sheets"]),
            ("sheet lines", lambda r: r["tukin"]["sheet_lines"]),
            ("net Tukin of the month", lambda r: f"{r['tukin']['sheets_net']:,.0f}"),
            ("payslip lines w/o Tukin", lambda r: r["payroll"]["plain_lines"]),
            ("payslip lines with Tukin", lambda r: r["payroll"]["tukin_lines"]),
            ("payslips linked to sheets", lambda r: r["payroll"]["tukin_linked"]),
            ("TPP_NET total", lambda r: f"{r['payroll']['tukin_net']:,.0f}"),
            ("Tukin data (s)", lambda r: r["tukin"]["generation_seconds"]),
            ("payroll data (s)", lambda r: r["payroll"]["generation_seconds"]),
        ]
    for label, value in info:
        print(f"{label:<28}" + "".join(f"{str(value(r)):>28}" for r in runs))
    print(f"memory: {runs[0]['steps']['close']['memory_method']}")
    ok = True
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        ok &= _growth_line(small, large, "close", CLOSE_MAX_QUERY_GROWTH)
        if small["steps"]["approve"]["queries"]:
            ok &= _growth_line(small, large, "approve", APPROVE_MAX_QUERY_GROWTH)
        if "open" in steps:
            _growth_line(small, large, "open")
        if tukin:
            for step in ("discipline", "sheets"):
                ok &= _growth_line(small, large, step, TUKIN_MAX_QUERY_GROWTH)
            for step in ("confirm", "payslips_plain", "payslips_tukin"):
                _growth_line(small, large, step)
    for r in runs:
        if r["n"] >= 10000 and "open" in r["steps"]:
            seconds = r["steps"]["open"]["seconds"]
            time_ok = seconds < OPEN_MAX_SECONDS
            ok &= time_ok
            print(
                f"open month of N={r['n']:,} in {seconds:.1f} s (target < {OPEN_MAX_SECONDS:.0f} "
                f"s: {_verdict(time_ok)})"
            )
        if r["n"] >= 10000:
            seconds = r["steps"]["close"]["seconds"]
            time_ok = seconds < CLOSE_MAX_SECONDS
            ok &= time_ok
            print(
                f"close of N={r['n']:,} in {seconds:.1f} s (target < {CLOSE_MAX_SECONDS:.0f} s: "
                f"{_verdict(time_ok)})"
            )
            if tukin:
                a, b = r["steps"]["discipline"]["seconds"], r["steps"]["sheets"]["seconds"]
                time_ok = a + b < TUKIN_MAX_SECONDS
                ok &= time_ok
                print(
                    f"discipline days + sheets of N={r['n']:,} in {a:.1f} + {b:.1f} = "
                    f"{a + b:.1f} s (target < {TUKIN_MAX_SECONDS:.0f} s: {_verdict(time_ok)})"
                )
    if tukin:
        for r in runs:
            plain, with_tukin = r["steps"]["payslips_plain"], r["steps"]["payslips_tukin"]
            ratio = with_tukin["seconds"] / plain["seconds"]
            ratio_ok = ratio <= PAYSLIP_MAX_TIME_RATIO
            ok &= ratio_ok
            print(
                f"payslips of N={r['n']:,} with / without Tukin: {with_tukin['seconds']:.1f} / "
                f"{plain['seconds']:.1f} s = {ratio:.3f} (target <= {PAYSLIP_MAX_TIME_RATIO:.2f}: "
                f"{_verdict(ratio_ok)}); queries {with_tukin['queries']} / {plain['queries']} = "
                f"{with_tukin['queries'] / plain['queries']:.3f}, "
                f"{with_tukin['queries'] - plain['queries']} queries more"
            )
            own = with_tukin.get("tukin_code")
            if own:
                total = sum(own.values())
                last = with_tukin.get("runs", [with_tukin["seconds"]])[-1]
                parts = " + ".join(f"{name} {value:.1f} s" for name, value in own.items())
                print(
                    f"  Tukin/TPP code inside the last run with Tukin: {parts} = {total:.1f} s, "
                    f"{100 * total / last:.1f}% of it"
                )
            for kind, figures in (("without", plain), ("with", with_tukin)):
                runs_s = ", ".join(f"{x:.1f}" for x in figures.get("runs", [figures["seconds"]]))
                print(f"  runs {kind} Tukin (s, median above): {runs_s}")
    return ok


if "env" in globals():
    run(env)  # noqa: F821 (given by odoo-bin shell)
elif __name__ == "__main__":
    met = report(sys.argv[1:])
    sys.exit(1 if os.environ.get("IKI_BENCH_STRICT") == "1" and not met else 0)
