"""Database-free tests of the iki_performance engine (domain brief sections 3, 4 and 5).

Expected values are written as the brief's formulas. Run with
``.venv/bin/python -m pytest -q -p no:odoo tests/test_engine_performance.py``.
"""

import ast
import dataclasses
from pathlib import Path

import pytest
from engine_loader import load_engine
from hypothesis import assume, given
from hypothesis import strategies as st

engine = load_engine("iki_performance")
C = engine.constants

achievement = engine.achievement
nilai_capaian = engine.nilai_capaian
plan_achievement = engine.plan_achievement
work_rating = engine.work_rating
behaviour_rating = engine.behaviour_rating
quadrant_predicate = engine.quadrant_predicate
numeric_final_score = engine.numeric_final_score
numeric_predicate = engine.numeric_predicate
rating_score = engine.rating_score
unit_predicate = engine.unit_predicate
rollup = engine.rollup
annual_achievement = engine.annual_achievement
check_distribution = engine.check_distribution
round_half_up = engine.round_half_up
Rules = engine.Rules
DEFAULT_RULES = engine.DEFAULT_RULES

POS, NEG, RANGE, BOOL = (
    C.POLARITY_POSITIVE,
    C.POLARITY_NEGATIVE,
    C.POLARITY_RANGE,
    C.POLARITY_BOOLEAN,
)
ABOVE, MEETS, BELOW = C.RATING_ABOVE, C.RATING_MEETS, C.RATING_BELOW
SB, B, BP, K, SK = C.PREDICATES
U_IST, U_B, U_BP, U_K, U_SK = C.UNIT_PREDICATES
UTAMA, TAMBAHAN = C.LINE_KIND_UTAMA, C.LINE_KIND_TAMBAHAN
PREDICATE_ORDER = {code: i for i, code in enumerate(C.PREDICATES)}  # 0 = best

# -- Constants -------------------------------------------------------------------------------------


def test_selection_keys():
    assert C.POLARITIES == ("positive", "negative", "range", "boolean")
    assert C.RATINGS == ("above", "meets", "below")
    assert C.PREDICATES == ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
    assert C.UNIT_PREDICATES == ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
    assert C.LINE_KINDS == ("utama", "tambahan")
    assert C.BERAKHLAK == (
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    )
    for keys, labels in [
        (C.POLARITIES, C.POLARITY_LABELS),
        (C.RATINGS, C.RATING_LABELS),
        (C.PREDICATES, C.PREDICATE_LABELS),
        (C.UNIT_PREDICATES, C.UNIT_PREDICATE_LABELS),
        (C.LINE_KINDS, C.LINE_KIND_LABELS),
        (C.BERAKHLAK, C.BERAKHLAK_LABELS),
    ]:
        assert tuple(labels) == keys


def test_engine_does_not_import_odoo():
    """No module of either engine imports Odoo (checked on the source, whatever is loaded)."""
    root = Path(__file__).resolve().parent.parent
    sources = sorted((root / "iki_performance" / "engine").glob("*.py"))
    sources += sorted((root / "iki_tukin" / "engine").glob("*.py"))
    assert len(sources) > 4
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not any(n == "odoo" or n.startswith("odoo.") for n in names), source


# -- Rules -----------------------------------------------------------------------------------------


def test_rules_defaults():
    r = DEFAULT_RULES
    assert r.cap == 120.0
    assert r.tambahan_bonus_max == 10.0
    assert (r.work_above_threshold, r.work_meets_threshold) == (110.0, 90.0)
    assert (r.numeric_skp_weight, r.behaviour_weight) == (70.0, 30.0)
    assert (C.SKP_WEIGHT_SUPERVISOR, C.SKP_WEIGHT_MULTI_RATER) == (70.0, 60.0)
    assert (
        r.numeric_sangat_baik_min,
        r.numeric_baik_min,
        r.numeric_butuh_perbaikan_min,
        r.numeric_kurang_min,
    ) == (110.0, 90.0, 70.0, 50.0)
    unit = (r.unit_istimewa_min, r.unit_baik_min, r.unit_butuh_perbaikan_min, r.unit_kurang_min)
    assert unit == (110.0, 90.0, 70.0, 50.0)
    assert (r.nilai_max, r.nilai_full_target) == (120.0, 100.0)
    assert len(r.distribution) == 11


def test_rules_distribution_table():
    table = {
        u: [(d.rule, d.predicates, d.limit) for d in DEFAULT_RULES.distribution_for(u)]
        for u in C.UNIT_PREDICATES
    }
    assert table == {
        U_IST: [("max_share", (SB,), 70)],
        U_B: [("max_share", (B,), 70), ("min_count", (BP, K), 1)],
        U_BP: [("min_share", (BP,), 60), ("max_share", (SB,), 10)],
        U_K: [("min_share", (K,), 60), ("min_share", (BP,), 10), ("max_share", (SB,), 10)],
        U_SK: [("min_share", (SK,), 60), ("min_share", (K, BP), 10), ("none_allowed", (SB,), 0)],
    }


def test_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES.cap = 100.0


def test_rules_replace():
    rules = dataclasses.replace(DEFAULT_RULES, cap=None, work_above_threshold=105.0)
    assert rules.cap is None
    assert work_rating(105, rules=rules) == ABOVE


@pytest.mark.parametrize(
    "changes",
    [
        {"cap": 0.0},
        {"cap": -1.0},
        {"tambahan_bonus_max": -1.0},
        {"work_meets_threshold": 111.0},
        {"numeric_skp_weight": 101.0},
        {"numeric_skp_weight": -1.0},
        {"numeric_baik_min": 111.0},
        {"unit_kurang_min": 95.0},
        {"rating_score_below": 101.0},
        {"nilai_bands": ()},
        {"nilai_bands": (C.NilaiBand(10.0, 0.0, 1.0),)},
        {"nilai_bands": (C.NilaiBand(0.0, 0.0, 1.0), C.NilaiBand(0.0, 5.0, 1.0))},
        {"nilai_bands": (C.NilaiBand(0.0, 0.0, -1.0),)},
        {"nilai_max": 0.0},
    ],
)
def test_rules_refuse_inconsistent_values(changes):
    with pytest.raises(ValueError):
        dataclasses.replace(DEFAULT_RULES, **changes)


@pytest.mark.parametrize(
    "args",
    [
        ("unknown", "max_share", (SB,), 70.0),
        (U_IST, "unknown", (SB,), 70.0),
        (U_IST, "max_share", (), 70.0),
        (U_IST, "max_share", ("unknown",), 70.0),
        (U_IST, "max_share", (SB,), 170.0),
        (U_IST, "min_count", (SB,), -1.0),
    ],
)
def test_distribution_rule_refuses_invalid(args):
    with pytest.raises(ValueError):
        C.DistributionRule(*args)


def test_distribution_for_unknown_unit_predicate():
    with pytest.raises(ValueError):
        DEFAULT_RULES.distribution_for("unknown")


# -- Section 3: achievement of one indicator -------------------------------------------------------


def test_positive():
    assert achievement(80, 100) == pytest.approx(80 / 100 * 100)
    assert achievement(45, 50, POS) == pytest.approx(45 / 50 * 100)
    assert achievement(0, 50, POS) == 0.0


def test_positive_cap():
    assert achievement(150, 100) == 120.0
    assert achievement(150, 100, cap=None) == pytest.approx(150 / 100 * 100)
    assert achievement(150, 100, cap=130.0) == 130.0
    assert achievement(120, 100) == pytest.approx(120.0)


def test_negative_example():
    # Brief: negative, target 7, R 6.5 -> 107.1
    assert achievement(6.5, 7, NEG) == pytest.approx((2 - 6.5 / 7) * 100)
    assert round_half_up(achievement(6.5, 7, NEG), 1) == 107.1


def test_negative():
    assert achievement(7, 7, NEG) == pytest.approx(100.0)
    assert achievement(14, 7, NEG) == 0.0  # (2 - 2) * 100
    assert achievement(21, 7, NEG) == 0.0  # (2 - 3) * 100 floored at 0
    assert achievement(0, 7, NEG) == 120.0  # 200 capped
    assert achievement(0, 7, NEG, cap=None) == pytest.approx((2 - 0 / 7) * 100)


def test_negative_zero_target():
    assert achievement(0, 0, NEG) == 100.0
    assert achievement(1, 0, NEG) == 0.0
    assert achievement(0.001, 0, NEG) == 0.0


def test_range_example():
    # Brief: positive, range 80-90, R 70 -> 87.5
    assert achievement(70, 80, RANGE, 90) == pytest.approx(70 / 80 * 100)
    assert achievement(70, 80, RANGE, 90) == pytest.approx(87.5)


@pytest.mark.parametrize("realization", [80, 85, 90])
def test_range_inside(realization):
    assert achievement(realization, 80, RANGE, 90) == 100.0


def test_range_above_and_degenerate():
    assert achievement(99, 80, RANGE, 90) == pytest.approx(99 / 90 * 100)
    assert achievement(200, 80, RANGE, 90) == 120.0
    assert achievement(200, 80, RANGE, 90, cap=None) == pytest.approx(200 / 90 * 100)
    assert achievement(5, 5, RANGE, 5) == 100.0
    assert achievement(0, 0, RANGE, 5) == 100.0
    assert achievement(6, 0, RANGE, 5) == pytest.approx(6 / 5 * 100)


@pytest.mark.parametrize("realization", [True, 1, 1.0, 0.5, 3])
def test_boolean_done(realization):
    assert achievement(realization, 1, BOOL) == 100.0
    assert achievement(realization, None, BOOL) == 100.0  # target ignored


@pytest.mark.parametrize("realization", [False, 0, 0.0])
def test_boolean_not_done(realization):
    assert achievement(realization, 1, BOOL) == 0.0


def test_boolean_respects_cap():
    assert achievement(True, 1, BOOL, cap=90.0) == 90.0


def test_target_max_ignored_outside_range():
    assert achievement(80, 100, POS, target_max=0.0) == pytest.approx(80.0)
    assert achievement(80, 100, NEG, target_max=5.0) == pytest.approx((2 - 80 / 100) * 100)


def test_positive_zero_target_is_refused():
    with pytest.raises(ValueError, match="zero target"):
        achievement(5, 0, POS)


def test_positive_zero_target_is_refused_even_with_zero_realisation():
    with pytest.raises(ValueError, match="zero target"):
        achievement(0, 0, POS)


def test_range_min_above_max_is_refused():
    with pytest.raises(ValueError, match="greater than its maximum"):
        achievement(70, 90, RANGE, 80)


def test_range_without_max_is_refused():
    with pytest.raises(ValueError, match="maximum is missing"):
        achievement(70, 80, RANGE)


def test_range_zero_max_is_refused():
    with pytest.raises(ValueError, match="above zero"):
        achievement(0, 0, RANGE, 0)


@pytest.mark.parametrize(
    "args",
    [
        (-1, 10, POS),
        (10, -1, POS),
        (-1, 10, NEG),
        (5, -1, NEG),
        (5, 1, RANGE, -1),
        (-1, 1, RANGE, 2),
        (-1, 1, BOOL),
        (None, 10, POS),
        (10, None, POS),
        (None, 10, NEG),
        (None, 1, BOOL),
        (None, 80, RANGE, 90),
        (float("nan"), 10, POS),
        (10, float("inf"), POS),
        ("10", 10, POS),
        (10, 10, "unknown"),
    ],
)
def test_achievement_refusals(args):
    with pytest.raises(ValueError):
        achievement(*args)


@pytest.mark.parametrize("cap", [0, -5, float("nan")])
def test_achievement_refuses_bad_cap(cap):
    with pytest.raises(ValueError):
        achievement(1, 1, cap=cap)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.675, 2, 2.68),
        (0.125, 2, 0.13),
        (1.005, 2, 1.01),
        (-0.125, 2, -0.13),
        (2.5, 0, 3.0),
        (107.142857, 1, 107.1),
        (87.5, 2, 87.5),
    ],
)
def test_round_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_round_half_up_refuses_none():
    with pytest.raises(ValueError):
        round_half_up(None)


# -- Section 3: capaian -> nilai (0-120) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        (0, 0.0),
        (30, 30 * 49 / 59),
        (59, 59 * 49 / 59),
        (59.5, 59.5 * 49 / 59),
        (60, 50 + (60 - 60) * 19 / 19),
        (70, 50 + (70 - 60) * 19 / 19),
        (79, 50 + (79 - 60) * 19 / 19),
        (79.5, 50 + (79.5 - 60) * 19 / 19),
        (80, 70 + (80 - 80) * 19 / 19),
        (98, 70 + (98 - 80) * 19 / 19),
        (99, 70 + (99 - 80) * 19 / 19),
        (99.5, 70 + (99.5 - 80) * 19 / 19),  # 99 < C < 100 uses the 80-99 formula
        (100, 109.0),
        (100.5, 109.0),  # 100 <= C < 101 -> 109
        (101, 110 + (101 - 101) * 10 / 9),
        (105, 110 + (105 - 101) * 10 / 9),
        (109.5, 110 + (109.5 - 101) * 10 / 9),
        (110, 120.0),
        (110.5, 120.0),
        (115, 120.0),
        (500, 120.0),
    ],
)
def test_nilai_capaian(capaian, expected):
    assert nilai_capaian(capaian) == pytest.approx(expected)


def test_nilai_capaian_examples():
    assert nilai_capaian(98) == pytest.approx(88.0)
    assert nilai_capaian(115) == 120.0


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [(100, 120.0), (100.5, 120.0), (105, 120.0), (99, 70 + (99 - 80) * 19 / 19)],
)
def test_nilai_capaian_target_is_max(capaian, expected):
    assert nilai_capaian(capaian, target_is_max=True) == pytest.approx(expected)


@pytest.mark.parametrize("capaian", [-1, None, float("nan"), "98"])
def test_nilai_capaian_refusals(capaian):
    with pytest.raises(ValueError):
        nilai_capaian(capaian)


def test_nilai_capaian_custom_bands():
    rules = dataclasses.replace(
        DEFAULT_RULES, nilai_bands=(C.NilaiBand(0.0, 0.0, 1.0),), nilai_max=100.0
    )
    assert nilai_capaian(42, rules=rules) == 42.0
    assert nilai_capaian(150, rules=rules) == 100.0


# -- Section 3: plan achievement -------------------------------------------------------------------


def test_plan_weighted_average():
    lines = [(100, 60, UTAMA), (80, 40, UTAMA)]
    assert plan_achievement(lines) == pytest.approx((100 * 60 + 80 * 40) / (60 + 40))


def test_plan_weights_need_not_sum_to_100():
    lines = [(100, 1, UTAMA), (50, 3, UTAMA)]
    assert plan_achievement(lines) == pytest.approx((100 * 1 + 50 * 3) / (1 + 3))


def test_plan_caps_lines_before_aggregation():
    lines = [(150, 50, UTAMA), (90, 50, UTAMA)]
    assert plan_achievement(lines) == pytest.approx((120 * 50 + 90 * 50) / 100)
    assert plan_achievement(lines, cap=None) == pytest.approx((150 * 50 + 90 * 50) / 100)


def test_plan_accepts_mappings_and_pairs():
    lines = [
        {"achievement": 100, "weight": 60, "kind": UTAMA},
        {"achievement": 80, "weight": 40},  # kind defaults to utama
        (100, 0, TAMBAHAN),
    ]
    assert plan_achievement(lines) == pytest.approx((100 * 60 + 80 * 40) / 100 + 10)
    assert plan_achievement([(90, 1)]) == pytest.approx(90.0)


def test_plan_empty_or_zero_weight():
    assert plan_achievement([]) == 0.0
    assert plan_achievement([(100, 0, UTAMA)]) == 0.0


def test_plan_only_tambahan_lines():
    assert plan_achievement([(100, 0, TAMBAHAN)]) == pytest.approx(0.0 + 10.0)


@pytest.mark.parametrize(
    ("tambahan", "bonus"),
    [
        ([(100, 0, TAMBAHAN)], 10 * 100 / 100),
        ([(50, 0, TAMBAHAN)], 10 * 50 / 100),
        ([(150, 0, TAMBAHAN)], 10.0),  # capped at 120, bonus at most 10
        ([(0, 0, TAMBAHAN)], 0.0),
        ([(80, 1, TAMBAHAN), (40, 3, TAMBAHAN)], 10 * ((80 * 1 + 40 * 3) / 4) / 100),
        ([(80, 0, TAMBAHAN), (40, 0, TAMBAHAN)], 10 * ((80 + 40) / 2) / 100),  # equal weights
    ],
)
def test_plan_tambahan_bonus(tambahan, bonus):
    base = [(95, 100, UTAMA)]
    assert plan_achievement([*base, *tambahan]) == pytest.approx(95 + bonus)


def test_plan_bonus_max_parameter():
    lines = [(100, 100, UTAMA), (100, 0, TAMBAHAN)]
    assert plan_achievement(lines, bonus_max=5.0) == pytest.approx(100 + 5.0)
    assert plan_achievement(lines, bonus_max=0.0) == pytest.approx(100.0)


def test_plan_tambahan_never_lowers():
    base = [(110, 100, UTAMA)]
    assert plan_achievement([*base, (0, 100, TAMBAHAN)]) == pytest.approx(110.0)


@pytest.mark.parametrize(
    "lines",
    [
        [(100, 10, "other")],
        [(100, -1, UTAMA)],
        [(None, 10, UTAMA)],
        [(-5, 10, UTAMA)],
        [(100,)],
        [(100, 10, UTAMA, "extra")],
        [{"weight": 10}],
    ],
)
def test_plan_refusals(lines):
    with pytest.raises(ValueError):
        plan_achievement(lines)


def test_plan_refuses_negative_bonus_max():
    with pytest.raises(ValueError):
        plan_achievement([(100, 1)], bonus_max=-1)


# -- Section 2: roll-up and annual achievement -----------------------------------------------------


def test_rollup_sum():
    assert rollup([(10, 1), (20, 0), (5, 7)], "sum") == 10 + 20 + 5
    assert rollup([10, 20], "sum") == 10 + 20


def test_rollup_weighted_average():
    assert rollup([(10, 1), (20, 3)], "weighted_average") == pytest.approx((10 * 1 + 20 * 3) / 4)
    assert rollup([(10, 0), (20, 0)], "weighted_average") == pytest.approx((10 + 20) / 2)
    assert rollup([10, 20, 60], "weighted_average") == pytest.approx((10 + 20 + 60) / 3)


@pytest.mark.parametrize("method", C.ROLLUP_METHODS)
def test_rollup_empty(method):
    assert rollup([], method) == 0.0


@pytest.mark.parametrize(
    ("items", "method"),
    [([(1, 1)], "median"), ([(1, -1)], "sum"), ([(-1, 1)], "weighted_average"), ([None], "sum")],
)
def test_rollup_refusals(items, method):
    with pytest.raises(ValueError):
        rollup(items, method)


def test_annual_achievement():
    months = [100, 90, 110, 80, 95, 105, 100, 100, 120, 70, 85, 99]
    assert annual_achievement(months) == pytest.approx(sum(months) / 12)
    assert annual_achievement([87.5]) == 87.5
    assert annual_achievement(iter([100, 50])) == pytest.approx((100 + 50) / 2)


@pytest.mark.parametrize("months", [[], [100, -1], [100, None]])
def test_annual_achievement_refusals(months):
    with pytest.raises(ValueError):
        annual_achievement(months)


# -- Section 4: ratings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lines", "expected"),
    [
        (120, (), ABOVE),
        (110, (), ABOVE),
        (109.99, (), MEETS),
        (90, (), MEETS),
        (89.99, (), BELOW),
        (0, (), BELOW),
        (115, (120, 90), ABOVE),  # utama line at the meets threshold is not below
        (115, (120, 89.99), MEETS),  # one utama line below expectation blocks "above"
        (100, (120, 10), MEETS),
        (80, (120, 120), BELOW),
    ],
)
def test_work_rating(value, lines, expected):
    assert work_rating(value, lines) == expected


def test_work_rating_custom_thresholds():
    rules = dataclasses.replace(DEFAULT_RULES, work_above_threshold=100, work_meets_threshold=80)
    assert work_rating(100, rules=rules) == ABOVE
    assert work_rating(80, rules=rules) == MEETS
    assert work_rating(105, [79], rules=rules) == MEETS


@pytest.mark.parametrize("args", [(None,), (-1,), (100, [None]), (100, [-1])])
def test_work_rating_refusals(args):
    with pytest.raises(ValueError):
        work_rating(*args)


def _ratings(*levels):
    return dict(zip(C.BERAKHLAK, levels, strict=False))


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ((ABOVE,) * 7, ABOVE),
        ((MEETS,) * 7, MEETS),
        ((BELOW,) * 7, BELOW),
        ((ABOVE,) * 4 + (MEETS,) * 3, ABOVE),
        ((ABOVE,) * 4 + (MEETS,) * 2 + (BELOW,), MEETS),  # above never with a below value
        ((ABOVE,) * 6 + (BELOW,), MEETS),
        ((ABOVE,) * 3 + (MEETS,) * 3 + (BELOW,), MEETS),  # no strict majority
        ((ABOVE,) * 3 + (BELOW,) * 3 + (MEETS,), MEETS),
        ((BELOW,) * 4 + (ABOVE,) * 3, BELOW),
        ((BELOW,) * 4 + (MEETS,) * 3, BELOW),
        ((MEETS,) * 4 + (BELOW,) * 3, MEETS),
        ((ABOVE,), ABOVE),  # one given value is a majority of the given values
        ((ABOVE, MEETS), MEETS),  # tie: no strict majority
        ((BELOW, BELOW, ABOVE), BELOW),
    ],
)
def test_behaviour_rating(levels, expected):
    assert behaviour_rating(_ratings(*levels)) == expected


@pytest.mark.parametrize(
    "ratings",
    [{}, {"unknown": ABOVE}, {"akuntabel": "excellent"}, {"akuntabel": None}],
)
def test_behaviour_rating_refusals(ratings):
    with pytest.raises(ValueError):
        behaviour_rating(ratings)


@pytest.mark.parametrize(
    ("work", "behaviour", "expected"),
    [
        (ABOVE, BELOW, K),
        (ABOVE, MEETS, B),
        (ABOVE, ABOVE, SB),
        (MEETS, BELOW, K),
        (MEETS, MEETS, B),
        (MEETS, ABOVE, B),
        (BELOW, BELOW, SK),
        (BELOW, MEETS, BP),
        (BELOW, ABOVE, BP),
    ],
)
def test_quadrant_predicate(work, behaviour, expected):
    assert quadrant_predicate(work, behaviour) == expected


@pytest.mark.parametrize("args", [("best", MEETS), (MEETS, "best"), (None, MEETS)])
def test_quadrant_predicate_refusals(args):
    with pytest.raises(ValueError):
        quadrant_predicate(*args)


def test_numeric_final_score():
    assert numeric_final_score(100, 80) == pytest.approx(100 * 70 / 100 + 80 * 30 / 100)
    assert numeric_final_score(100, 80, 60.0) == pytest.approx(100 * 60 / 100 + 80 * 40 / 100)
    multi = dataclasses.replace(DEFAULT_RULES, numeric_skp_weight=C.SKP_WEIGHT_MULTI_RATER)
    assert numeric_final_score(120, 100, multi.numeric_skp_weight) == pytest.approx(
        120 * 0.6 + 100 * 0.4
    )
    assert numeric_final_score(88, 88) == pytest.approx(88.0)


@pytest.mark.parametrize("args", [(-1, 80), (100, None), (100, 80, 101), (100, 80, -1)])
def test_numeric_final_score_refusals(args):
    with pytest.raises(ValueError):
        numeric_final_score(*args)


@pytest.mark.parametrize(
    ("score", "innovation", "expected"),
    [
        (120, True, SB),
        (110, True, SB),
        (130, True, SB),
        (109.99, True, B),
        (120, False, B),
        (110, False, B),
        (90, False, B),
        (90, True, B),
        (89.99, False, BP),
        (70, False, BP),
        (69.99, False, K),
        (50, False, K),
        (49.99, False, SK),
        (0, True, SK),
    ],
)
def test_numeric_predicate_bands(score, innovation, expected):
    assert numeric_predicate(score, innovation) == expected


def test_numeric_predicate_refuses_negative():
    with pytest.raises(ValueError):
        numeric_predicate(-0.01)


def test_rating_score():
    assert rating_score(ABOVE) == 120.0
    assert rating_score(MEETS) == 100.0
    assert rating_score(BELOW) == 60.0
    rules = dataclasses.replace(DEFAULT_RULES, rating_score_meets=95.0)
    assert rating_score(MEETS, rules) == 95.0
    with pytest.raises(ValueError):
        rating_score("unknown")


# -- Section 5: unit predicate and distribution ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (130, U_IST),
        (110, U_IST),
        (109.99, U_B),
        (90, U_B),
        (89.99, U_BP),
        (70, U_BP),
        (69.99, U_K),
        (50, U_K),
        (49.99, U_SK),
        (0, U_SK),
    ],
)
def test_unit_predicate(value, expected):
    assert unit_predicate(value) == expected


def test_unit_predicate_custom_and_refusal():
    rules = dataclasses.replace(DEFAULT_RULES, unit_istimewa_min=100.0)
    assert unit_predicate(100, rules) == U_IST
    with pytest.raises(ValueError):
        unit_predicate(None)


def _only(violations):
    assert len(violations) == 1
    return violations[0]


@pytest.mark.parametrize(
    ("unit", "counts"),
    [
        (U_IST, {SB: 7, B: 3}),  # exactly 70% Sangat Baik
        (U_IST, {B: 10}),
        (U_B, {B: 7, BP: 1, SB: 2}),  # exactly 70% Baik, one Butuh Perbaikan
        (U_B, {B: 5, K: 1, SB: 4}),  # one Kurang
        (U_BP, {BP: 6, B: 3, SB: 1}),  # exactly 60% BP and 10% SB
        (U_K, {K: 6, BP: 1, B: 2, SB: 1}),
        (U_SK, {SK: 6, K: 1, B: 3}),
        (U_SK, {SK: 6, BP: 1, B: 3}),  # Butuh Perbaikan also counts
    ],
)
def test_distribution_passes(unit, counts):
    assert check_distribution(unit, counts) == []


def test_istimewa_at_most_70_percent_sangat_baik():
    v = _only(check_distribution(U_IST, {SB: 8, B: 2}))
    assert v == {
        "rule": "max_share",
        "predicates": (SB,),
        "limit": 70.0,
        "count": 8,
        "total": 10,
        "share": pytest.approx(8 / 10 * 100),
        "message": "At most 70% Sangat Baik allowed, found 8 of 10 (80.0%)",
    }


def test_baik_at_most_70_percent_baik():
    v = _only(check_distribution(U_B, {B: 8, K: 1, SB: 1}))
    assert (v["rule"], v["predicates"], v["count"], v["total"]) == ("max_share", (B,), 8, 10)
    assert v["message"] == "At most 70% Baik allowed, found 8 of 10 (80.0%)"


def test_baik_at_least_one_butuh_perbaikan_or_kurang():
    v = _only(check_distribution(U_B, {B: 5, SB: 5}))
    assert (v["rule"], v["predicates"], v["limit"], v["count"]) == ("min_count", (BP, K), 1, 0)
    assert v["message"] == "At least 1 Butuh Perbaikan or Kurang required, found 0 of 10 (0.0%)"


def test_baik_sangat_kurang_does_not_count_for_min_count():
    # The table names Butuh Perbaikan or Kurang only.
    v = _only(check_distribution(U_B, {B: 5, SB: 4, SK: 1}))
    assert v["rule"] == "min_count"


def test_baik_both_rules_violated_in_table_order():
    violations = check_distribution(U_B, {B: 10})
    assert [v["rule"] for v in violations] == ["max_share", "min_count"]


def test_butuh_perbaikan_at_least_60_percent():
    v = _only(check_distribution(U_BP, {BP: 5, B: 5}))
    assert (v["rule"], v["predicates"], v["limit"]) == ("min_share", (BP,), 60.0)
    assert v["share"] == pytest.approx(5 / 10 * 100)
    assert v["message"] == "At least 60% Butuh Perbaikan required, found 5 of 10 (50.0%)"


def test_butuh_perbaikan_at_most_10_percent_sangat_baik():
    v = _only(check_distribution(U_BP, {BP: 6, SB: 2, B: 2}))
    assert (v["rule"], v["predicates"], v["limit"], v["count"]) == ("max_share", (SB,), 10.0, 2)
    assert v["message"] == "At most 10% Sangat Baik allowed, found 2 of 10 (20.0%)"


def test_kurang_at_least_60_percent_kurang():
    v = _only(check_distribution(U_K, {K: 5, BP: 1, B: 4}))
    assert (v["rule"], v["predicates"], v["limit"]) == ("min_share", (K,), 60.0)


def test_kurang_at_least_10_percent_butuh_perbaikan():
    v = _only(check_distribution(U_K, {K: 6, B: 4}))
    assert (v["rule"], v["predicates"], v["limit"], v["count"]) == ("min_share", (BP,), 10.0, 0)
    assert v["message"] == "At least 10% Butuh Perbaikan required, found 0 of 10 (0.0%)"


def test_kurang_at_most_10_percent_sangat_baik():
    v = _only(check_distribution(U_K, {K: 6, BP: 1, SB: 2, B: 1}))
    assert (v["rule"], v["predicates"], v["count"]) == ("max_share", (SB,), 2)


def test_sangat_kurang_at_least_60_percent_sangat_kurang():
    v = _only(check_distribution(U_SK, {SK: 5, K: 1, B: 4}))
    assert (v["rule"], v["predicates"], v["limit"]) == ("min_share", (SK,), 60.0)


def test_sangat_kurang_at_least_10_percent_kurang_or_butuh_perbaikan():
    v = _only(check_distribution(U_SK, {SK: 9, B: 1}))
    assert (v["rule"], v["predicates"], v["count"]) == ("min_share", (K, BP), 0)
    assert v["message"] == "At least 10% Kurang or Butuh Perbaikan required, found 0 of 10 (0.0%)"


def test_sangat_kurang_no_sangat_baik():
    v = _only(check_distribution(U_SK, {SK: 6, K: 1, SB: 1, B: 2}))
    assert (v["rule"], v["predicates"], v["limit"], v["count"]) == ("none_allowed", (SB,), 0, 1)
    assert v["message"] == "No Sangat Baik allowed, found 1 of 10 (10.0%)"


# Every unit checked, whatever its size (the default checks from DIST_MIN_STAFF staff).
EVERY_SIZE = dataclasses.replace(DEFAULT_RULES, distribution_min_staff=1)


def test_small_unit_share_rounding():
    # 1 of 3 is 33.3%: passes "at least 10%"; 2 of 3 (66.7%) breaks "at most 10% Sangat Baik".
    assert check_distribution(U_SK, {SK: 2, K: 1}, EVERY_SIZE) == []
    v = _only(check_distribution(U_IST, {SB: 3}, EVERY_SIZE))
    assert v["message"] == "At most 70% Sangat Baik allowed, found 3 of 3 (100.0%)"


def test_distribution_checked_from_ten_staff_by_default():
    assert C.DIST_MIN_STAFF == DEFAULT_RULES.distribution_min_staff == 10
    # 9 Sangat Baik of 9 in an Istimewa unit: too small for the curve.
    assert check_distribution(U_IST, {SB: 9}) == []
    v = _only(check_distribution(U_IST, {SB: 10}))
    assert (v["count"], v["total"]) == (10, 10)
    # A Baik unit of two, nobody below Baik: not checked by default, checked from 2.
    assert check_distribution(U_B, {B: 2}) == []
    two = dataclasses.replace(DEFAULT_RULES, distribution_min_staff=2)
    assert [v["rule"] for v in check_distribution(U_B, {B: 2}, two)] == ["max_share", "min_count"]
    assert check_distribution(U_B, {B: 1}, two) == []


@pytest.mark.parametrize("value", [-1, 1.5, True, None])
def test_rules_refuse_a_bad_min_staff(value):
    with pytest.raises(ValueError):
        dataclasses.replace(DEFAULT_RULES, distribution_min_staff=value)


@pytest.mark.parametrize("unit", C.UNIT_PREDICATES)
def test_distribution_empty_unit(unit):
    assert check_distribution(unit, {}) == []
    assert check_distribution(unit, dict.fromkeys(C.PREDICATES, 0)) == []


def test_distribution_violation_keys():
    v = _only(check_distribution(U_IST, {SB: 1}, EVERY_SIZE))
    assert set(v) == {"rule", "predicates", "limit", "count", "total", "share", "message"}


def test_distribution_custom_rules():
    rules = dataclasses.replace(
        DEFAULT_RULES, distribution=(C.DistributionRule(U_IST, "max_share", (SB,), 50.0),)
    )
    assert check_distribution(U_IST, {SB: 6, B: 4}, rules)[0]["limit"] == 50.0
    assert check_distribution(U_B, {B: 10}, rules) == []


@pytest.mark.parametrize(
    ("unit", "counts"),
    [
        ("unknown", {SB: 1}),
        (U_IST, {"unknown": 1}),
        (U_IST, {SB: -1}),
        (U_IST, {SB: 1.5}),
        (U_IST, {SB: True}),
        (U_IST, {SB: None}),
    ],
)
def test_distribution_refusals(unit, counts):
    with pytest.raises(ValueError):
        check_distribution(unit, counts)


# -- Properties ------------------------------------------------------------------------------------

amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
positive_amounts = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)
caps = st.sampled_from([None, 100.0, 120.0, 150.0])
percents = st.floats(min_value=0, max_value=300, allow_nan=False)


@given(r=amounts, t=amounts, t_max=amounts, polarity=st.sampled_from(C.POLARITIES), cap=caps)
def test_prop_achievement_bounded_and_never_divides_by_zero(r, t, t_max, polarity, cap):
    refused = (polarity == POS and t == 0) or (polarity == RANGE and (t > t_max or t_max == 0))
    if refused:
        with pytest.raises(ValueError):
            achievement(r, t, polarity, t_max, cap)
        return
    result = achievement(r, t, polarity, t_max, cap)
    assert result >= 0
    if cap is not None:
        assert result <= cap


@given(r1=amounts, r2=amounts, t=positive_amounts, cap=caps)
def test_prop_positive_monotone(r1, r2, t, cap):
    low, high = sorted((r1, r2))
    assert achievement(low, t, POS, cap=cap) <= achievement(high, t, POS, cap=cap)


@given(r1=amounts, r2=amounts, t=amounts, cap=caps)
def test_prop_negative_non_increasing(r1, r2, t, cap):
    low, high = sorted((r1, r2))
    assert achievement(low, t, NEG, cap=cap) >= achievement(high, t, NEG, cap=cap)


@given(r1=amounts, r2=amounts, bounds=st.tuples(amounts, positive_amounts), cap=caps)
def test_prop_range_monotone(r1, r2, bounds, cap):
    t_min, t_max = sorted(bounds)
    assume(t_max > 0)
    low, high = sorted((r1, r2))
    assert achievement(low, t_min, RANGE, t_max, cap) <= achievement(high, t_min, RANGE, t_max, cap)


line_strategy = st.tuples(
    percents, st.floats(0, 100, allow_nan=False), st.sampled_from(C.LINE_KINDS)
)


@given(lines=st.lists(line_strategy, max_size=8), cap=st.sampled_from([100.0, 120.0, 150.0]))
def test_prop_plan_achievement_bounded(lines, cap):
    result = plan_achievement(lines, cap=cap, bonus_max=10.0)
    assert 0 <= result <= cap + 10.0 + 1e-9


@given(
    lines=st.lists(line_strategy, max_size=8),
    extra=st.lists(st.tuples(percents, st.floats(0, 100, allow_nan=False)), max_size=4),
    cap=caps,
)
def test_prop_tambahan_lines_never_lower_the_utama_result(lines, extra, cap):
    utama = [line for line in lines if line[2] == UTAMA]
    result = plan_achievement(utama + [(a, w, TAMBAHAN) for a, w in extra], cap=cap)
    assert result >= plan_achievement(utama, cap=cap)


@given(
    lines=st.lists(line_strategy, max_size=8),
    extra=st.tuples(percents, st.floats(0, 100, allow_nan=False)),
    cap=caps,
)
def test_prop_adding_a_tambahan_line_never_lowers(lines, extra, cap):
    # Adding a line to a plan without tambahan lines, or one at least as good as the current
    # tambahan lines, never lowers the result.
    def capped(value):
        return value if cap is None else min(value, cap)

    tambahan = [capped(a) for a, _, kind in lines if kind == TAMBAHAN]
    assume(not tambahan or capped(extra[0]) >= max(tambahan))
    before = plan_achievement(lines, cap=cap)
    # 1e-9: float noise of the weighted mean, far below the stored 2-decimal precision.
    assert plan_achievement([*lines, (*extra, TAMBAHAN)], cap=cap) >= before - 1e-9


def test_weaker_second_tambahan_line_lowers_the_bonus_not_the_base():
    # The bonus is a mean over the tambahan lines (brief): a weak extra line dilutes it.
    one = [(100, 100, UTAMA), (100, 1, TAMBAHAN)]
    two = [*one, (0, 1, TAMBAHAN)]
    assert plan_achievement(one) == pytest.approx(100 + 10 * 100 / 100)
    assert plan_achievement(two) == pytest.approx(100 + 10 * ((100 + 0) / 2) / 100)
    assert plan_achievement(two) >= plan_achievement(one[:1])


@given(c=percents, target_is_max=st.booleans())
def test_prop_nilai_bounded(c, target_is_max):
    assert 0 <= nilai_capaian(c, target_is_max) <= 120


@given(c1=percents, c2=percents, target_is_max=st.booleans())
def test_prop_nilai_monotone(c1, c2, target_is_max):
    # All band jumps (at 60, 100 and 101) go upward, so the conversion is non-decreasing.
    low, high = sorted((c1, c2))
    assert nilai_capaian(low, target_is_max) <= nilai_capaian(high, target_is_max)


@given(c=percents)
def test_prop_nilai_target_is_max_never_lower(c):
    assert nilai_capaian(c, target_is_max=True) >= nilai_capaian(c)


@pytest.mark.parametrize(
    ("jump", "before", "after"), [(60, 49.83, 50), (100, 90, 109), (101, 109, 110)]
)
def test_nilai_documented_jumps(jump, before, after):
    assert nilai_capaian(jump - 1e-9) == pytest.approx(before, abs=0.01)
    assert nilai_capaian(jump) == pytest.approx(after)


@given(st.dictionaries(st.sampled_from(C.BERAKHLAK), st.sampled_from(C.RATINGS), min_size=1))
def test_prop_behaviour_rating(ratings):
    result = behaviour_rating(ratings)
    assert result in C.RATINGS
    if BELOW in ratings.values():
        assert result != ABOVE


@given(s1=percents, s2=percents, innovation=st.booleans())
def test_prop_numeric_predicate_monotone(s1, s2, innovation):
    low, high = sorted((s1, s2))
    worse, better = numeric_predicate(low, innovation), numeric_predicate(high, innovation)
    assert PREDICATE_ORDER[better] <= PREDICATE_ORDER[worse]


@given(a1=percents, a2=percents)
def test_prop_work_rating_monotone(a1, a2):
    order = {ABOVE: 0, MEETS: 1, BELOW: 2}
    low, high = sorted((a1, a2))
    assert order[work_rating(high)] <= order[work_rating(low)]


@given(
    unit=st.sampled_from(C.UNIT_PREDICATES),
    counts=st.dictionaries(st.sampled_from(C.PREDICATES), st.integers(0, 50)),
)
def test_prop_distribution_consistent(unit, counts):
    violations = check_distribution(unit, counts)
    total = sum(counts.values())
    if total < DEFAULT_RULES.distribution_min_staff:
        assert violations == []
    for v in violations:
        assert v["total"] == total
        assert v["count"] == sum(counts.get(p, 0) for p in v["predicates"])
        assert v["share"] == pytest.approx(v["count"] / total * 100)
        assert f"found {v['count']} of {total}" in v["message"]
