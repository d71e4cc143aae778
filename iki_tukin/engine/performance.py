"""Performance factor of the month and disciplinary punishment cuts (domain brief section 8)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .constants import MODERATE_PUNISHMENT_PCT, PERFORMANCE_PROPORTIONAL, PREDICATES
from .money import HUNDRED, check_pct
from .scheme import TukinScheme, _check_whole, _set


def performance_factor(
    scheme: TukinScheme,
    achievement: Decimal | int | None = None,
    predicate: str | None = None,
) -> Decimal:
    """Factor (0-1) applied to the performance part.

    ``proportional``: ``min(achievement, 100) / 100`` (achievement in percent, >= 0);
    ``predicate``: ``predicate_pct[predicate] / 100``. A missing result (None) is a ValueError
    unless ``scheme.missing_performance_zero``, which makes it 0. The other argument is ignored.
    """
    if scheme.performance_mode == PERFORMANCE_PROPORTIONAL:
        value, what = achievement, "achievement"
    else:
        value, what = predicate, "predicate"
    if value is None:
        if scheme.missing_performance_zero:
            return Decimal(0)
        raise ValueError(
            f"No {what} for the month, and the Tukin scheme does not count a missing result as 0"
        )
    if scheme.performance_mode == PERFORMANCE_PROPORTIONAL:
        pct = check_pct(value, "achievement", maximum=None)
        return min(pct, HUNDRED) / HUNDRED
    if value not in PREDICATES:
        raise ValueError(f"Unknown predicate {value!r}; expected one of {PREDICATES}")
    if value not in scheme.predicate_pct:
        raise ValueError(f"The Tukin scheme has no paid percentage for predicate {value!r}")
    return scheme.predicate_pct[value] / HUNDRED


@dataclass(frozen=True)
class Punishment:
    """A disciplinary punishment cutting ``cut_pct`` percent for ``months`` months.

    Active from (``start_year``, ``start_month``) for ``months`` calendar months; the default cut
    is the moderate punishment of PP 94/2021 (25 %, for 6, 9 or 12 months).
    """

    start_year: int
    start_month: int
    months: int
    cut_pct: Decimal = MODERATE_PUNISHMENT_PCT
    source: Any = None

    def __post_init__(self) -> None:
        _set(
            self,
            "start_year",
            _check_whole(self.start_year, "punishment start year", 1),
        )
        _set(self, "start_month", _check_month(self.start_month))
        _set(self, "months", _check_whole(self.months, "punishment months", 1))
        _set(self, "cut_pct", check_pct(self.cut_pct, "punishment cut"))

    @classmethod
    def from_tuple(cls, value: tuple) -> Punishment:
        """From ``(cut_pct, (year, month), months[, source])``."""
        cut_pct, (year, month), months, *rest = value
        return cls(year, month, months, cut_pct, *rest)

    def is_active(self, year: int, month: int) -> bool:
        """Whether the punishment cuts the Tukin of ``year``-``month``."""
        index = year * 12 + _check_month(month) - 1
        start = self.start_year * 12 + self.start_month - 1
        return start <= index < start + self.months


def _check_month(month: int) -> int:
    number = _check_whole(month, "month")
    if not 1 <= number <= 12:
        raise ValueError(f"Month must be between 1 and 12 (got {month!r})")
    return number


def _as_punishment(value: Punishment | tuple) -> Punishment:
    return value if isinstance(value, Punishment) else Punishment.from_tuple(value)


def active_punishment(
    punishments: Iterable[Punishment | tuple], year: int, month: int
) -> Punishment | None:
    """The punishment that cuts ``year``-``month``: the largest cut among the active ones
    (overlapping punishments do not add up; the first listed wins a tie), or None.
    """
    best = None
    for punishment in map(_as_punishment, punishments):
        if punishment.is_active(year, month) and (
            best is None or punishment.cut_pct > best.cut_pct
        ):
            best = punishment
    return best


def punishment_cut(punishments: Iterable[Punishment | tuple], year: int, month: int) -> Decimal:
    """Cut percent (0-100) of ``year``-``month``: the max of the active punishments, 0 if none.

    ``punishments`` holds :class:`Punishment` or ``(cut_pct, (year, month), months)`` tuples.
    """
    best = active_punishment(punishments, year, month)
    return best.cut_pct if best is not None else Decimal(0)
