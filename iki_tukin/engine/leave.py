"""Leave (cuti) factor of a month: paid share of the working days (domain brief section 8)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .money import HUNDRED, to_decimal
from .scheme import LeaveBand, TukinScheme, _check_whole, _set


@dataclass(frozen=True)
class LeaveItem:
    """Leave taken in the month: ``days`` working days of ``leave_type``.

    ``duration_days`` picks the duration band (e.g. the whole sick spell across months); when
    None the band follows the days of that type in the month. ``source`` is passed through.
    """

    leave_type: str
    days: Decimal
    duration_days: Decimal | None = None
    source: Any = None

    def __post_init__(self) -> None:
        days = to_decimal(self.days, f"{self.leave_type} leave days")
        if days <= 0:
            raise ValueError(f"{self.leave_type} leave days must be positive (got {days})")
        _set(self, "days", days)
        if self.duration_days is not None:
            duration = to_decimal(self.duration_days, f"{self.leave_type} leave duration")
            if duration < days:
                raise ValueError(
                    f"{self.leave_type} leave duration ({duration}) is shorter than its days "
                    f"in the month ({days})"
                )
            _set(self, "duration_days", duration)


@dataclass(frozen=True)
class LeaveLine:
    """How one leave item is paid: ``band_days`` chose the band paying ``pct`` percent."""

    leave_type: str
    days: Decimal
    band_days: int
    pct: Decimal
    source: Any = None

    @property
    def unpaid_days(self) -> Decimal:
        """Day-equivalents not paid: ``days x (100 - pct) / 100``."""
        return self.days * (HUNDRED - self.pct) / HUNDRED


class LeaveFactor(NamedTuple):
    """Paid share of the month (0-1) and one line per leave item, in input order."""

    factor: Decimal
    lines: tuple[LeaveLine, ...]


def _as_item(leave: LeaveItem | tuple) -> LeaveItem:
    return leave if isinstance(leave, LeaveItem) else LeaveItem(*leave)


def leave_pct(leave_type: str, duration_days: Decimal | int, scheme: TukinScheme) -> Decimal:
    """Paid percent of ``leave_type`` for a leave of ``duration_days`` (rounded up to days)."""
    try:
        bands: tuple[LeaveBand, ...] = scheme.leave_table[leave_type]
    except KeyError:
        raise ValueError(f"Unknown leave type {leave_type!r} in the Tukin scheme") from None
    days = math.ceil(to_decimal(duration_days, "leave duration"))
    for band in bands:
        if band.min_days <= days and (band.max_days is None or days <= band.max_days):
            return band.pct
    raise ValueError(f"Leave duration must be positive (got {duration_days})")


def leave_factor(
    leaves: Iterable[LeaveItem | tuple], scheme: TukinScheme, working_days: int
) -> LeaveFactor:
    """Paid share of a month of ``working_days`` given its ``leaves``.

    ``leaves`` holds :class:`LeaveItem` or ``(leave_type, days)`` tuples. Each leave day is paid
    at the percent of its band (the band chosen by duration applies to all its days, it is not
    tiered); days without leave are paid 100 %:
    ``factor = (working_days - sum(days x (100 - pct) / 100)) / working_days``.
    """
    items = [_as_item(leave) for leave in leaves]
    working = _check_whole(working_days, "working days")
    total_days = sum((item.days for item in items), Decimal(0))
    if total_days > working:
        raise ValueError(f"{total_days} leave days exceed the {working} working days of the month")
    per_type: dict[str, Decimal] = {}
    for item in items:
        per_type[item.leave_type] = per_type.get(item.leave_type, Decimal(0)) + item.days
    lines = []
    for item in items:
        duration = (
            item.duration_days if item.duration_days is not None else per_type[item.leave_type]
        )
        pct = leave_pct(item.leave_type, duration, scheme)
        lines.append(LeaveLine(item.leave_type, item.days, math.ceil(duration), pct, item.source))
    if not working:
        return LeaveFactor(Decimal(1), ())
    unpaid = sum((line.unpaid_days for line in lines), Decimal(0))
    return LeaveFactor((working - unpaid) / working, tuple(lines))
