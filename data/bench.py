"""Benchmark of the monthly appraisal cycle at one size (``make bench`` runs it per size).

Benchmark mode, through ``odoo-bin shell`` (the script is read from stdin, ``env`` is given),
one phase per process (``IKI_BENCH_PHASE``), results gathered in ``IKI_BENCH_OUT``::

    export IKI_BENCH_N=1000 IKI_BENCH_OUT=.state/bench-1000.json
    IKI_BENCH_PHASE=generate odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=approve  odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py
    IKI_BENCH_PHASE=close    odoo-bin shell -c <conf> -d <db> --no-http < data/bench.py

``generate`` builds a synthetic province of ``IKI_BENCH_N`` employees (``data/synthetic.py``)
with every appraisal of the month submitted, sets the behaviour ratings in bulk and commits.
Then each measured step runs in a fresh process, as an HR officer:

* approve: ``iki.appraisal._action_approve`` on all submitted appraisals in one batch;
* close: ``iki.period._action_close`` of the month.

For each step it records the wall time (step and commit, which runs the pre-commit work such
as the chatter tracking), the number of SQL queries (``cr.sql_log_count`` delta: Odoo counts
every ``execute``) and the peak resident memory growth (the kernel's high-water mark
``VmHWM``, reset through ``/proc/self/clear_refs`` before the step, minus ``VmRSS`` at the
start; the ``ru_maxrss`` delta when ``clear_refs`` is not writable). Caches start empty.

``IKI_BENCH_QUERIES=1`` also prints the most frequent SQL statement patterns of each step;
``IKI_BENCH_PROFILE=1`` writes a cProfile file per step next to the JSON output.

Report mode, with a plain Python (no Odoo)::

    python data/bench.py .state/bench-1000.json .state/bench-10000.json

prints the steps of all sizes side by side, the growth of the query counts and whether the
targets are met (exit status 1 on a miss only with ``IKI_BENCH_STRICT=1``).
"""

import gc
import json
import os
import re
import resource
import sys
import threading
import time
from collections import Counter

STEPS = ("approve", "close")
# Targets of the benchmark (issue "The monthly appraisal cycle", section 5).
CLOSE_MAX_SECONDS = 60.0
CLOSE_MAX_QUERY_GROWTH = 0.10


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


def measure(env, name, func, queries=False, profile_path=None):
    """Run ``func()`` with cold caches, commit, and return its figures."""
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
        env.cr.commit()  # flush, tracking and other pre-commit work, commit
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


def generate(env, out):
    data_dir = os.environ.get("IKI_DATA_DIR") or os.path.join(os.getcwd(), "data")
    sys.path.insert(0, data_dir)
    import synthetic

    n = int(os.environ.get("IKI_BENCH_N", "1000"))
    year = int(os.environ.get("IKI_BENCH_YEAR", "2025"))
    month = int(os.environ.get("IKI_BENCH_MONTH", "3"))
    seed = int(os.environ.get("IKI_BENCH_SEED", "1"))
    print(f"[bench] building a province of {n:,} employees", flush=True)
    start = time.perf_counter()
    province = synthetic.build_province(env, n, year=year, month=month, seed=seed)
    synthetic.rate_behaviour(env, province)
    env.cr.commit()
    generation = round(time.perf_counter() - start, 1)
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
            "appraisals": len(province.appraisal_ids),
            "appraisal_lines": len(province.appraisal_ids) * len(synthetic.LINE_TEMPLATE),
            "indicators": sum(len(ids) for ids in province.indicator_ids.values()),
            "generation_seconds": generation,
            "generation_steps": province.timings,
            "hr_user_id": province.hr_user_id,
            "period_id": province.period_id,
            "appraisal_ids": province.appraisal_ids,
            "steps": {},
        },
    )


def measure_step(env, out, step):
    """Measure one step in this (fresh) process, commit, and record its figures."""
    state = _load(out)
    queries = os.environ.get("IKI_BENCH_QUERIES") == "1"
    profile = os.environ.get("IKI_BENCH_PROFILE") == "1"
    profile_path = f"{os.path.splitext(out)[0]}-{step}.prof" if profile else None
    hr_env = env(user=state["hr_user_id"], context={"tz": "UTC", "lang": "en_US"})
    if step == "approve":
        records = hr_env["iki.appraisal"].browse(state["appraisal_ids"])
        func = records._action_approve
        label = f"approve {len(records):,} appraisals"
    else:
        records = hr_env["iki.period"].browse(state["period_id"])
        func = records._action_close
        label = f"close the month of {len(state['appraisal_ids']):,} appraisals"
    state["steps"][step] = measure(hr_env, label, func, queries, profile_path)
    if step == "close":
        env.invalidate_all()
        Appraisal = env["iki.appraisal"]
        domain = [("period_id", "=", state["period_id"])]
        state["period_state"] = env["iki.period"].browse(state["period_id"]).state
        state["appraisal_states"] = dict(Appraisal._read_group(domain, ["state"], ["__count"]))
        state["predicates"] = {
            key or "none": value
            for key, value in Appraisal._read_group(domain, ["predicate"], ["__count"])
        }
        results = env["iki.org.result"].search(domain)
        state["org_results"] = len(results)
        state["distribution_warnings"] = sum(results.mapped("violation_count"))
    _save(out, state)


def run(env):
    n = os.environ.get("IKI_BENCH_N", "1000")
    out = os.environ.get("IKI_BENCH_OUT") or f"bench-{n}.json"
    phase = os.environ.get("IKI_BENCH_PHASE", "generate")
    if phase == "generate":
        generate(env, out)
    elif phase in STEPS:
        measure_step(env, out, phase)
    else:
        raise ValueError(f"IKI_BENCH_PHASE must be generate, approve or close, not {phase!r}")


# ----------------------------------------------------------------------------------------------
# Report mode (plain Python)
# ----------------------------------------------------------------------------------------------
def report(paths):
    runs = []
    for path in paths:
        with open(path) as handle:
            runs.append(json.load(handle))
    runs.sort(key=lambda r: r["n"])
    head = f"{'step':<28}" + "".join(f"{'N = ' + format(r['n'], ','):>28}" for r in runs)
    print()
    print("Monthly appraisal cycle benchmark (one HR officer, one batch per step)")
    print(f"{'':<28}" + "".join(f"{'time s / queries / peak MB':>28}" for _r in runs))
    print(head)
    print("-" * len(head))
    for step in STEPS:
        cells = []
        for r in runs:
            s = r["steps"][step]
            cells.append(f"{s['seconds']:>9.2f} s {s['queries']:>7d} q {s['peak_mb']:>6.1f} MB")
        print(f"{step:<28}" + "".join(f"{c:>28}" for c in cells))
    print("-" * len(head))
    info = [
        ("appraisals", "appraisals"),
        ("appraisal lines", "appraisal_lines"),
        ("units (org results)", "org_results"),
        ("generation (s)", "generation_seconds"),
        ("month state after close", "period_state"),
    ]
    for label, key in info:
        print(f"{label:<28}" + "".join(f"{str(r[key]):>28}" for r in runs))
    print(f"memory: {runs[0]['steps']['close']['memory_method']}")
    ok = True
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        q_small = small["steps"]["close"]["queries"]
        q_large = large["steps"]["close"]["queries"]
        ratio = q_large / q_small if q_small else float("inf")
        growth_ok = ratio - 1 < CLOSE_MAX_QUERY_GROWTH
        ok &= growth_ok
        print(
            f"close queries N={large['n']:,} / N={small['n']:,}: {q_large} / {q_small} = "
            f"{ratio:.3f} (target < {1 + CLOSE_MAX_QUERY_GROWTH:.2f}: "
            f"{'met' if growth_ok else 'MISSED'})"
        )
        q_small = small["steps"]["approve"]["queries"]
        q_large = large["steps"]["approve"]["queries"]
        if q_small:
            print(
                f"approve queries N={large['n']:,} / N={small['n']:,}: {q_large} / {q_small} = "
                f"{q_large / q_small:.3f}"
            )
    for r in runs:
        if r["n"] >= 10000:
            seconds = r["steps"]["close"]["seconds"]
            time_ok = seconds < CLOSE_MAX_SECONDS
            ok &= time_ok
            print(
                f"close of N={r['n']:,} in {seconds:.1f} s (target < {CLOSE_MAX_SECONDS:.0f} s: "
                f"{'met' if time_ok else 'MISSED'})"
            )
    return ok


if "env" in globals():
    run(env)  # noqa: F821 (given by odoo-bin shell)
elif __name__ == "__main__":
    met = report(sys.argv[1:])
    sys.exit(1 if os.environ.get("IKI_BENCH_STRICT") == "1" and not met else 0)
