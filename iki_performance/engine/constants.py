"""Selection keys and rule defaults of the performance engine.

Every rule number lives in :class:`Rules`; models build one from their effective-dated parameter
records (``dataclasses.replace(DEFAULT_RULES, cap=...)``) and pass it to the engine functions.
No other module of the engine holds a rule number.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

# -- Indicator polarity (domain brief section 3) ------------------------------------------------
POLARITY_POSITIVE = "positive"
POLARITY_NEGATIVE = "negative"
POLARITY_RANGE = "range"
POLARITY_BOOLEAN = "boolean"
POLARITIES = (POLARITY_POSITIVE, POLARITY_NEGATIVE, POLARITY_RANGE, POLARITY_BOOLEAN)
POLARITY_LABELS = {
    POLARITY_POSITIVE: "Higher is better",
    POLARITY_NEGATIVE: "Lower is better",
    POLARITY_RANGE: "Range",
    POLARITY_BOOLEAN: "Done / not done",
}

# -- Ratings of work results (hasil kerja) and behaviour (perilaku kerja), section 4 --------------
RATING_ABOVE = "above"
RATING_MEETS = "meets"
RATING_BELOW = "below"
RATINGS = (RATING_ABOVE, RATING_MEETS, RATING_BELOW)
RATING_LABELS = {
    RATING_ABOVE: "Above expectation",
    RATING_MEETS: "Meets expectation",
    RATING_BELOW: "Below expectation",
}

# -- Individual predicate (predikat kinerja), best first -----------------------------------------
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
PREDICATE_LABELS = {
    PREDICATE_SANGAT_BAIK: "Sangat Baik",
    PREDICATE_BAIK: "Baik",
    PREDICATE_BUTUH_PERBAIKAN: "Butuh Perbaikan",
    PREDICATE_KURANG: "Kurang",
    PREDICATE_SANGAT_KURANG: "Sangat Kurang",
}

# -- Unit (organisation) predicate, best first, section 5 -----------------------------------------
UNIT_ISTIMEWA = "istimewa"
UNIT_BAIK = "baik"
UNIT_BUTUH_PERBAIKAN = "butuh_perbaikan"
UNIT_KURANG = "kurang"
UNIT_SANGAT_KURANG = "sangat_kurang"
UNIT_PREDICATES = (
    UNIT_ISTIMEWA,
    UNIT_BAIK,
    UNIT_BUTUH_PERBAIKAN,
    UNIT_KURANG,
    UNIT_SANGAT_KURANG,
)
UNIT_PREDICATE_LABELS = {
    UNIT_ISTIMEWA: "Istimewa",
    UNIT_BAIK: "Baik",
    UNIT_BUTUH_PERBAIKAN: "Butuh Perbaikan",
    UNIT_KURANG: "Kurang",
    UNIT_SANGAT_KURANG: "Sangat Kurang",
}

# -- Plan line kinds ------------------------------------------------------------------------------
LINE_KIND_UTAMA = "utama"
LINE_KIND_TAMBAHAN = "tambahan"
LINE_KINDS = (LINE_KIND_UTAMA, LINE_KIND_TAMBAHAN)
LINE_KIND_LABELS = {
    LINE_KIND_UTAMA: "Utama (main)",
    LINE_KIND_TAMBAHAN: "Tambahan (additional)",
}

# -- The seven BerAKHLAK core values ---------------------------------------------------------------
BERAKHLAK_LABELS = {
    "berorientasi_pelayanan": "Berorientasi Pelayanan",
    "akuntabel": "Akuntabel",
    "kompeten": "Kompeten",
    "harmonis": "Harmonis",
    "loyal": "Loyal",
    "adaptif": "Adaptif",
    "kolaboratif": "Kolaboratif",
}
BERAKHLAK = tuple(BERAKHLAK_LABELS)

# -- Direct-cascade roll-up methods (section 2) ---------------------------------------------------
ROLLUP_SUM = "sum"
ROLLUP_WEIGHTED_AVERAGE = "weighted_average"
ROLLUP_METHODS = (ROLLUP_SUM, ROLLUP_WEIGHTED_AVERAGE)

# -- Numeric method SKP weights in percent (section 4); behaviour gets 100 minus the weight ------
SKP_WEIGHT_SUPERVISOR = 70.0  # behaviour rated by the supervisor: 70/30
SKP_WEIGHT_MULTI_RATER = 60.0  # behaviour rated by peers and subordinates too: 60/40

# -- Distribution rule kinds (section 5) ----------------------------------------------------------
DIST_MAX_SHARE = "max_share"  # share of the predicates must be <= limit percent
DIST_MIN_SHARE = "min_share"  # share of the predicates must be >= limit percent
DIST_MIN_COUNT = "min_count"  # number of staff with the predicates must be >= limit
DIST_NONE_ALLOWED = "none_allowed"  # no staff may hold the predicates (limit is 0)
DISTRIBUTION_RULE_KINDS = (DIST_MAX_SHARE, DIST_MIN_SHARE, DIST_MIN_COUNT, DIST_NONE_ALLOWED)
# Our default: the curve is checked for groups of at least this many staff (below, one or two
# people cannot follow percentages); the agency's result counts all its units' staff together.
DIST_MIN_STAFF = 10


@dataclass(frozen=True)
class DistributionRule:
    """One limit a unit predicate puts on its staff's predicates.

    ``predicates`` are counted together ("Kurang or Butuh Perbaikan"); ``limit`` is a percent
    for the share kinds, a head count for ``min_count`` and 0 for ``none_allowed``.
    """

    unit_predicate: str
    rule: str
    predicates: tuple[str, ...]
    limit: float

    def __post_init__(self):
        if self.unit_predicate not in UNIT_PREDICATES:
            raise ValueError(f"Unknown unit predicate {self.unit_predicate!r}")
        if self.rule not in DISTRIBUTION_RULE_KINDS:
            raise ValueError(f"Unknown distribution rule kind {self.rule!r}")
        if not self.predicates or any(p not in PREDICATES for p in self.predicates):
            raise ValueError(f"Invalid staff predicates {self.predicates!r}")
        if self.limit < 0 or (self.rule != DIST_MIN_COUNT and self.limit > 100):
            raise ValueError(f"Invalid limit {self.limit!r} for rule {self.rule!r}")


# SE MenPAN-RB 3/2023, exactly the table of domain brief section 5.
DEFAULT_DISTRIBUTION = (
    DistributionRule(UNIT_ISTIMEWA, DIST_MAX_SHARE, (PREDICATE_SANGAT_BAIK,), 70.0),
    DistributionRule(UNIT_BAIK, DIST_MAX_SHARE, (PREDICATE_BAIK,), 70.0),
    DistributionRule(UNIT_BAIK, DIST_MIN_COUNT, (PREDICATE_BUTUH_PERBAIKAN, PREDICATE_KURANG), 1.0),
    DistributionRule(UNIT_BUTUH_PERBAIKAN, DIST_MIN_SHARE, (PREDICATE_BUTUH_PERBAIKAN,), 60.0),
    DistributionRule(UNIT_BUTUH_PERBAIKAN, DIST_MAX_SHARE, (PREDICATE_SANGAT_BAIK,), 10.0),
    DistributionRule(UNIT_KURANG, DIST_MIN_SHARE, (PREDICATE_KURANG,), 60.0),
    DistributionRule(UNIT_KURANG, DIST_MIN_SHARE, (PREDICATE_BUTUH_PERBAIKAN,), 10.0),
    DistributionRule(UNIT_KURANG, DIST_MAX_SHARE, (PREDICATE_SANGAT_BAIK,), 10.0),
    DistributionRule(UNIT_SANGAT_KURANG, DIST_MIN_SHARE, (PREDICATE_SANGAT_KURANG,), 60.0),
    DistributionRule(
        UNIT_SANGAT_KURANG, DIST_MIN_SHARE, (PREDICATE_KURANG, PREDICATE_BUTUH_PERBAIKAN), 10.0
    ),
    DistributionRule(UNIT_SANGAT_KURANG, DIST_NONE_ALLOWED, (PREDICATE_SANGAT_BAIK,), 0.0),
)


@dataclass(frozen=True)
class NilaiBand:
    """One segment of the capaian -> nilai conversion: ``base + (C - start) * slope``.

    A band applies from ``start`` (inclusive) up to the next band's start (exclusive).
    """

    start: float
    base: float
    slope: float


# PermenPAN-RB 8/2021 conversion (brief section 3), as continuous half-open bands:
# [0, 60) C*49/59; [60, 80) 50+(C-60)*19/19; [80, 100) 70+(C-80)*19/19; [100, 101) 109;
# [101, 110) 110+(C-101)*10/9; [110, inf) 120.
DEFAULT_NILAI_BANDS = (
    NilaiBand(0.0, 0.0, 49 / 59),
    NilaiBand(60.0, 50.0, 19 / 19),
    NilaiBand(80.0, 70.0, 19 / 19),
    NilaiBand(100.0, 109.0, 0.0),
    NilaiBand(101.0, 110.0, 10 / 9),
    NilaiBand(110.0, 120.0, 0.0),
)


@dataclass(frozen=True)
class Rules:
    """Every rule number of the performance engine, with the domain brief's defaults.

    Thresholds are inclusive lower bounds ("achievement >= threshold"). ``cap=None`` means
    uncapped. The unit predicate thresholds and the ``rating_score_*`` values are our own
    defaults: the brief leaves them configurable without giving numbers.
    """

    # Section 3: achievement cap (percent) applied before any aggregation; None = uncapped.
    cap: float | None = 120.0
    # Section 3: at most this many points added by tambahan (additional) lines.
    tambahan_bonus_max: float = 10.0
    # Section 3: capaian -> 0-120 nilai conversion.
    nilai_bands: tuple[NilaiBand, ...] = DEFAULT_NILAI_BANDS
    nilai_max: float = 120.0
    nilai_full_target: float = 100.0  # capaian at which a "target is the maximum" line gets max
    # Section 4: hasil kerja rating thresholds.
    work_above_threshold: float = 110.0
    work_meets_threshold: float = 90.0
    # Section 4: numeric method, SKP weight in percent (behaviour gets the rest): 70/30, or
    # SKP_WEIGHT_MULTI_RATER (60/40) when peers and subordinates rate behaviour.
    numeric_skp_weight: float = SKP_WEIGHT_SUPERVISOR
    # Section 4: numeric predicate bands (lower bounds; Sangat Baik also needs an innovation).
    numeric_sangat_baik_min: float = 110.0
    numeric_baik_min: float = 90.0
    numeric_butuh_perbaikan_min: float = 70.0
    numeric_kurang_min: float = 50.0
    # Our defaults: behaviour rating -> numeric behaviour score (see ratings.rating_score).
    rating_score_above: float = 120.0
    rating_score_meets: float = 100.0
    rating_score_below: float = 60.0
    # Section 5, our defaults (the brief says "thresholds configurable" without numbers):
    # Istimewa >= 110, Baik >= 90, Butuh Perbaikan >= 70, Kurang >= 50, else Sangat Kurang,
    # i.e. the same bands as the numeric individual predicate.
    unit_istimewa_min: float = 110.0
    unit_baik_min: float = 90.0
    unit_butuh_perbaikan_min: float = 70.0
    unit_kurang_min: float = 50.0
    # Section 5: distribution limits per unit predicate, checked from this many staff.
    distribution: tuple[DistributionRule, ...] = field(default=DEFAULT_DISTRIBUTION)
    distribution_min_staff: int = DIST_MIN_STAFF

    def __post_init__(self):
        if self.cap is not None and not self.cap > 0:
            raise ValueError(f"The achievement cap must be positive or None, got {self.cap!r}")
        if self.tambahan_bonus_max < 0:
            raise ValueError("The tambahan bonus maximum cannot be negative")
        if not 0 <= self.work_meets_threshold <= self.work_above_threshold:
            raise ValueError("Work rating thresholds must satisfy 0 <= meets <= above")
        if not 0 <= self.numeric_skp_weight <= 100:
            raise ValueError("numeric_skp_weight must be a percent between 0 and 100")
        _check_descending(
            "numeric predicate",
            self.numeric_sangat_baik_min,
            self.numeric_baik_min,
            self.numeric_butuh_perbaikan_min,
            self.numeric_kurang_min,
        )
        _check_descending(
            "unit predicate",
            self.unit_istimewa_min,
            self.unit_baik_min,
            self.unit_butuh_perbaikan_min,
            self.unit_kurang_min,
        )
        _check_descending(
            "rating score",
            self.rating_score_above,
            self.rating_score_meets,
            self.rating_score_below,
        )
        starts = [band.start for band in self.nilai_bands]
        if not starts or starts[0] != 0 or any(a >= b for a, b in itertools.pairwise(starts)):
            raise ValueError("Nilai bands must start at 0 and be in strictly ascending order")
        if any(band.base < 0 or band.slope < 0 for band in self.nilai_bands):
            raise ValueError("Nilai bands need non-negative bases and slopes")
        if self.nilai_max <= 0:
            raise ValueError("nilai_max must be positive")
        if (
            isinstance(self.distribution_min_staff, bool)
            or not isinstance(self.distribution_min_staff, int)
            or self.distribution_min_staff < 0
        ):
            raise ValueError("distribution_min_staff must be a non-negative integer")

    @property
    def behaviour_weight(self) -> float:
        """Behaviour weight in percent for the numeric method (100 - ``numeric_skp_weight``)."""
        return 100.0 - self.numeric_skp_weight

    def distribution_for(self, unit_predicate: str) -> tuple[DistributionRule, ...]:
        """Distribution rules of one unit predicate, in table order."""
        if unit_predicate not in UNIT_PREDICATES:
            raise ValueError(f"Unknown unit predicate {unit_predicate!r}")
        return tuple(r for r in self.distribution if r.unit_predicate == unit_predicate)


def _check_descending(what: str, *bounds: float) -> None:
    if any(b < 0 for b in bounds) or any(a < b for a, b in itertools.pairwise(bounds)):
        raise ValueError(f"The {what} thresholds must be non-negative and descending")


DEFAULT_RULES = Rules()
