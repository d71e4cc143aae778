"""Tukin / TPP computation engine: plain Python, no ORM (domain brief section 8).

Models build a :class:`TukinScheme` from their effective-dated scheme records and a
:class:`TukinInputs` per employee-month, call :func:`compute_tukin` and store the
:class:`TukinResult`; the form, payslip and Excel export all show its ``lines``.
"""

from . import constants
from .base import (
    CriteriaRule,
    Criterion,
    MissingJobClass,
    applicable_criteria,
    base_amount,
    national_amount,
)
from .discipline import (
    DeductionLine,
    DisciplineDay,
    DisciplineDeduction,
    DisciplineFacts,
    classify_early,
    classify_late,
    day_codes,
    discipline_deduction,
)
from .leave import LeaveFactor, LeaveItem, LeaveLine, leave_factor, leave_pct
from .money import allocate, round_down, round_half_up, round_money
from .performance import (
    Punishment,
    active_punishment,
    performance_factor,
    punishment_cut,
)
from .scheme import (
    DEFAULT_EARLY_BANDS,
    DEFAULT_LATE_BANDS,
    DEFAULT_LEAVE_TABLE,
    DEFAULT_PREDICATE_PCT,
    Band,
    LeaveBand,
    TukinScheme,
)
from .tukin import TukinInputs, TukinLine, TukinResult, compute_tukin

__all__ = [
    "DEFAULT_EARLY_BANDS",
    "DEFAULT_LATE_BANDS",
    "DEFAULT_LEAVE_TABLE",
    "DEFAULT_PREDICATE_PCT",
    "Band",
    "CriteriaRule",
    "Criterion",
    "DeductionLine",
    "DisciplineDay",
    "DisciplineDeduction",
    "DisciplineFacts",
    "LeaveBand",
    "LeaveFactor",
    "LeaveItem",
    "LeaveLine",
    "MissingJobClass",
    "Punishment",
    "TukinInputs",
    "TukinLine",
    "TukinResult",
    "TukinScheme",
    "active_punishment",
    "allocate",
    "applicable_criteria",
    "base_amount",
    "classify_early",
    "classify_late",
    "compute_tukin",
    "constants",
    "day_codes",
    "discipline_deduction",
    "leave_factor",
    "leave_pct",
    "national_amount",
    "performance_factor",
    "punishment_cut",
    "round_down",
    "round_half_up",
    "round_money",
]
