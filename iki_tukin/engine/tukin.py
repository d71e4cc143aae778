"""Monthly Tukin / TPP of one employee: every step, every factor, one explanation list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .base import Criterion, base_amount, national_amount
from .constants import (
    BASE_INDEX,
    CRITERIA_ADDITIVE,
    DEDUCTION_ON_WHOLE,
    LINE_BASE,
    LINE_CRITERIA,
    LINE_DISCIPLINE_PART,
    LINE_LABELS,
    LINE_LEAVE,
    LINE_PERFORMANCE,
    LINE_PERFORMANCE_PART,
    LINE_PUNISHMENT,
    LINE_STOP,
    SPLIT_SPLIT,
    STOP_FULL_MONTH_LEAVE,
    STOP_LABELS,
    STOP_REASONS,
)
from .discipline import DeductionLine, DisciplineFacts, discipline_deduction
from .leave import LeaveFactor, LeaveItem, LeaveLine, _as_item, leave_factor
from .money import HUNDRED, allocate, round_money
from .performance import (
    Punishment,
    _as_punishment,
    _check_month,
    active_punishment,
    performance_factor,
)
from .scheme import TukinScheme, _check_whole, _set

ZERO = Decimal(0)
_MONEY_FIELDS = (
    "base",
    "gross",
    "leave_factor",
    "payable_gross",
    "performance_part",
    "performance_factor",
    "performance_amount",
    "discipline_part",
    "deduction_base",
    "deduction_pct",
    "deduction_amount",
    "after_deductions",
    "punishment_pct",
    "punishment_amount",
    "net",
)


@dataclass(frozen=True)
class TukinInputs:
    """What the model gathers for one employee-month (``year``, ``month``: the paid month).

    - ``criteria``: criteria applicable to the employee (:class:`Criterion` or ``(name, pct)``),
      e.g. from :func:`applicable_criteria`.
    - ``achievement`` (percent) or ``predicate`` (code): the result fed in for the month,
      according to the scheme's performance mode and lag; ``performance_source`` points at it.
    - ``discipline``: :class:`DisciplineFacts`.
    - ``leaves``: :class:`LeaveItem` or ``(leave_type, days)``; ``working_days`` defaults to the
      number of days in ``discipline.days``.
    - ``punishments``: :class:`Punishment` or ``(cut_pct, (year, month), months)``.
    - ``stop_reason``: a ``STOP_*`` key when the model knows the Tukin stops (``stop_source``).
    """

    job_class: int
    year: int
    month: int
    criteria: tuple[Criterion, ...] = ()
    achievement: Decimal | None = None
    predicate: str | None = None
    performance_source: Any = None
    discipline: DisciplineFacts = field(default_factory=DisciplineFacts)
    leaves: tuple[LeaveItem, ...] = ()
    working_days: int | None = None
    punishments: tuple[Punishment, ...] = ()
    stop_reason: str | None = None
    stop_source: Any = None

    def __post_init__(self) -> None:
        _set(self, "job_class", _check_whole(self.job_class, "job class", 1))
        _set(self, "year", _check_whole(self.year, "year", 1))
        _set(self, "month", _check_month(self.month))
        criteria = tuple(c if isinstance(c, Criterion) else Criterion(*c) for c in self.criteria)
        _set(self, "criteria", criteria)
        if not isinstance(self.discipline, DisciplineFacts):
            _set(self, "discipline", DisciplineFacts(days=tuple(self.discipline)))
        _set(self, "leaves", tuple(_as_item(leave) for leave in self.leaves))
        working = self.working_days
        working = len(self.discipline.days) if working is None else working
        _set(self, "working_days", _check_whole(working, "working days"))
        _set(self, "punishments", tuple(_as_punishment(p) for p in self.punishments))
        if self.stop_reason is not None and self.stop_reason not in STOP_REASONS:
            raise ValueError(f"Unknown stop reason {self.stop_reason!r}; expected {STOP_REASONS}")


@dataclass(frozen=True)
class TukinLine:
    """One explanation line: ``amount`` is the signed contribution to the net (0 for lines that
    only show a step). ``base_value`` is what ``pct`` applies to; ``quantity`` holds leave days;
    ``source`` and ``date`` come from the inputs.
    """

    code: str
    label: str
    base_value: Decimal | None
    pct: Decimal | None
    amount: Decimal
    source: Any = None
    date: dt.date | None = None
    quantity: Decimal | None = None


@dataclass(frozen=True)
class TukinResult:
    """Every intermediate of one employee-month, in whole rupiah; factors are 0-1, pcts 0-100.

    ``gross`` is the maximum TPP (base + criteria), ``payable_gross`` the gross after the leave
    factor; ``deduction_base`` is the amount deductions are a percentage of; ``after_deductions``
    is what the punishment cut applies to. ``lines`` sum exactly to ``net``. What was applied is
    returned with its source: the deduction lines, the leave lines and ``punishment``, the
    punishment that cut the month (None when none did, or when the month stopped).
    """

    stop_reason: str | None
    base: Decimal
    criteria_amounts: tuple[tuple[str, Decimal, Decimal], ...]
    gross: Decimal
    leave_factor: Decimal
    payable_gross: Decimal
    performance_part: Decimal
    performance_factor: Decimal
    performance_amount: Decimal
    discipline_part: Decimal
    deduction_base: Decimal
    deduction_pct: Decimal
    deduction_amount: Decimal
    after_deductions: Decimal
    punishment_pct: Decimal
    punishment_amount: Decimal
    net: Decimal
    lines: tuple[TukinLine, ...]
    deduction_lines: tuple[DeductionLine, ...] = ()
    leave_lines: tuple[LeaveLine, ...] = ()
    punishment: Punishment | None = None

    @property
    def stopped(self) -> bool:
        """Whether no Tukin is paid for a stop reason."""
        return self.stop_reason is not None

    def lines_total(self) -> Decimal:
        """Sum of the line amounts (equals ``net``)."""
        return sum((line.amount for line in self.lines), ZERO)


def _stopped(reason: str, source: Any) -> TukinResult:
    line = TukinLine(LINE_STOP, STOP_LABELS[reason], None, None, ZERO, source)
    zeros = dict.fromkeys(_MONEY_FIELDS, ZERO)
    return TukinResult(stop_reason=reason, criteria_amounts=(), lines=(line,), **zeros)


def _line(code: str, base_value: Any, pct: Any, amount: Decimal, source: Any = None) -> TukinLine:
    return TukinLine(code, LINE_LABELS[code], base_value, pct, amount, source)


def _gross(inputs: TukinInputs, scheme: TukinScheme, lines: list[TukinLine]) -> dict:
    """Base and criteria: ``base``, ``criteria_amounts`` and ``gross`` (the maximum TPP)."""
    rounding = scheme.rounding
    base = base_amount(inputs.job_class, scheme)
    criteria_amounts = tuple(
        (c.name, c.pct, round_money(base * c.pct / HUNDRED, rounding)) for c in inputs.criteria
    )
    base_counts = scheme.criteria_mode == CRITERIA_ADDITIVE or not criteria_amounts
    if scheme.base_mode == BASE_INDEX:
        base_value = national_amount(inputs.job_class, scheme)
        base_pct = scheme.regional_index * HUNDRED
    else:
        base_value, base_pct = base, None
    base_line_amount = base if base_counts else ZERO
    lines.append(_line(LINE_BASE, base_value, base_pct, base_line_amount, scheme.source))
    for criterion, (name, pct, amount) in zip(inputs.criteria, criteria_amounts, strict=True):
        lines.append(TukinLine(LINE_CRITERIA, name, base, pct, amount, criterion.source))
    gross = (base if base_counts else ZERO) + sum((a for _, _, a in criteria_amounts), ZERO)
    return {"base": base, "criteria_amounts": criteria_amounts, "gross": gross}


def _payable(
    gross: Decimal,
    leave: LeaveFactor,
    working: int,
    scheme: TukinScheme,
    lines: list[TukinLine],
) -> Decimal:
    """The gross after leave: the leave days paid at their band percent."""
    if working:
        paid_days = working - sum((line.unpaid_days for line in leave.lines), ZERO)
        payable = round_money(gross * paid_days / working, scheme.rounding)
        shares = [gross * line.unpaid_days / working for line in leave.lines]
    else:
        payable, shares = gross, []
    for line, cut in zip(leave.lines, allocate(gross - payable, shares), strict=True):
        label = f"{LINE_LABELS[LINE_LEAVE]}: {line.leave_type}"
        lines.append(
            TukinLine(LINE_LEAVE, label, gross, line.pct, -cut, line.source, quantity=line.days)
        )
    return payable


def _performance(
    inputs: TukinInputs, scheme: TukinScheme, payable: Decimal, lines: list[TukinLine]
) -> dict:
    """Split into performance and discipline parts (the discipline part takes the rounding
    remainder), then the performance amount."""
    rounding = scheme.rounding
    if scheme.split_mode == SPLIT_SPLIT:
        performance_share = scheme.performance_share_pct
        performance_part = round_money(payable * performance_share / HUNDRED, rounding)
    else:
        performance_share, performance_part = HUNDRED, payable
    discipline_part = payable - performance_part
    factor = performance_factor(scheme, inputs.achievement, inputs.predicate)
    performance_amount = round_money(performance_part * factor, rounding)
    lines.append(_line(LINE_PERFORMANCE_PART, payable, performance_share, ZERO))
    if scheme.split_mode == SPLIT_SPLIT:
        lines.append(_line(LINE_DISCIPLINE_PART, payable, scheme.discipline_share_pct, ZERO))
    performance_cut = performance_amount - performance_part
    source = inputs.performance_source
    lines.append(
        _line(LINE_PERFORMANCE, performance_part, factor * HUNDRED, performance_cut, source)
    )
    return {
        "performance_part": performance_part,
        "performance_factor": factor,
        "performance_amount": performance_amount,
        "discipline_part": discipline_part,
    }


def _deductions(
    inputs: TukinInputs, scheme: TukinScheme, parts: dict, lines: list[TukinLine]
) -> dict:
    """Discipline deductions of the discipline part (or of performance amount + discipline
    part), never below zero, one line per deduction."""
    deduction_pct, deduction_lines = discipline_deduction(inputs.discipline, scheme)
    if scheme.deduction_target == DEDUCTION_ON_WHOLE:
        deduction_base = parts["performance_amount"] + parts["discipline_part"]
    else:
        deduction_base = parts["discipline_part"]
    deduction_amount = min(
        round_money(deduction_base * deduction_pct / HUNDRED, scheme.rounding), deduction_base
    )
    shares = [deduction_base * line.pct / HUNDRED for line in deduction_lines]
    for line, cut in zip(deduction_lines, allocate(deduction_amount, shares), strict=True):
        label = LINE_LABELS.get(line.code, line.code)
        lines.append(
            TukinLine(line.code, label, deduction_base, line.pct, -cut, line.source, line.date)
        )
    after_deductions = parts["performance_amount"] + parts["discipline_part"] - deduction_amount
    return {
        "deduction_base": deduction_base,
        "deduction_pct": deduction_pct,
        "deduction_amount": deduction_amount,
        "deduction_lines": deduction_lines,
        "after_deductions": after_deductions,
    }


def _punishment(
    inputs: TukinInputs, scheme: TukinScheme, after_deductions: Decimal, lines: list[TukinLine]
) -> dict:
    """Cut of the disciplinary punishment active in the month, if any (the one applied is
    returned as ``punishment``)."""
    punishment = active_punishment(inputs.punishments, inputs.year, inputs.month)
    punishment_pct = punishment.cut_pct if punishment is not None else ZERO
    punishment_amount = round_money(after_deductions * punishment_pct / HUNDRED, scheme.rounding)
    if punishment is not None:
        cut, source = -punishment_amount, punishment.source
        lines.append(_line(LINE_PUNISHMENT, after_deductions, punishment_pct, cut, source))
    return {
        "punishment": punishment,
        "punishment_pct": punishment_pct,
        "punishment_amount": punishment_amount,
    }


def compute_tukin(inputs: TukinInputs, scheme: TukinScheme) -> TukinResult:
    """Tukin of one employee-month under ``scheme``; every money step rounded to the rupiah.

    Order: stop reason (given, or leave on every working day when the scheme says so) ->
    base -> criteria -> gross -> leave factor -> split into performance / discipline parts (the
    discipline part takes the rounding remainder) -> performance amount -> discipline
    deductions (of the discipline part or of performance amount + discipline part, never below
    zero) -> punishment cut of what remains -> net.
    """
    if inputs.stop_reason is not None:
        return _stopped(inputs.stop_reason, inputs.stop_source)
    working = inputs.working_days
    leave_days = sum((item.days for item in inputs.leaves), ZERO)
    leave = leave_factor(inputs.leaves, scheme, working)
    if scheme.full_month_leave_stops and working and leave_days == working:
        return _stopped(STOP_FULL_MONTH_LEAVE, tuple(item.source for item in inputs.leaves))
    lines: list[TukinLine] = []
    values = _gross(inputs, scheme, lines)
    payable = _payable(values["gross"], leave, working, scheme, lines)
    values.update(leave_factor=leave.factor, payable_gross=payable, leave_lines=leave.lines)
    values.update(_performance(inputs, scheme, payable, lines))
    values.update(_deductions(inputs, scheme, values, lines))
    values.update(_punishment(inputs, scheme, values["after_deductions"], lines))
    net = values["after_deductions"] - values["punishment_amount"]
    result = TukinResult(stop_reason=None, net=net, lines=tuple(lines), **values)
    if result.lines_total() != net or net < 0:
        raise AssertionError(f"Tukin lines sum to {result.lines_total()}, net is {net}")
    return result
