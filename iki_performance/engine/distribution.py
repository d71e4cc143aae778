"""Distribution curve of staff predicates per unit (SE MenPAN-RB 3/2023), brief section 5."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral
from typing import TypedDict

from .constants import (
    DEFAULT_RULES,
    DIST_MAX_SHARE,
    DIST_MIN_COUNT,
    DIST_MIN_SHARE,
    DIST_NONE_ALLOWED,
    PREDICATE_LABELS,
    PREDICATES,
    UNIT_PREDICATES,
    DistributionRule,
    Rules,
)


class Violation(TypedDict):
    """One broken distribution rule, with the numbers needed to explain it."""

    rule: str  # 'max_share', 'min_share', 'min_count' or 'none_allowed'
    predicates: tuple[str, ...]  # staff predicate codes counted together
    limit: float  # percent for the share rules, head count for min_count, 0 for none_allowed
    count: int  # staff holding one of ``predicates``
    total: int  # all staff of the unit
    share: float  # count / total * 100, unrounded
    message: str  # English sentence with the numbers


def _is_violated(rule: DistributionRule, count: int, total: int) -> bool:
    # Compare count * 100 with limit * total to stay exact for integer limits.
    if rule.rule == DIST_MAX_SHARE:
        return count * 100 > rule.limit * total
    if rule.rule == DIST_MIN_SHARE:
        return count * 100 < rule.limit * total
    if rule.rule == DIST_MIN_COUNT:
        return count < rule.limit
    return count > 0  # none_allowed


def _message(rule: DistributionRule, count: int, total: int, share: float) -> str:
    names = " or ".join(PREDICATE_LABELS[p] for p in rule.predicates)
    found = f"found {count} of {total} ({share:.1f}%)"
    if rule.rule == DIST_MAX_SHARE:
        return f"At most {rule.limit:g}% {names} allowed, {found}"
    if rule.rule == DIST_MIN_SHARE:
        return f"At least {rule.limit:g}% {names} required, {found}"
    if rule.rule == DIST_MIN_COUNT:
        return f"At least {rule.limit:g} {names} required, {found}"
    assert rule.rule == DIST_NONE_ALLOWED
    return f"No {names} allowed, {found}"


def check_distribution(
    unit_predicate: str, counts: Mapping[str, int], rules: Rules = DEFAULT_RULES
) -> list[Violation]:
    """Violated distribution rules of a unit, in table order (empty list when all hold).

    ``counts`` maps staff predicate codes to head counts (missing codes count 0). Share limits
    are inclusive: exactly 70% Sangat Baik passes "at most 70%", exactly 60% passes "at least
    60%". A unit with fewer staff than ``rules.distribution_min_staff`` (none included) is not
    checked: it has no violation. Unknown codes and negative or fractional counts raise
    ValueError.
    """
    if unit_predicate not in UNIT_PREDICATES:
        raise ValueError(f"Unknown unit predicate {unit_predicate!r}")
    for code, count in counts.items():
        if code not in PREDICATES:
            raise ValueError(f"Unknown staff predicate {code!r}, expected one of {PREDICATES}")
        if isinstance(count, bool) or not isinstance(count, Integral) or count < 0:
            raise ValueError(f"The count of {code!r} must be a non-negative integer")
    total = int(sum(counts.values()))
    if total == 0 or total < rules.distribution_min_staff:
        return []
    violations: list[Violation] = []
    for rule in rules.distribution_for(unit_predicate):
        count = int(sum(counts.get(p, 0) for p in rule.predicates))
        if not _is_violated(rule, count, total):
            continue
        share = count / total * 100.0
        violations.append(
            Violation(
                rule=rule.rule,
                predicates=rule.predicates,
                limit=rule.limit,
                count=count,
                total=total,
                share=share,
                message=_message(rule, count, total, share),
            )
        )
    return violations
