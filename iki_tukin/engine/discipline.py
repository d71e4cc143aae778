"""Discipline deductions from attendance and monthly submissions (domain brief section 8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .constants import (
    ABSENT,
    ABSENT_STREAK,
    DEDUCTION_CAP,
    LATE_SUBMISSION,
    MISSING_SUBMISSION,
)
from .money import HUNDRED
from .scheme import (
    DEFAULT_EARLY_BANDS,
    DEFAULT_LATE_BANDS,
    Band,
    TukinScheme,
    _check_ranges,
    _check_whole,
    _set,
)


def _classify(minutes: int, bands: Sequence[Band], what: str) -> str | None:
    minutes = _check_whole(minutes, what)
    if minutes == 0:
        return None
    _check_ranges([(band.min_minutes, band.max_minutes) for band in bands], f"{what} bands")
    for band in bands:
        if band.min_minutes <= minutes and (
            band.max_minutes is None or minutes <= band.max_minutes
        ):
            return band.code
    raise AssertionError("contiguous open-ended bands cover every positive minute")


def classify_late(minutes: int, bands: Sequence[Band] = DEFAULT_LATE_BANDS) -> str | None:
    """Code of the late-arrival band holding ``minutes`` (whole, >= 0), None for 0 minutes."""
    return _classify(minutes, bands, "minutes late")


def classify_early(minutes: int, bands: Sequence[Band] = DEFAULT_EARLY_BANDS) -> str | None:
    """Code of the early-leave band holding ``minutes`` (whole, >= 0), None for 0 minutes."""
    return _classify(minutes, bands, "minutes early")


def day_codes(
    minutes_late: int = 0,
    minutes_early: int = 0,
    has_check_in: bool = True,
    has_check_out: bool = True,
    late_bands: Sequence[Band] = DEFAULT_LATE_BANDS,
    early_bands: Sequence[Band] = DEFAULT_EARLY_BANDS,
) -> tuple[str, ...]:
    """Discipline codes of one attended working day, late code first.

    A missing check-in counts as the last (open) late band (TL4), a missing check-out as the
    last early band (PSW4), whatever the minutes say.
    """
    late = late_bands[-1].code if not has_check_in else classify_late(minutes_late, late_bands)
    early = (
        early_bands[-1].code if not has_check_out else classify_early(minutes_early, early_bands)
    )
    return tuple(code for code in (late, early) if code)


@dataclass(frozen=True)
class DisciplineDay:
    """One working day of the employee's schedule.

    ``codes``: TL / PSW codes of the day (see :func:`day_codes`); ``absent``: absent without a
    valid reason (the day's codes are then ignored: it deducts the absence only); ``source``:
    opaque reference copied to the day's deduction lines. Days on leave or excused are listed
    with ``absent=False`` and no codes: they break a run of consecutive absences.
    """

    date: dt.date
    codes: tuple[str, ...] = ()
    absent: bool = False
    source: Any = None

    def __post_init__(self) -> None:
        if not isinstance(self.date, dt.date):
            raise TypeError(f"Discipline day needs a date, got {self.date!r}")
        codes = self.codes
        _set(self, "codes", (codes,) if isinstance(codes, str) else tuple(codes))


@dataclass(frozen=True)
class DisciplineFacts:
    """Discipline facts of one employee-month.

    ``days``: every working day of the schedule (any order, one record per date; tuples
    ``(date, codes, absent[, source])`` are accepted). ``late_submission`` /
    ``missing_submission``: the monthly work log was late / never submitted (exclusive), with
    ``submission_source``. ``absent_streak_before``: consecutive absent working days that ended
    the previous month, so a run across the month end still counts.
    """

    days: tuple[DisciplineDay, ...] = ()
    late_submission: bool = False
    missing_submission: bool = False
    submission_source: Any = None
    absent_streak_before: int = 0

    def __post_init__(self) -> None:
        days = tuple(
            day if isinstance(day, DisciplineDay) else DisciplineDay(*day) for day in self.days
        )
        dates = [day.date for day in days]
        if len(set(dates)) != len(dates):
            raise ValueError("Discipline facts list a working day twice")
        _set(self, "days", tuple(sorted(days, key=lambda day: day.date)))
        if self.late_submission and self.missing_submission:
            raise ValueError("A monthly submission cannot be both late and missing")
        streak = _check_whole(self.absent_streak_before, "absent days before the month")
        _set(self, "absent_streak_before", streak)


@dataclass(frozen=True)
class DeductionLine:
    """One deduction: ``code``, day (None for monthly items), percent, source from the input."""

    code: str
    date: dt.date | None
    pct: Decimal
    source: Any = None


class DisciplineDeduction(NamedTuple):
    """Total deduction percent (0-100) and its lines; the line percents sum to the total."""

    total_pct: Decimal
    lines: tuple[DeductionLine, ...]


def _check_day_codes(day: DisciplineDay, scheme: TukinScheme) -> None:
    late_codes = {band.code for band in scheme.late_bands}
    early_codes = {band.code for band in scheme.early_bands}
    for code in day.codes:
        if code not in late_codes and code not in early_codes:
            raise ValueError(f"Unknown discipline code {code!r} on {day.date}")
    if len(set(day.codes) & late_codes) > 1 or len(set(day.codes) & early_codes) > 1:
        raise ValueError(f"{day.date} has more than one late or early-leave code: {day.codes}")
    if len(set(day.codes)) != len(day.codes):
        raise ValueError(f"{day.date} repeats a discipline code: {day.codes}")


def discipline_deduction(
    facts: DisciplineFacts | Iterable[DisciplineDay], scheme: TukinScheme
) -> DisciplineDeduction:
    """Deduction percent of the month from ``facts`` under ``scheme``.

    One line per occurrence in date order (TL / PSW at their band pct, ABSENT at
    ``absent_pct`` per day), then the monthly submission line (skipped when its pct is 0, i.e.
    the rule is off). When ``absent_streak_days`` consecutive working days are absent, an
    ``ABSENT_STREAK`` line brings the total to exactly 100; otherwise a total above 100 gets a
    negative ``DEDUCTION_CAP`` line. So ``sum(line.pct) == total_pct <= 100`` always.
    """
    if not isinstance(facts, DisciplineFacts):
        facts = DisciplineFacts(days=tuple(facts))
    lines: list[DeductionLine] = []
    streak = facts.absent_streak_before
    streak_day: DisciplineDay | None = None
    for day in facts.days:
        _check_day_codes(day, scheme)
        if day.absent:
            lines.append(DeductionLine(ABSENT, day.date, scheme.absent_pct, day.source))
            streak += 1
            if (
                streak_day is None
                and scheme.absent_streak_days
                and streak >= scheme.absent_streak_days
            ):
                streak_day = day
            continue
        streak = 0
        for code in day.codes:
            lines.append(DeductionLine(code, day.date, scheme.band_pct(code), day.source))
    monthly = (
        (facts.late_submission, LATE_SUBMISSION, scheme.late_submission_pct),
        (facts.missing_submission, MISSING_SUBMISSION, scheme.missing_submission_pct),
    )
    for happened, code, pct in monthly:
        if happened and pct:
            lines.append(DeductionLine(code, None, pct, facts.submission_source))
    total = sum((line.pct for line in lines), Decimal(0))
    if streak_day is not None:
        lines.append(
            DeductionLine(ABSENT_STREAK, streak_day.date, HUNDRED - total, streak_day.source)
        )
        total = HUNDRED
    elif total > HUNDRED:
        lines.append(DeductionLine(DEDUCTION_CAP, None, HUNDRED - total))
        total = HUNDRED
    return DisciplineDeduction(total, tuple(lines))
