"""Database-free tests of the iki_tukin engine (domain brief section 8).

Expected values are written as the brief's formulas. Run with
``.venv/bin/python -m pytest -q -p no:odoo tests/test_engine_tukin.py``.
"""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from engine_loader import load_engine
from hypothesis import given
from hypothesis import strategies as st

engine = load_engine("iki_tukin")
C = engine.constants
D = Decimal

round_half_up = engine.round_half_up
round_down = engine.round_down
TukinScheme = engine.TukinScheme
TukinInputs = engine.TukinInputs
DisciplineDay = engine.DisciplineDay
DisciplineFacts = engine.DisciplineFacts
LeaveItem = engine.LeaveItem
Punishment = engine.Punishment
Band = engine.Band
LeaveBand = engine.LeaveBand
CriteriaRule = engine.CriteriaRule
compute_tukin = engine.compute_tukin

INDEX = D("0.59112978")
NATIONAL = {1: D(60_000_000), 3: D(25_000_000), 7: D(6_000_000), 9: D(9_000_000)}
TABLE = {1: D(20_000_000), 3: D(9_000_000), 7: D(3_546_779), 9: D(4_000_000)}
GROSS9 = D(4_000_000)  # class 9, table mode, no criteria


def workdays(count, start=dt.date(2025, 3, 3)):
    """``count`` weekdays from ``start`` (a Monday), as a schedule would list them."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


WORKDAYS = workdays(30)


def scheme(**kw):
    kw.setdefault("base_table", TABLE)
    kw.setdefault("national_table", NATIONAL)
    return TukinScheme(**kw)


def run(scheme_kw=None, **kw):
    """``compute_tukin`` for class 9, March 2025, achievement 100 unless overridden."""
    kw.setdefault("job_class", 9)
    kw.setdefault("year", 2025)
    kw.setdefault("month", 3)
    kw.setdefault("achievement", 100)
    result = compute_tukin(TukinInputs(**kw), scheme(**(scheme_kw or {})))
    assert result.lines_total() == result.net
    return result


def day(i, *codes, absent=False, source=None):
    return DisciplineDay(WORKDAYS[i], codes, absent, source)


def absent_days(*indexes):
    return [day(i, absent=True, source=f"att-{i}") for i in indexes]


# -- Constants and package -------------------------------------------------------------------------


def test_selection_keys():
    assert C.ROUNDING_MODES == ("half_up", "down")
    assert C.BASE_MODES == ("table", "index")
    assert C.SPLIT_MODES == ("split", "whole")
    assert C.PERFORMANCE_MODES == ("proportional", "predicate")
    assert C.DEDUCTION_TARGETS == ("discipline", "whole")
    assert C.CRITERIA_MODES == ("additive", "composed")
    assert C.LATE_CODES == ("TL1", "TL2", "TL3", "TL4")
    assert C.EARLY_CODES == ("PSW1", "PSW2", "PSW3", "PSW4")
    assert C.DISCIPLINE_CODES[8:] == ("ABSENT", "LATE_SUBMISSION", "MISSING_SUBMISSION")
    assert C.DISCIPLINE_CODES[:8] == C.LATE_CODES + C.EARLY_CODES
    assert C.STOP_REASONS == ("suspension", "study_leave", "no_definitive_post", "full_month_leave")
    assert C.PREDICATES == ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
    assert tuple(C.STOP_LABELS) == C.STOP_REASONS
    assert set(C.DISCIPLINE_CODES) <= set(C.LINE_LABELS)


def test_scheme_defaults_are_the_brief():
    s = TukinScheme()
    assert (s.rounding, s.base_mode, s.criteria_mode) == ("half_up", "table", "additive")
    assert (s.split_mode, s.performance_share_pct, s.discipline_share_pct) == ("split", 60, 40)
    assert (s.performance_mode, s.deduction_target, s.lag_months) == (
        "proportional",
        "discipline",
        0,
    )
    assert [(b.code, b.min_minutes, b.max_minutes, b.pct) for b in s.late_bands] == [
        ("TL1", 1, 30, D("0.5")),
        ("TL2", 31, 60, 1),
        ("TL3", 61, 90, D("1.5")),
        ("TL4", 91, None, 2),
    ]
    assert [b.pct for b in s.early_bands] == [b.pct for b in s.late_bands]
    assert (s.absent_pct, s.absent_streak_days) == (4, 10)
    assert (s.late_submission_pct, s.missing_submission_pct) == (0, 0)
    assert dict(s.predicate_pct) == {
        "sangat_baik": 100,
        "baik": 100,
        "butuh_perbaikan": 90,
        "kurang": 85,
        "sangat_kurang": 80,
    }


def test_engine_imports_only_stdlib_and_itself():
    allowed = {"__future__", "dataclasses", "datetime", "decimal", "math", "types", "typing"}
    allowed |= {"collections"}
    for path in (Path(__file__).parent.parent / "iki_tukin" / "engine").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            assert {name.split(".")[0] for name in names} <= allowed, (path.name, names)


# -- Base amount -----------------------------------------------------------------------------------


def test_base_index_half_up():
    s = scheme(base_mode=C.BASE_INDEX, regional_index=INDEX)
    expected = round_half_up(6_000_000 * INDEX)  # 3_546_778.68
    assert engine.base_amount(7, s) == expected == D(3_546_779)


def test_base_index_round_down():
    s = scheme(base_mode=C.BASE_INDEX, regional_index=INDEX, rounding=C.ROUNDING_DOWN)
    expected = round_down(6_000_000 * INDEX)
    assert engine.base_amount(7, s) == expected == D(3_546_778)


@pytest.mark.parametrize(("rounding", "expected"), [("half_up", 500_001), ("down", 500_000)])
def test_base_index_exact_half(rounding, expected):
    s = scheme(
        base_mode=C.BASE_INDEX,
        national_table={5: 1_000_001},
        regional_index="0.5",
        rounding=rounding,
    )
    assert engine.base_amount(5, s) == expected  # 500_000.5


def test_base_table():
    assert engine.base_amount(9, scheme()) == TABLE[9]
    s = scheme(base_table={4: D("2500000.50")})
    assert engine.base_amount(4, s) == round_half_up(D("2500000.50")) == 2_500_001
    assert engine.base_amount(4, scheme(base_table={4: "2500000.50"}, rounding="down")) == 2_500_000


@pytest.mark.parametrize("base_mode", [C.BASE_TABLE, C.BASE_INDEX])
def test_missing_job_class(base_mode):
    s = scheme(base_mode=base_mode)
    with pytest.raises(engine.MissingJobClass) as caught:
        engine.base_amount(17, s)
    assert isinstance(caught.value, KeyError)
    assert caught.value.job_class == 17
    assert "17" in str(caught.value)
    with pytest.raises(KeyError):
        run({"base_mode": base_mode}, job_class=17)


# -- Criteria --------------------------------------------------------------------------------------


def test_criteria_additive():
    result = run({"base_mode": C.BASE_INDEX, "regional_index": INDEX}, job_class=7,
                 criteria=[("workload", 25), ("work condition", 20)])  # fmt: skip
    base = round_half_up(6_000_000 * INDEX)
    workload = round_half_up(base * 25 / 100)
    condition = round_half_up(base * 20 / 100)
    assert result.base == base
    assert result.criteria_amounts == (
        ("workload", 25, workload),
        ("work condition", 20, condition),
    )
    assert result.gross == base + workload + condition
    assert [line.amount for line in result.lines[:3]] == [base, workload, condition]


def test_criteria_composed():
    result = run({"criteria_mode": C.CRITERIA_COMPOSED}, criteria=[("a", 50), ("b", 60)])
    base = TABLE[9]
    assert result.gross == round_half_up(base * 50 / 100) + round_half_up(base * 60 / 100)
    assert result.lines[0].code == C.LINE_BASE
    assert result.lines[0].amount == 0
    assert result.lines[0].base_value == base


def test_criteria_composed_without_criteria_is_the_base():
    result = run({"criteria_mode": C.CRITERIA_COMPOSED})
    assert result.gross == TABLE[9]


def test_applicable_criteria():
    rules = [
        CriteriaRule("workload", 50, max_class=2),
        CriteriaRule("workload", 40, min_class=3, max_class=4),
        CriteriaRule("workload", 25, min_class=5),
        CriteriaRule("work condition", 20, post_types=frozenset({"budget_user"}), source=7),
    ]
    found = engine.applicable_criteria(rules, 3, "budget_user")
    assert [(c.name, c.pct, c.source) for c in found] == [
        ("workload", 40, None),
        ("work condition", 20, 7),
    ]
    assert [(c.name, c.pct) for c in engine.applicable_criteria(rules, 9)] == [("workload", 25)]
    assert [c.pct for c in engine.applicable_criteria(rules, 1, {"treasurer"})] == [50]
    overlapping = [*rules, CriteriaRule("workload", 10, min_class=9)]
    with pytest.raises(ValueError, match="workload"):
        engine.applicable_criteria(overlapping, 9)


# -- Split and performance -------------------------------------------------------------------------


def test_split_60_40():
    result = run(job_class=7)  # gross 3_546_779: 60 % is not a whole rupiah
    gross = TABLE[7]
    assert result.performance_part == round_half_up(gross * 60 / 100)
    assert result.discipline_part == gross - round_half_up(gross * 60 / 100)
    assert result.net == gross


def test_split_40_60():
    s = {"performance_share_pct": 40, "discipline_share_pct": 60}
    result = run(s, achievement=90, discipline=[day(0, "TL2")])
    part = round_half_up(GROSS9 * 40 / 100)
    discipline = GROSS9 - part
    assert (result.performance_part, result.discipline_part) == (part, discipline)
    assert result.performance_amount == round_half_up(part * 90 / 100)
    deduction = round_half_up(discipline * 1 / 100)
    assert result.net == round_half_up(part * 90 / 100) + discipline - deduction


def test_whole_mode():
    s = {"split_mode": C.SPLIT_WHOLE, "deduction_target": C.DEDUCTION_ON_WHOLE}
    result = run(s, achievement=80, discipline=[day(0, "TL4"), day(1, "PSW1")])
    scaled = round_half_up(GROSS9 * 80 / 100)
    assert (result.performance_part, result.discipline_part) == (GROSS9, 0)
    assert result.performance_amount == scaled
    assert result.deduction_pct == D("2.5")
    assert result.net == scaled - round_half_up(scaled * D("2.5") / 100)
    assert C.LINE_DISCIPLINE_PART not in [line.code for line in result.lines]


@pytest.mark.parametrize(("achievement", "paid"), [(0, 0), (75, 75), ("99.5", "99.5"), (100, 100)])
def test_proportional(achievement, paid):
    result = run(achievement=achievement)
    part = round_half_up(GROSS9 * 60 / 100)
    assert result.performance_factor == D(paid) / 100
    assert result.performance_amount == round_half_up(part * D(paid) / 100)
    assert result.net == result.performance_amount + GROSS9 - part


@pytest.mark.parametrize("achievement", [100, 101, 120, D("150.75")])
def test_proportional_capped_at_100(achievement):
    result = run(achievement=achievement)
    assert result.performance_factor == 1
    assert result.net == GROSS9


def test_missing_achievement():
    with pytest.raises(ValueError, match="missing result"):
        run(achievement=None)
    result = run({"missing_performance_zero": True}, achievement=None)
    assert result.performance_amount == 0
    assert result.net == GROSS9 - round_half_up(GROSS9 * 60 / 100)


@pytest.mark.parametrize(
    ("predicate", "paid"),
    [("sangat_baik", 100), ("baik", 100), ("butuh_perbaikan", 90), ("kurang", 85),
     ("sangat_kurang", 80)],
)  # fmt: skip
def test_predicate_scaling(predicate, paid):
    s = {"performance_mode": C.PERFORMANCE_PREDICATE}
    result = run(s, achievement=None, predicate=predicate, performance_source="eval-1")
    part = round_half_up(GROSS9 * 60 / 100)
    assert result.performance_amount == round_half_up(part * paid / 100)
    line = next(line for line in result.lines if line.code == C.LINE_PERFORMANCE)
    assert (line.pct, line.source) == (paid, "eval-1")
    assert line.amount == round_half_up(part * paid / 100) - part


def test_predicate_errors():
    s = scheme(performance_mode=C.PERFORMANCE_PREDICATE)
    with pytest.raises(ValueError, match="Unknown predicate"):
        engine.performance_factor(s, predicate="istimewa")
    with pytest.raises(ValueError, match="predicate"):
        engine.performance_factor(s)
    partial = scheme(performance_mode=C.PERFORMANCE_PREDICATE, predicate_pct={"baik": 100})
    with pytest.raises(ValueError, match="kurang"):
        engine.performance_factor(partial, predicate="kurang")
    assert engine.performance_factor(s, achievement=50, predicate="kurang") == D("0.85")


def test_negative_achievement():
    with pytest.raises(ValueError, match="negative"):
        engine.performance_factor(scheme(), achievement=-1)


# -- Lateness classification -----------------------------------------------------------------------

EDGES = [(0, None), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (480, 4)]
PCT = {1: D("0.5"), 2: D(1), 3: D("1.5"), 4: D(2)}


@pytest.mark.parametrize(("minutes", "band"), EDGES)
def test_classify_band_edges(minutes, band):
    assert engine.classify_late(minutes) == (f"TL{band}" if band else None)
    assert engine.classify_early(minutes) == (f"PSW{band}" if band else None)


@pytest.mark.parametrize(("minutes", "band"), [e for e in EDGES if e[1]])
@pytest.mark.parametrize("kind", ["late", "early"])
def test_deduction_at_band_edges(kind, minutes, band):
    codes = engine.day_codes(**{f"minutes_{kind}": minutes})
    assert codes == ((f"TL{band}",) if kind == "late" else (f"PSW{band}",))
    result = run(discipline=[day(0, *codes, source="att-0")])
    discipline = GROSS9 - round_half_up(GROSS9 * 60 / 100)
    assert result.deduction_pct == PCT[band]
    assert result.deduction_amount == round_half_up(discipline * PCT[band] / 100)
    assert result.net == GROSS9 - round_half_up(discipline * PCT[band] / 100)
    line = result.lines[-1]
    assert (line.code, line.date, line.pct, line.source) == (
        codes[0],
        WORKDAYS[0],
        PCT[band],
        "att-0",
    )
    assert line.amount == -result.deduction_amount


def test_day_codes_missing_check_in_out():
    assert engine.day_codes() == ()
    assert engine.day_codes(45, 10) == ("TL2", "PSW1")
    assert engine.day_codes(0, 0, has_check_in=False) == ("TL4",)
    assert engine.day_codes(5, 0, has_check_in=False) == ("TL4",)
    assert engine.day_codes(0, 0, has_check_out=False) == ("PSW4",)
    assert engine.day_codes(0, 0, False, False) == ("TL4", "PSW4")
    result = run(discipline=[day(0, *engine.day_codes(0, 0, False, False))])
    assert result.deduction_pct == 4


@pytest.mark.parametrize("minutes", [-1, D("1.5"), 30.2])
def test_classify_rejects_bad_minutes(minutes):
    with pytest.raises(ValueError, match="minutes"):
        engine.classify_late(minutes)


def test_custom_bands():
    bands = (Band("TL1", 1, 15, 1), Band("TL2", 16, None, 3))
    assert engine.classify_late(16, bands) == "TL2"
    result = run({"late_bands": bands}, discipline=[day(0, "TL2"), day(1, "TL1")])
    assert result.deduction_pct == 4
    with pytest.raises(ValueError, match="contiguous"):
        scheme(late_bands=(Band("TL1", 1, 15, 1), Band("TL2", 17, None, 3)))
    with pytest.raises(ValueError, match="open-ended"):
        scheme(late_bands=(Band("TL1", 1, 15, 1),))
    with pytest.raises(ValueError, match="unique"):
        scheme(early_bands=(Band("TL1", 1, None, 1),))


# -- Discipline deductions -------------------------------------------------------------------------


def test_absence_per_day():
    result = run(discipline=absent_days(0, 2, 4))
    discipline = GROSS9 - round_half_up(GROSS9 * 60 / 100)
    assert result.deduction_pct == 3 * 4
    assert result.deduction_amount == round_half_up(discipline * 3 * 4 / 100)
    absent = [line for line in result.lines if line.code == C.ABSENT]
    assert [(line.date, line.source) for line in absent] == [
        (WORKDAYS[0], "att-0"),
        (WORKDAYS[2], "att-2"),
        (WORKDAYS[4], "att-4"),
    ]
    assert sum(line.amount for line in absent) == -result.deduction_amount


def test_ten_consecutive_absent_days_cost_100():
    result = run(discipline=absent_days(*range(10)))  # a weekend inside: still consecutive
    assert WORKDAYS[9] - WORKDAYS[0] == dt.timedelta(days=11)
    assert result.deduction_pct == 100
    assert result.deduction_amount == result.discipline_part
    assert result.net == result.performance_amount
    streak = result.lines[-1]
    assert (streak.code, streak.pct, streak.date) == (C.ABSENT_STREAK, 100 - 10 * 4, WORKDAYS[9])


def test_nine_consecutive_absent_days_do_not():
    result = run(discipline=absent_days(*range(9)))
    assert result.deduction_pct == 9 * 4
    broken = absent_days(*range(5)) + [day(5)] + absent_days(*range(6, 11))
    assert run(discipline=broken).deduction_pct == 10 * 4


def test_absence_streak_from_previous_month():
    facts = DisciplineFacts(absent_days(0, 1, 2), absent_streak_before=7)
    assert engine.discipline_deduction(facts, scheme()).total_pct == 100
    facts = DisciplineFacts(absent_days(0, 1), absent_streak_before=7)
    assert engine.discipline_deduction(facts, scheme()).total_pct == 2 * 4


def test_streak_rule_configurable():
    assert run({"absent_streak_days": 0}, discipline=absent_days(*range(10))).deduction_pct == 40
    assert run({"absent_streak_days": 3}, discipline=absent_days(0, 1, 2)).deduction_pct == 100


def test_absent_day_codes_are_ignored():
    result = run(discipline=[day(0, "TL4", "PSW4", absent=True)])
    assert result.deduction_pct == 4


def test_deductions_capped_at_100():
    s = scheme(absent_streak_days=0)
    total, lines = engine.discipline_deduction(absent_days(*range(0, 26)), s)
    assert total == 100
    assert (lines[-1].code, lines[-1].pct) == (C.DEDUCTION_CAP, 100 - 26 * 4)
    assert sum(line.pct for line in lines) == total


def test_submission_cuts():
    facts = DisciplineFacts(late_submission=True, submission_source="log-3")
    assert engine.discipline_deduction(facts, scheme()) == (0, ())  # default: rule off
    total, lines = engine.discipline_deduction(facts, scheme(late_submission_pct=10))
    assert total == 10
    assert lines == (engine.DeductionLine(C.LATE_SUBMISSION, None, D(10), "log-3"),)
    missing = DisciplineFacts(missing_submission=True)
    assert engine.discipline_deduction(missing, scheme(missing_submission_pct=15)).total_pct == 15
    result = run({"late_submission_pct": 10}, discipline=facts)
    discipline = GROSS9 - round_half_up(GROSS9 * 60 / 100)
    assert result.net == GROSS9 - round_half_up(discipline * 10 / 100)
    with pytest.raises(ValueError, match="both late and missing"):
        DisciplineFacts(late_submission=True, missing_submission=True)


def test_deductions_on_discipline_part_vs_whole():
    facts = [day(0, "TL3"), day(1, "PSW2"), day(2, "TL1", "PSW4")]  # 1.5 + 1 + 0.5 + 2 = 5 %
    part = run(achievement=90, discipline=facts)
    whole = run({"deduction_target": C.DEDUCTION_ON_WHOLE}, achievement=90, discipline=facts)
    performance = round_half_up(round_half_up(GROSS9 * 60 / 100) * 90 / 100)
    discipline = GROSS9 - round_half_up(GROSS9 * 60 / 100)
    assert part.deduction_pct == whole.deduction_pct == 5
    assert part.deduction_amount == round_half_up(discipline * 5 / 100)
    assert whole.deduction_amount == round_half_up((performance + discipline) * 5 / 100)
    assert part.net == performance + discipline - round_half_up(discipline * 5 / 100)
    assert whole.net == performance + discipline - round_half_up(
        (performance + discipline) * 5 / 100
    )


@pytest.mark.parametrize("target", C.DEDUCTION_TARGETS)
def test_deductions_never_below_zero(target):
    result = run({"deduction_target": target}, discipline=absent_days(*range(25)))
    assert result.deduction_pct == 100
    assert result.net == (result.performance_amount if target == "discipline" else 0)
    assert result.net >= 0


def test_discipline_errors():
    with pytest.raises(ValueError, match="Unknown discipline code"):
        run(discipline=[day(0, "TL9")])
    with pytest.raises(ValueError, match="more than one"):
        run(discipline=[day(0, "TL1", "TL2")])
    with pytest.raises(ValueError, match="twice"):
        DisciplineFacts([day(0), day(0, "TL1")])
    with pytest.raises(TypeError):
        DisciplineDay("2025-03-03")


def test_tuple_days_and_unsorted_input():
    facts = DisciplineFacts([(WORKDAYS[2], ("TL1",), False), (WORKDAYS[0], (), True, "x")])
    total, lines = engine.discipline_deduction(facts, scheme())
    assert total == D("4.5")
    assert [line.code for line in lines] == [C.ABSENT, "TL1"]


# -- Leave -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("leave_type", "days", "paid"),
    [("sick", 1, 100), ("sick", 2, 100), ("sick", 3, 75), ("sick", 14, 75), ("sick", 15, 50),
     ("sick", D("2.5"), 75), ("annual", 12, 100), ("big", 20, 50), ("maternity", 22, 100)],
)  # fmt: skip
def test_leave_bands(leave_type, days, paid):
    assert engine.leave_pct(leave_type, days, scheme()) == paid


def test_leave_factor_weighted_by_days():
    factor, lines = engine.leave_factor([("sick", 3)], scheme(), 22)
    assert factor == (22 - 3 * D("0.25")) / 22
    assert [(line.leave_type, line.days, line.pct) for line in lines] == [("sick", 3, 75)]
    result = run(leaves=[LeaveItem("sick", 3, source="leave-1")], working_days=22)
    payable = round_half_up(GROSS9 * (22 - 3 * D("0.25")) / 22)
    assert result.payable_gross == payable
    assert result.performance_part == round_half_up(payable * 60 / 100)
    assert result.net == payable
    leave = next(line for line in result.lines if line.code == C.LINE_LEAVE)
    assert (leave.amount, leave.source, leave.quantity) == (payable - GROSS9, "leave-1", 3)


def test_annual_leave_paid_in_full():
    result = run(leaves=[("annual", 5)], working_days=21)
    assert result.leave_factor == 1
    assert result.net == GROSS9


def test_mixed_leave_types_and_spells():
    factor, lines = engine.leave_factor([("annual", 2), ("sick", 2), ("sick", 2)], scheme(), 20)
    assert [line.pct for line in lines] == [100, 75, 75]  # 4 sick days in the month -> 3-14 band
    assert factor == (20 - 4 * D("0.25")) / 20
    result = run(leaves=[("annual", 2), ("sick", 2), ("sick", 2)], working_days=20)
    assert result.payable_gross == round_half_up(GROSS9 * (20 - 4 * D("0.25")) / 20)


def test_leave_duration_of_the_whole_spell():
    factor, lines = engine.leave_factor([LeaveItem("sick", 2, duration_days=20)], scheme(), 20)
    assert lines[0].pct == 50
    assert factor == (20 - 2 * D("0.5")) / 20


def test_leave_errors():
    with pytest.raises(ValueError, match="Unknown leave type"):
        engine.leave_factor([("holiday", 1)], scheme(), 20)
    with pytest.raises(ValueError, match="exceed"):
        engine.leave_factor([("sick", 15), ("annual", 6)], scheme(), 20)
    with pytest.raises(ValueError, match="positive"):
        LeaveItem("sick", 0)
    with pytest.raises(ValueError, match="cannot exceed 100"):
        LeaveBand(1, None, 120)


def test_full_month_leave_stops():
    result = run(leaves=[("sick", 20)], working_days=20)
    assert result.stop_reason == C.STOP_FULL_MONTH_LEAVE
    assert result.net == 0
    paid = run({"full_month_leave_stops": False}, leaves=[("sick", 20)], working_days=20)
    assert paid.net == round_half_up(GROSS9 * (20 - 20 * D("0.5")) / 20)


def test_working_days_default_to_the_schedule():
    result = run(discipline=[day(i) for i in range(20)], leaves=[("big", 2)])
    assert result.payable_gross == round_half_up(GROSS9 * (20 - 2 * D("0.5")) / 20)


# -- Punishment ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("month", "cut"), [(2, 0), (3, 25), (5, 25), (8, 25), (9, 0), (12, 0)])
def test_punishment_six_months_from_march(month, cut):
    punishments = [(25, (2025, 3), 6)]
    assert engine.punishment_cut(punishments, 2025, month) == cut
    punishment = Punishment(2025, 3, 6, source="sk-1")
    result = run(punishments=[punishment], month=month)
    assert result.punishment_amount == round_half_up(GROSS9 * cut / 100)
    assert result.net == GROSS9 - round_half_up(GROSS9 * cut / 100)
    assert result.punishment == (punishment if cut else None)


@pytest.mark.parametrize(
    ("year", "month", "active"),
    [(2025, 10, False), (2025, 11, True), (2025, 12, True), (2026, 1, True), (2026, 4, True),
     (2026, 5, False)],
)  # fmt: skip
def test_punishment_across_year_end(year, month, active):
    assert engine.punishment_cut([Punishment(2025, 11, 6)], year, month) == (25 if active else 0)


def test_overlapping_punishments_take_the_max():
    punishments = [(25, (2025, 1), 12), (40, (2025, 3), 2), (10, (2025, 3), 12)]
    assert engine.punishment_cut(punishments, 2025, 3) == 40
    assert engine.punishment_cut(punishments, 2025, 5) == 25
    assert engine.punishment_cut(punishments, 2026, 1) == 10
    assert engine.active_punishment(punishments, 2025, 4).cut_pct == 40


def test_result_carries_the_punishment_it_applied():
    """The result names the punishment that cut the month (the largest active cut), so the
    caller stores what the engine applied instead of choosing it again."""
    mild = Punishment(2025, 1, 12, 10, source="sk-mild")
    heavy = Punishment(2025, 3, 2, 40, source="sk-heavy")
    result = run(punishments=[mild, heavy], month=3)
    assert result.punishment == heavy
    assert result.punishment_pct == heavy.cut_pct == 40
    assert result.lines[-1].source == "sk-heavy"
    assert run(punishments=[mild, heavy], month=5).punishment == mild
    assert run(punishments=[mild, heavy], year=2026, month=1).punishment is None
    stopped = run(punishments=[mild], stop_reason=C.STOP_SUSPENSION, stop_source="sk-9")
    assert stopped.punishment is None
    assert stopped.punishment_amount == 0


def test_punishment_applies_after_deductions():
    result = run(punishments=[Punishment(2025, 3, 9, source="sk-1")], discipline=[day(0, "TL2")])
    discipline = GROSS9 - round_half_up(GROSS9 * 60 / 100)
    after = GROSS9 - round_half_up(discipline * 1 / 100)
    assert result.after_deductions == after
    assert result.net == after - round_half_up(after * 25 / 100)
    line = result.lines[-1]
    assert (line.code, line.base_value, line.pct, line.source) == ("PUNISHMENT", after, 25, "sk-1")


def test_punishment_errors():
    with pytest.raises(ValueError, match="between 1 and 12"):
        Punishment(2025, 13, 6)
    with pytest.raises(ValueError, match="at least 1"):
        Punishment(2025, 3, 0)
    with pytest.raises(ValueError, match="cannot exceed 100"):
        Punishment(2025, 3, 6, 120)
    assert Punishment(2025, 3, 6).cut_pct == C.MODERATE_PUNISHMENT_PCT == 25


# -- Stop conditions -------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", C.STOP_REASONS)
def test_stop_reasons(reason):
    result = run(stop_reason=reason, stop_source="sk-9", criteria=[("workload", 25)])
    assert result.stopped
    assert result.stop_reason == reason
    assert result.net == result.gross == result.base == result.performance_amount == 0
    assert [(line.code, line.amount, line.source) for line in result.lines] == [
        (C.LINE_STOP, 0, "sk-9")
    ]


def test_unknown_stop_reason():
    with pytest.raises(ValueError, match="stop reason"):
        run(stop_reason="holiday")


# -- Whole scenarios and the lines invariant -------------------------------------------------------


@pytest.mark.parametrize(("rounding", "rnd"), [("half_up", round_half_up), ("down", round_down)])
def test_full_scenario(rounding, rnd):
    s = {
        "rounding": rounding,
        "base_mode": C.BASE_INDEX,
        "regional_index": INDEX,
        "late_submission_pct": 10,
    }
    facts = DisciplineFacts(
        [day(0, "TL1"), day(1, "TL2", "PSW3"), day(2, absent=True), day(3, "PSW4")],
        late_submission=True,
    )
    result = run(
        s,
        job_class=7,
        criteria=[("workload", 25), ("work condition", 20)],
        achievement=D("93.7"),
        discipline=facts,
        leaves=[("sick", 3)],
        working_days=21,
        punishments=[(25, (2025, 1), 6)],
    )
    base = rnd(6_000_000 * INDEX)
    gross = base + rnd(base * 25 / 100) + rnd(base * 20 / 100)
    payable = rnd(gross * (21 - 3 * D("0.25")) / 21)
    performance_part = rnd(payable * 60 / 100)
    discipline = payable - performance_part
    performance = rnd(performance_part * D("93.7") / 100)
    pct = D("0.5") + 1 + D("1.5") + 4 + 2 + 10
    after = performance + discipline - rnd(discipline * pct / 100)
    net = after - rnd(after * 25 / 100)
    assert (result.base, result.gross, result.payable_gross) == (base, gross, payable)
    assert (result.performance_amount, result.deduction_pct, result.net) == (performance, pct, net)
    assert result.lines_total() == net
    assert [line.code for line in result.lines] == [
        *("BASE", "CRITERIA", "CRITERIA", "LEAVE", "PERFORMANCE_PART", "DISCIPLINE_PART"),
        *("PERFORMANCE", "TL1", "TL2", "PSW3", "ABSENT", "PSW4", "LATE_SUBMISSION", "PUNISHMENT"),
    ]
    deduction_lines = [line for line in result.lines if line.code in C.DISCIPLINE_CODES]
    assert -sum(line.amount for line in deduction_lines) == result.deduction_amount
    for line in deduction_lines:  # each line is its share, to the rupiah
        assert abs(-line.amount - discipline * line.pct / 100) < 1
    money = [getattr(result, f) for f in ("base", "gross", "payable_gross", "performance_part")]
    money += [result.deduction_amount, result.punishment_amount, result.net]
    assert all(value == value.to_integral_value() for value in money)


# -- Validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"performance_share_pct": 70}, "add up to 100"),
        ({"performance_share_pct": -10, "discipline_share_pct": 110}, "negative"),
        ({"split_mode": C.SPLIT_WHOLE}, "whole"),
        ({"absent_pct": -1}, "negative"),
        ({"absent_pct": 101}, "cannot exceed 100"),
        ({"late_submission_pct": 150}, "cannot exceed 100"),
        ({"predicate_pct": {"baik": 110}}, "cannot exceed 100"),
        ({"predicate_pct": {"istimewa": 100}}, "Unknown predicate"),
        ({"rounding": "ceiling"}, "rounding"),
        ({"base_mode": "grade"}, "base mode"),
        ({"criteria_mode": "multiplied"}, "criteria mode"),
        ({"performance_mode": "linear"}, "performance mode"),
        ({"deduction_target": "performance"}, "deduction target"),
        ({"regional_index": 0}, "positive"),
        ({"base_table": {9: -5}}, "negative"),
        ({"lag_months": -1}, "at least 0"),
        ({"leave_table": {"sick": (LeaveBand(2, None, 50),)}}, "contiguous"),
    ],
)
def test_scheme_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        scheme(**kwargs)


def test_input_validation():
    with pytest.raises(ValueError, match="negative"):
        engine.Criterion("workload", -5)
    with pytest.raises(ValueError, match="negative"):
        Band("TL1", 1, None, -1)
    with pytest.raises(ValueError, match="between 1 and 12"):
        run(month=0)
    assert engine.Criterion("composed", 150).pct == 150  # criteria may exceed 100 %


def test_float_and_string_numbers_are_exact():
    s = scheme(base_mode=C.BASE_INDEX, regional_index=0.59112978)
    assert s.regional_index == INDEX
    assert run(achievement=99.9).performance_factor == D("0.999")


# -- Properties ------------------------------------------------------------------------------------

minutes = st.integers(0, 200)
day_spec = st.tuples(minutes, minutes, st.booleans(), st.booleans(), st.integers(0, 9))


@st.composite
def cases(draw):
    split = draw(st.sampled_from(C.SPLIT_MODES))
    share = draw(st.sampled_from([D(40), D(60), D("62.5")]))
    scheme_kw = {
        "rounding": draw(st.sampled_from(C.ROUNDING_MODES)),
        "base_mode": draw(st.sampled_from(C.BASE_MODES)),
        "regional_index": INDEX,
        "criteria_mode": draw(st.sampled_from(C.CRITERIA_MODES)),
        "split_mode": split,
        "performance_share_pct": share,
        "discipline_share_pct": 100 - share,
        "deduction_target": C.DEDUCTION_ON_WHOLE
        if split == C.SPLIT_WHOLE
        else draw(st.sampled_from(C.DEDUCTION_TARGETS)),
        "absent_streak_days": draw(st.sampled_from([0, 3, 10])),
        "late_submission_pct": draw(st.sampled_from([0, 10])),
    }
    criteria = draw(
        st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 60)), max_size=3, unique_by=str)
    )
    return {
        "scheme": scheme_kw,
        "job_class": draw(st.sampled_from(sorted(TABLE))),
        "criteria": criteria,
        "achievement": draw(st.decimals(0, 150, places=2)),
        "days": draw(st.lists(day_spec, max_size=22)),
        "late_submission": draw(st.booleans()),
        "leaves": draw(
            st.lists(st.tuples(st.sampled_from(C.LEAVE_TYPES), st.integers(1, 5)), max_size=2)
        ),
        "punished": draw(st.booleans()),
    }


def build(case, achievement=None, bump=None):
    """Run a drawn case; ``bump`` = (day index, extra minutes late)."""
    days = []
    for i, (late, early, check_in, check_out, absent) in enumerate(case["days"]):
        if bump and bump[0] == i:
            late += bump[1]
        codes = engine.day_codes(late, early, check_in, check_out)
        days.append(DisciplineDay(WORKDAYS[i], codes, absent == 0))
    return run(
        case["scheme"],
        job_class=case["job_class"],
        criteria=case["criteria"],
        achievement=case["achievement"] if achievement is None else achievement,
        discipline=DisciplineFacts(days, late_submission=case["late_submission"]),
        leaves=case["leaves"],
        working_days=22,
        punishments=[(25, (2025, 1), 6)] if case["punished"] else [],
    )


@given(case=cases())
def test_net_between_zero_and_gross_and_lines_sum(case):
    result = build(case)
    assert 0 <= result.net <= result.payable_gross <= result.gross
    assert result.lines_total() == result.net
    assert result.discipline_part >= 0
    assert result.deduction_amount <= result.deduction_base


@given(case=cases(), data=st.data())
def test_more_lateness_never_increases_net(case, data):
    case = {**case, "days": case["days"] or [(0, 0, True, True, 1)]}
    index = data.draw(st.integers(0, len(case["days"]) - 1))
    extra = data.draw(st.integers(1, 200))
    assert build(case, bump=(index, extra)).net <= build(case).net


@given(case=cases(), higher=st.decimals(0, 50, places=2))
def test_higher_achievement_never_lowers_net(case, higher):
    assert build(case, achievement=case["achievement"] + higher).net >= build(case).net
