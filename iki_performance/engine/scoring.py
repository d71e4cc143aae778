"""Achievement (capaian) of indicators and plans, domain brief sections 2 and 3.

All results are unrounded floats in percent (or points); round only for display or storage,
with :func:`round_half_up`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from typing import Any

from ._checks import number
from .constants import (
    DEFAULT_RULES,
    LINE_KIND_TAMBAHAN,
    LINE_KIND_UTAMA,
    LINE_KINDS,
    POLARITIES,
    POLARITY_BOOLEAN,
    POLARITY_NEGATIVE,
    POLARITY_POSITIVE,
    ROLLUP_METHODS,
    ROLLUP_SUM,
    Rules,
)


def _check_cap(cap: float | None) -> None:
    if cap is not None and not (number(cap, "achievement cap") > 0):
        raise ValueError("The achievement cap must be positive or None")


def _apply_cap(value: float, cap: float | None) -> float:
    return value if cap is None else min(value, cap)


def round_half_up(value: float | Decimal, digits: int = 2) -> float:
    """Round ``value`` to ``digits`` decimals, halves away from zero, as a float.

    Goes through ``Decimal(str(value))`` so the decimal the user sees is rounded
    (``round_half_up(2.675) == 2.68`` while ``round(2.675, 2) == 2.67``).
    """
    if value is None:
        raise ValueError("Cannot round a missing value")
    exponent = Decimal(1).scaleb(-digits)
    return float(Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def achievement(
    realization: float,
    target: float | None,
    polarity: str = POLARITY_POSITIVE,
    target_max: float | None = None,
    cap: float | None = 120.0,
) -> float:
    """Achievement (capaian) of one indicator in percent, capped at ``cap`` (None = uncapped).

    - positive: ``R / T * 100``; ``T == 0`` is refused (ValueError).
    - negative: ``(2 - R / T) * 100`` floored at 0; ``T == 0``: ``R == 0`` -> 100, else 0.
    - range ``[target, target_max]``: inside -> 100, below -> ``R / target * 100``, above ->
      ``R / target_max * 100``; needs ``0 <= target <= target_max`` and ``target_max > 0``.
    - boolean: truthy (non-zero) realisation -> 100, else 0; ``target`` is ignored.

    ``target_max`` is ignored by the other polarities (an unset Odoo float field gives 0.0).
    Missing (None), negative, non-finite or non-numeric inputs raise ValueError.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"Unknown polarity {polarity!r}, expected one of {POLARITIES}")
    _check_cap(cap)
    if polarity == POLARITY_BOOLEAN:
        if realization is None:
            raise ValueError("The realisation is missing")
        if isinstance(realization, bool):
            done = realization
        else:
            done = number(realization, "realisation") != 0
        return _apply_cap(100.0 if done else 0.0, cap)

    r = number(realization, "realisation")
    t = number(target, "target")
    if polarity == POLARITY_POSITIVE:
        if t == 0:
            raise ValueError(
                "A positive indicator cannot have a zero target: set a target above zero "
                "or use the negative polarity for 'zero findings' targets"
            )
        result = r / t * 100.0
    elif polarity == POLARITY_NEGATIVE:
        if t == 0:
            result = 100.0 if r == 0 else 0.0
        else:
            result = max(0.0, (2.0 - r / t) * 100.0)
    else:  # range
        t_max = number(target_max, "range target maximum")
        if t > t_max:
            raise ValueError(
                f"The range target minimum ({t:g}) is greater than its maximum ({t_max:g})"
            )
        if t_max == 0:
            raise ValueError("A range target needs a maximum above zero")
        if r < t:
            result = r / t * 100.0
        elif r > t_max:
            result = r / t_max * 100.0
        else:
            result = 100.0
    return _apply_cap(result, cap)


def nilai_capaian(
    achievement: float, target_is_max: bool = False, rules: Rules = DEFAULT_RULES
) -> float:
    """Convert a capaian C (percent) to the 0-120 nilai of PermenPAN-RB 8/2021.

    Bands are continuous half-open intervals so any real C has one nilai (defaults):
    ``[0, 60)`` C*49/59; ``[60, 80)`` 50+(C-60); ``[80, 100)`` 70+(C-80), so 99 < C < 100 uses
    this band; ``[100, 101)`` 109; ``[101, 110)`` 110+(C-101)*10/9; ``>= 110`` 120.
    When ``target_is_max`` (the target is the best possible, e.g. "100% clean audit") any
    C >= 100 gives 120. The result is clamped to ``[0, rules.nilai_max]``. The conversion is
    monotone non-decreasing; it jumps upward at 60 (49.83 -> 50), 100 (90 -> 109) and
    101 (109 -> 110).
    """
    c = number(achievement, "achievement")
    if target_is_max and c >= rules.nilai_full_target:
        return rules.nilai_max
    band = next(b for b in reversed(rules.nilai_bands) if c >= b.start)
    return min(rules.nilai_max, max(0.0, band.base + (c - band.start) * band.slope))


def _plan_line(line: Any) -> tuple[float, float, str]:
    if isinstance(line, Mapping):
        values = (line.get("achievement"), line.get("weight"), line.get("kind", LINE_KIND_UTAMA))
    else:
        values = tuple(line)
        if len(values) == 2:
            values += (LINE_KIND_UTAMA,)
        if len(values) != 3:
            raise ValueError(f"A plan line is (achievement, weight[, kind]), got {line!r}")
    value, weight, kind = values
    if kind not in LINE_KINDS:
        raise ValueError(f"Unknown line kind {kind!r}, expected one of {LINE_KINDS}")
    return number(value, "line achievement"), number(weight, "line weight"), kind


def _weighted_mean(pairs: list[tuple[float, float]], equal_if_no_weight: bool) -> float:
    total_weight = math.fsum(w for _, w in pairs)
    if total_weight == 0:
        if not pairs or not equal_if_no_weight:
            return 0.0
        return math.fsum(v for v, _ in pairs) / len(pairs)
    mean = math.fsum(v * w for v, w in pairs) / total_weight
    # Keep float noise from putting the mean outside its values (e.g. 25 * w / w < 25).
    values = [v for v, w in pairs if w > 0]
    return min(max(mean, min(values)), max(values))


def plan_achievement(
    lines: Iterable[Any], cap: float | None = 120.0, bonus_max: float = 10.0
) -> float:
    """Monthly hasil kerja achievement of a plan, in percent.

    ``lines`` yields mappings ``{'achievement', 'weight', 'kind'}`` or tuples
    ``(achievement, weight[, kind])``; kind defaults to ``'utama'``.

    Result = base + bonus, where
    - base = weighted average of the utama lines' achievements, each first capped at ``cap``,
      divided by the sum of their weights (weights need not total 100); 0.0 when there is no
      utama line or their weights sum to 0;
    - bonus = ``min(bonus_max, bonus_max * M / 100)`` with M the weighted mean of the tambahan
      lines' capped achievements (equal weights when all their weights are 0); 0.0 without
      tambahan lines. A tambahan line at 100% earns the full bonus; the bonus is never negative,
      so tambahan lines never lower the result below the utama base. Being a mean, the bonus
      is diluted by a weaker extra tambahan line (100% then 0% -> 5 points instead of 10).

    The result lies in ``[0, cap + bonus_max]``.
    """
    _check_cap(cap)
    bonus_max = number(bonus_max, "tambahan bonus maximum")
    utama: list[tuple[float, float]] = []
    tambahan: list[tuple[float, float]] = []
    for line in lines:
        value, weight, kind = _plan_line(line)
        target = tambahan if kind == LINE_KIND_TAMBAHAN else utama
        target.append((_apply_cap(value, cap), weight))
    base = _weighted_mean(utama, equal_if_no_weight=False)
    bonus = 0.0
    if tambahan:
        mean = _weighted_mean(tambahan, equal_if_no_weight=True)
        bonus = min(bonus_max, bonus_max * mean / 100.0)
    return base + bonus


def rollup(values_and_weights: Iterable[Any], method: str) -> float:
    """Roll children's values up to a direct-cascade parent.

    Items are ``(value, weight)`` pairs or bare values (weight 1). ``'sum'`` adds the values
    (weights ignored); ``'weighted_average'`` averages them by weight, as a plain mean when all
    weights are 0. Empty input gives 0.0. Values and weights must be non-negative numbers.
    """
    if method not in ROLLUP_METHODS:
        raise ValueError(f"Unknown roll-up method {method!r}, expected one of {ROLLUP_METHODS}")
    pairs = []
    for item in values_and_weights:
        if isinstance(item, Real | Decimal) or item is None:
            value, weight = item, 1.0
        else:
            value, weight = item
        pairs.append((number(value, "child value"), number(weight, "child weight")))
    if method == ROLLUP_SUM:
        return math.fsum(v for v, _ in pairs)
    return _weighted_mean(pairs, equal_if_no_weight=True)


def annual_achievement(monthly_achievements: Iterable[float]) -> float:
    """Annual achievement: the plain mean of the given monthly achievements, in percent.

    Raises ValueError when no month is given: a year without any monthly result is missing
    data, not a zero score.
    """
    values = [number(v, "monthly achievement") for v in monthly_achievements]
    if not values:
        raise ValueError("An annual achievement needs at least one monthly achievement")
    return math.fsum(values) / len(values)
