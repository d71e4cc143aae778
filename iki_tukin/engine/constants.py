"""Selection keys and line codes of the Tukin / TPP engine (domain brief sections 4 and 8).

Keys only: every rule number (amounts, percentages, bands) lives in
:class:`~.scheme.TukinScheme`. Models and tests import these names instead of repeating strings.
Labels are English source strings; the models translate them.
"""

from __future__ import annotations

from decimal import Decimal

# -- Rounding of money to the rupiah -------------------------------------------------------------
ROUNDING_HALF_UP = "half_up"
ROUNDING_DOWN = "down"
ROUNDING_MODES = (ROUNDING_HALF_UP, ROUNDING_DOWN)

# -- Base amount: a table per job class, or national amount x regional index ---------------------
BASE_TABLE = "table"
BASE_INDEX = "index"
BASE_MODES = (BASE_TABLE, BASE_INDEX)

# -- Criteria: added to the base, or the gross is made of criteria only ------------------------
CRITERIA_ADDITIVE = "additive"  # gross = base + sum(base x pct)
CRITERIA_COMPOSED = "composed"  # gross = sum(base x pct); base alone when no criteria
CRITERIA_MODES = (CRITERIA_ADDITIVE, CRITERIA_COMPOSED)

# -- Split of the payable gross -------------------------------------------------------------------
SPLIT_SPLIT = "split"  # performance part + discipline part
SPLIT_WHOLE = "whole"  # the whole amount is scaled by performance
SPLIT_MODES = (SPLIT_SPLIT, SPLIT_WHOLE)

# -- How the month's result scales the performance part -------------------------------------------
PERFORMANCE_PROPORTIONAL = "proportional"
PERFORMANCE_PREDICATE = "predicate"
PERFORMANCE_MODES = (PERFORMANCE_PROPORTIONAL, PERFORMANCE_PREDICATE)

# -- What discipline deductions are a percentage of ------------------------------------------------
DEDUCTION_ON_DISCIPLINE = "discipline"  # the discipline part only
DEDUCTION_ON_WHOLE = "whole"  # performance amount + discipline part
DEDUCTION_TARGETS = (DEDUCTION_ON_DISCIPLINE, DEDUCTION_ON_WHOLE)

# -- Discipline codes ------------------------------------------------------------------------------
TL1 = "TL1"
TL2 = "TL2"
TL3 = "TL3"
TL4 = "TL4"
PSW1 = "PSW1"
PSW2 = "PSW2"
PSW3 = "PSW3"
PSW4 = "PSW4"
ABSENT = "ABSENT"
LATE_SUBMISSION = "LATE_SUBMISSION"
MISSING_SUBMISSION = "MISSING_SUBMISSION"
LATE_CODES = (TL1, TL2, TL3, TL4)
EARLY_CODES = (PSW1, PSW2, PSW3, PSW4)
DISCIPLINE_CODES = (
    *LATE_CODES,
    *EARLY_CODES,
    ABSENT,
    LATE_SUBMISSION,
    MISSING_SUBMISSION,
)
# Adjustment lines of a deduction total (not occurrences): the absence streak lifts the total
# to 100 %, the cap brings a total above 100 % back to 100 %.
ABSENT_STREAK = "ABSENT_STREAK"
DEDUCTION_CAP = "DEDUCTION_CAP"
DISCIPLINE_LABELS = {
    TL1: "Late arrival TL1",
    TL2: "Late arrival TL2",
    TL3: "Late arrival TL3",
    TL4: "Late arrival TL4",
    PSW1: "Early leave PSW1",
    PSW2: "Early leave PSW2",
    PSW3: "Early leave PSW3",
    PSW4: "Early leave PSW4",
    ABSENT: "Absent without reason",
    LATE_SUBMISSION: "Late monthly submission",
    MISSING_SUBMISSION: "Missing monthly submission",
    ABSENT_STREAK: "Consecutive absence: total deduction 100%",
    DEDUCTION_CAP: "Deductions capped at 100%",
}

# -- Reasons why no Tukin is paid for the month ----------------------------------------------------
STOP_SUSPENSION = "suspension"
STOP_STUDY_LEAVE = "study_leave"
STOP_NO_DEFINITIVE_POST = "no_definitive_post"
STOP_FULL_MONTH_LEAVE = "full_month_leave"
STOP_REASONS = (
    STOP_SUSPENSION,
    STOP_STUDY_LEAVE,
    STOP_NO_DEFINITIVE_POST,
    STOP_FULL_MONTH_LEAVE,
)
STOP_LABELS = {
    STOP_SUSPENSION: "Suspended",
    STOP_STUDY_LEAVE: "Study leave",
    STOP_NO_DEFINITIVE_POST: "No definitive post",
    STOP_FULL_MONTH_LEAVE: "Leave for the whole month",
}

# -- Predicate codes (predikat kinerja), best first, same keys as iki_performance ----------------
PREDICATE_SANGAT_BAIK = "sangat_baik"
PREDICATE_BAIK = "baik"
PREDICATE_BUTUH_PERBAIKAN = "butuh_perbaikan"
PREDICATE_KURANG = "kurang"
PREDICATE_SANGAT_KURANG = "sangat_kurang"
PREDICATES = (
    PREDICATE_SANGAT_BAIK,
    PREDICATE_BAIK,
    PREDICATE_BUTUH_PERBAIKAN,
    PREDICATE_KURANG,
    PREDICATE_SANGAT_KURANG,
)

# -- Leave types (cuti) known to the default leave table -------------------------------------------
LEAVE_ANNUAL = "annual"  # cuti tahunan
LEAVE_SICK = "sick"  # cuti sakit
LEAVE_BIG = "big"  # cuti besar
LEAVE_MATERNITY = "maternity"  # cuti melahirkan
LEAVE_TYPES = (LEAVE_ANNUAL, LEAVE_SICK, LEAVE_BIG, LEAVE_MATERNITY)

# -- Moderate disciplinary punishment (PP 94/2021): usual cut and durations ------------------------
MODERATE_PUNISHMENT_PCT = Decimal(25)
MODERATE_PUNISHMENT_MONTHS = (6, 9, 12)

# -- Codes of the explanation lines of a Tukin result (discipline lines use the codes above) ------
LINE_STOP = "STOP"
LINE_BASE = "BASE"
LINE_CRITERIA = "CRITERIA"
LINE_LEAVE = "LEAVE"
LINE_PERFORMANCE_PART = "PERFORMANCE_PART"
LINE_DISCIPLINE_PART = "DISCIPLINE_PART"
LINE_PERFORMANCE = "PERFORMANCE"
LINE_PUNISHMENT = "PUNISHMENT"
LINE_LABELS = {
    LINE_STOP: "No Tukin this month",
    LINE_BASE: "Base amount",
    LINE_CRITERIA: "Criterion",
    LINE_LEAVE: "Leave",
    LINE_PERFORMANCE_PART: "Performance part",
    LINE_DISCIPLINE_PART: "Discipline part",
    LINE_PERFORMANCE: "Performance result",
    LINE_PUNISHMENT: "Disciplinary punishment",
    **DISCIPLINE_LABELS,
}
