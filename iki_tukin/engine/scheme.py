"""The Tukin scheme: every rule number of one regulation version (domain brief section 8).

The Odoo model builds one :class:`TukinScheme` per employee-month from its effective-dated
scheme records; the defaults below are the brief's defaults. Construction validates and
normalises everything (numbers become Decimals, mappings become read-only), so the engine
functions can trust a scheme.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .constants import (
    ABSENT,
    ABSENT_STREAK,
    BASE_MODES,
    BASE_TABLE,
    CRITERIA_ADDITIVE,
    CRITERIA_MODES,
    DEDUCTION_CAP,
    DEDUCTION_ON_DISCIPLINE,
    DEDUCTION_ON_WHOLE,
    DEDUCTION_TARGETS,
    LATE_SUBMISSION,
    LEAVE_ANNUAL,
    LEAVE_BIG,
    LEAVE_MATERNITY,
    LEAVE_SICK,
    MISSING_SUBMISSION,
    PERFORMANCE_MODES,
    PERFORMANCE_PROPORTIONAL,
    PREDICATE_BAIK,
    PREDICATE_BUTUH_PERBAIKAN,
    PREDICATE_KURANG,
    PREDICATE_SANGAT_BAIK,
    PREDICATE_SANGAT_KURANG,
    PREDICATES,
    PSW1,
    PSW2,
    PSW3,
    PSW4,
    ROUNDING_HALF_UP,
    SPLIT_MODES,
    SPLIT_SPLIT,
    SPLIT_WHOLE,
    TL1,
    TL2,
    TL3,
    TL4,
)
from .money import HUNDRED, check_amount, check_pct, check_rounding, to_decimal

_RESERVED_CODES = (
    ABSENT,
    LATE_SUBMISSION,
    MISSING_SUBMISSION,
    ABSENT_STREAK,
    DEDUCTION_CAP,
)


def _set(obj: Any, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _check_choice(value: str, choices: Sequence[str], what: str) -> str:
    if value not in choices:
        raise ValueError(f"Unknown {what} {value!r}; expected one of {tuple(choices)}")
    return value


def _check_whole(value: Any, what: str, minimum: int = 0) -> int:
    """An integral number >= ``minimum`` as an int (2.0 is accepted, 2.5 is not)."""
    number = to_decimal(value, what)
    if number != number.to_integral_value():
        raise ValueError(f"{what} must be a whole number (got {value!r})")
    if number < minimum:
        raise ValueError(f"{what} must be at least {minimum} (got {value!r})")
    return int(number)


def _check_ranges(ranges: Sequence[tuple[int, int | None]], what: str) -> None:
    """Ranges must cover 1, 2, 3 ... without gap or overlap, the last one open-ended."""
    if not ranges:
        raise ValueError(f"{what}: at least one band is required")
    expected = 1
    for index, (low, high) in enumerate(ranges):
        if low != expected:
            raise ValueError(
                f"{what}: bands must be contiguous from 1, band {index + 1} starts at {low} "
                f"instead of {expected}"
            )
        last = index == len(ranges) - 1
        if high is None:
            if not last:
                raise ValueError(f"{what}: only the last band may be open-ended")
            return
        if high < low:
            raise ValueError(f"{what}: band {index + 1} ends ({high}) before it starts ({low})")
        expected = high + 1
    raise ValueError(f"{what}: the last band must be open-ended (no maximum)")


@dataclass(frozen=True)
class Band:
    """Lateness / early-leave band: ``min_minutes..max_minutes`` (None = no end) -> code, pct.

    ``pct`` is the deduction per occurrence, in percent.
    """

    code: str
    min_minutes: int
    max_minutes: int | None
    pct: Decimal

    def __post_init__(self) -> None:
        if not self.code or not isinstance(self.code, str):
            raise ValueError(f"Band code must be a non-empty string, got {self.code!r}")
        _set(
            self,
            "min_minutes",
            _check_whole(self.min_minutes, f"{self.code} minimum", 1),
        )
        if self.max_minutes is not None:
            _set(
                self,
                "max_minutes",
                _check_whole(self.max_minutes, f"{self.code} maximum", 1),
            )
        _set(self, "pct", check_pct(self.pct, f"{self.code} deduction"))


@dataclass(frozen=True)
class LeaveBand:
    """Leave duration band: ``min_days..max_days`` (None = no end) paid at ``pct`` percent."""

    min_days: int
    max_days: int | None
    pct: Decimal

    def __post_init__(self) -> None:
        _set(self, "min_days", _check_whole(self.min_days, "leave band minimum", 1))
        if self.max_days is not None:
            _set(self, "max_days", _check_whole(self.max_days, "leave band maximum", 1))
        _set(self, "pct", check_pct(self.pct, "leave paid percentage"))


DEFAULT_LATE_BANDS = (
    Band(TL1, 1, 30, Decimal("0.5")),
    Band(TL2, 31, 60, Decimal(1)),
    Band(TL3, 61, 90, Decimal("1.5")),
    Band(TL4, 91, None, Decimal(2)),
)
DEFAULT_EARLY_BANDS = (
    Band(PSW1, 1, 30, Decimal("0.5")),
    Band(PSW2, 31, 60, Decimal(1)),
    Band(PSW3, 61, 90, Decimal("1.5")),
    Band(PSW4, 91, None, Decimal(2)),
)
DEFAULT_PREDICATE_PCT = MappingProxyType(
    {
        PREDICATE_SANGAT_BAIK: Decimal(100),
        PREDICATE_BAIK: Decimal(100),
        PREDICATE_BUTUH_PERBAIKAN: Decimal(90),
        PREDICATE_KURANG: Decimal(85),
        PREDICATE_SANGAT_KURANG: Decimal(80),
    }
)
# Percent of the daily amount paid per leave day. The brief fixes annual 100 % and sick 3-14 days
# 75 %; the rest follows a common central-government Tukin table (sick 1-2 days 100 %, 15+ days
# 50 %; big leave 50 %, its first-month value; maternity for a 1st or 2nd child 100 %).
DEFAULT_LEAVE_TABLE = MappingProxyType(
    {
        LEAVE_ANNUAL: (LeaveBand(1, None, Decimal(100)),),
        LEAVE_SICK: (
            LeaveBand(1, 2, Decimal(100)),
            LeaveBand(3, 14, Decimal(75)),
            LeaveBand(15, None, Decimal(50)),
        ),
        LEAVE_BIG: (LeaveBand(1, None, Decimal(50)),),
        LEAVE_MATERNITY: (LeaveBand(1, None, Decimal(100)),),
    }
)


@dataclass(frozen=True)
class TukinScheme:
    """All parameters of one Tukin / TPP regulation version; percentages are in percent.

    - ``name``, ``source``: regulation label and an opaque reference (e.g. the scheme record),
      passed through to the base line.
    - ``rounding``: ``half_up`` or ``down``, used for every money step.
    - ``base_mode``: ``table`` (``base_table[job_class]``) or ``index``
      (``national_table[job_class] x regional_index``).
    - ``criteria_mode``: ``additive`` or ``composed`` (see constants).
    - ``split_mode``: ``split`` (``performance_share_pct`` / ``discipline_share_pct``, summing
      to 100) or ``whole`` (everything scaled by performance; needs ``deduction_target`` whole).
    - ``performance_mode``: ``proportional`` (achievement capped at 100) or ``predicate``
      (``predicate_pct``); a missing result is an error unless ``missing_performance_zero``.
      ``lag_months``: which month's result the model feeds in (0 = same month).
    - ``late_bands`` / ``early_bands``: TL / PSW bands, contiguous from 1 minute, last open.
    - ``absent_pct`` per unexcused absent day; ``absent_streak_days`` consecutive absent working
      days make the total 100 % (0 = rule off); ``late_submission_pct`` /
      ``missing_submission_pct``: monthly cuts for the work log (0 = rule off).
    - ``deduction_target``: deductions are a percentage of the ``discipline`` part or of the
      ``whole`` (performance amount + discipline part).
    - ``leave_table``: leave type -> duration bands (contiguous from 1 day, last open).
      ``full_month_leave_stops``: leave covering every working day stops the month's Tukin.
    """

    name: str = ""
    source: Any = None
    rounding: str = ROUNDING_HALF_UP
    base_mode: str = BASE_TABLE
    base_table: Mapping[int, Decimal] = field(default_factory=dict)
    national_table: Mapping[int, Decimal] = field(default_factory=dict)
    regional_index: Decimal = Decimal(1)
    criteria_mode: str = CRITERIA_ADDITIVE
    split_mode: str = SPLIT_SPLIT
    performance_share_pct: Decimal = Decimal(60)
    discipline_share_pct: Decimal = Decimal(40)
    performance_mode: str = PERFORMANCE_PROPORTIONAL
    predicate_pct: Mapping[str, Decimal] = field(default_factory=lambda: DEFAULT_PREDICATE_PCT)
    missing_performance_zero: bool = False
    lag_months: int = 0
    late_bands: tuple[Band, ...] = DEFAULT_LATE_BANDS
    early_bands: tuple[Band, ...] = DEFAULT_EARLY_BANDS
    absent_pct: Decimal = Decimal(4)
    absent_streak_days: int = 10
    late_submission_pct: Decimal = Decimal(0)
    missing_submission_pct: Decimal = Decimal(0)
    deduction_target: str = DEDUCTION_ON_DISCIPLINE
    leave_table: Mapping[str, tuple[LeaveBand, ...]] = field(
        default_factory=lambda: DEFAULT_LEAVE_TABLE
    )
    full_month_leave_stops: bool = True

    def __post_init__(self) -> None:
        check_rounding(self.rounding)
        _check_choice(self.base_mode, BASE_MODES, "base mode")
        _check_choice(self.criteria_mode, CRITERIA_MODES, "criteria mode")
        _check_choice(self.split_mode, SPLIT_MODES, "split mode")
        _check_choice(self.performance_mode, PERFORMANCE_MODES, "performance mode")
        _check_choice(self.deduction_target, DEDUCTION_TARGETS, "deduction target")
        _set(self, "base_table", self._amount_table(self.base_table, "base table"))
        _set(
            self,
            "national_table",
            self._amount_table(self.national_table, "national table"),
        )
        index = to_decimal(self.regional_index, "regional index")
        if index <= 0:
            raise ValueError(f"Regional index must be positive (got {index})")
        _set(self, "regional_index", index)
        performance = check_pct(self.performance_share_pct, "performance share")
        discipline = check_pct(self.discipline_share_pct, "discipline share")
        if self.split_mode == SPLIT_SPLIT and performance + discipline != HUNDRED:
            raise ValueError(
                f"Performance share ({performance}%) and discipline share ({discipline}%) "
                "must add up to 100%"
            )
        if self.split_mode == SPLIT_WHOLE and self.deduction_target != DEDUCTION_ON_WHOLE:
            raise ValueError(
                "Split mode 'whole' has no discipline part: deductions must target the whole"
            )
        _set(self, "performance_share_pct", performance)
        _set(self, "discipline_share_pct", discipline)
        predicates = {}
        for predicate, pct in dict(self.predicate_pct).items():
            _check_choice(predicate, PREDICATES, "predicate")
            predicates[predicate] = check_pct(pct, f"paid percentage of predicate {predicate}")
        _set(self, "predicate_pct", MappingProxyType(predicates))
        _set(self, "lag_months", _check_whole(self.lag_months, "lag months"))
        _set(self, "late_bands", self._bands(self.late_bands, "late arrival bands"))
        _set(self, "early_bands", self._bands(self.early_bands, "early leave bands"))
        codes = [band.code for band in (*self.late_bands, *self.early_bands)]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"Discipline band codes must be unique: {', '.join(duplicates)}")
        _set(self, "absent_pct", check_pct(self.absent_pct, "absence deduction"))
        streak = _check_whole(self.absent_streak_days, "consecutive absence days")
        _set(self, "absent_streak_days", streak)
        late = check_pct(self.late_submission_pct, "late submission deduction")
        missing = check_pct(self.missing_submission_pct, "missing submission deduction")
        _set(self, "late_submission_pct", late)
        _set(self, "missing_submission_pct", missing)
        leave_table = {}
        for leave_type, bands in dict(self.leave_table).items():
            bands = tuple(bands)
            _check_ranges([(b.min_days, b.max_days) for b in bands], f"leave {leave_type!r}")
            leave_table[leave_type] = bands
        _set(self, "leave_table", MappingProxyType(leave_table))

    @staticmethod
    def _amount_table(table: Mapping[int, Any], what: str) -> Mapping[int, Decimal]:
        result = {}
        for job_class, amount in dict(table).items():
            key = _check_whole(job_class, f"{what} job class", 1)
            result[key] = check_amount(amount, f"{what} amount of class {key}")
        return MappingProxyType(result)

    @staticmethod
    def _bands(bands: Sequence[Band], what: str) -> tuple[Band, ...]:
        bands = tuple(bands)
        _check_ranges([(b.min_minutes, b.max_minutes) for b in bands], what)
        for band in bands:
            if band.code in _RESERVED_CODES:
                raise ValueError(f"{what}: code {band.code} is reserved")
        return bands

    def band_pct(self, code: str) -> Decimal:
        """Deduction percent of a TL / PSW ``code``; ValueError for a code of no band."""
        for band in (*self.late_bands, *self.early_bands):
            if band.code == code:
                return band.pct
        raise ValueError(f"Unknown discipline code {code!r}")
