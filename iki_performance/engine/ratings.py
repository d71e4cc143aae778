"""Ratings and predicates, domain brief sections 4 and 5 (unit predicate)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from ._checks import number
from .constants import (
    BERAKHLAK,
    DEFAULT_RULES,
    PREDICATE_BAIK,
    PREDICATE_BUTUH_PERBAIKAN,
    PREDICATE_KURANG,
    PREDICATE_SANGAT_BAIK,
    PREDICATE_SANGAT_KURANG,
    RATING_ABOVE,
    RATING_BELOW,
    RATING_MEETS,
    RATINGS,
    SKP_WEIGHT_SUPERVISOR,
    UNIT_BAIK,
    UNIT_BUTUH_PERBAIKAN,
    UNIT_ISTIMEWA,
    UNIT_KURANG,
    UNIT_SANGAT_KURANG,
    Rules,
)

# PermenPAN-RB 6/2022 quadrant: (hasil kerja rating, perilaku rating) -> predicate.
QUADRANT = {
    (RATING_ABOVE, RATING_BELOW): PREDICATE_KURANG,
    (RATING_ABOVE, RATING_MEETS): PREDICATE_BAIK,
    (RATING_ABOVE, RATING_ABOVE): PREDICATE_SANGAT_BAIK,
    (RATING_MEETS, RATING_BELOW): PREDICATE_KURANG,
    (RATING_MEETS, RATING_MEETS): PREDICATE_BAIK,
    (RATING_MEETS, RATING_ABOVE): PREDICATE_BAIK,
    (RATING_BELOW, RATING_BELOW): PREDICATE_SANGAT_KURANG,
    (RATING_BELOW, RATING_MEETS): PREDICATE_BUTUH_PERBAIKAN,
    (RATING_BELOW, RATING_ABOVE): PREDICATE_BUTUH_PERBAIKAN,
}


def _check_rating(rating: str, what: str) -> None:
    if rating not in RATINGS:
        raise ValueError(f"Unknown {what} rating {rating!r}, expected one of {RATINGS}")


def work_rating(
    achievement: float, utama_line_achievements: Iterable[float] = (), rules: Rules = DEFAULT_RULES
) -> str:
    """Hasil kerja rating (``'above'``, ``'meets'`` or ``'below'``) derived from an achievement.

    ``>= rules.work_above_threshold`` -> above, but only when no utama line achievement is below
    ``rules.work_meets_threshold`` (else meets); ``>= rules.work_meets_threshold`` -> meets;
    otherwise below.
    """
    value = number(achievement, "achievement")
    lines = [number(v, "utama line achievement") for v in utama_line_achievements]
    if value >= rules.work_above_threshold:
        if all(v >= rules.work_meets_threshold for v in lines):
            return RATING_ABOVE
        return RATING_MEETS
    if value >= rules.work_meets_threshold:
        return RATING_MEETS
    return RATING_BELOW


def behaviour_rating(value_ratings: Mapping[str, str]) -> str:
    """Overall perilaku kerja rating over the BerAKHLAK value ratings ``{value_key: rating}``.

    The rating held by a strict majority (more than half) of the given values wins, otherwise
    ``'meets'``; ``'above'`` is never returned when any value is rated ``'below'`` (then
    ``'meets'``). Values may be omitted, but at least one is needed; unknown keys or ratings,
    or an empty mapping, raise ValueError.
    """
    if not value_ratings:
        raise ValueError("At least one BerAKHLAK value must be rated")
    for key, rating in value_ratings.items():
        if key not in BERAKHLAK:
            raise ValueError(f"Unknown BerAKHLAK value {key!r}, expected one of {BERAKHLAK}")
        _check_rating(rating, f"behaviour ({key})")
    counts = Counter(value_ratings.values())
    rating, count = counts.most_common(1)[0]
    if count * 2 <= len(value_ratings):
        return RATING_MEETS
    if rating == RATING_ABOVE and counts[RATING_BELOW]:
        return RATING_MEETS
    return rating


def quadrant_predicate(work_rating: str, behaviour_rating: str) -> str:
    """Predicate code from the hasil kerja and perilaku ratings (PermenPAN-RB 6/2022 quadrant)."""
    _check_rating(work_rating, "work")
    _check_rating(behaviour_rating, "behaviour")
    return QUADRANT[work_rating, behaviour_rating]


def numeric_final_score(
    skp_score: float, behaviour_score: float, skp_weight: float = SKP_WEIGHT_SUPERVISOR
) -> float:
    """Final score of the numeric method (PP 30/2019 art. 41).

    ``skp_score * w / 100 + behaviour_score * (100 - w) / 100`` with ``w = skp_weight`` in
    percent (70 by default; ``SKP_WEIGHT_MULTI_RATER`` = 60 when peers and subordinates rate
    behaviour). Models pass ``rules.numeric_skp_weight``.
    """
    skp = number(skp_score, "SKP score")
    behaviour = number(behaviour_score, "behaviour score")
    weight = number(skp_weight, "SKP weight")
    if weight > 100:
        raise ValueError(f"The SKP weight is a percent, got {skp_weight!r}")
    return skp * weight / 100.0 + behaviour * (100.0 - weight) / 100.0


def numeric_predicate(
    score: float, has_innovation: bool = False, rules: Rules = DEFAULT_RULES
) -> str:
    """Predicate code of a numeric final score (defaults: 110/90/70/50 lower bounds).

    Sangat Baik needs ``score >= 110`` and a recorded innovation, otherwise such a score is Baik.
    Scores above the 120 scale maximum are not refused; they fall in the top band.
    """
    value = number(score, "score")
    if value >= rules.numeric_sangat_baik_min and has_innovation:
        return PREDICATE_SANGAT_BAIK
    if value >= rules.numeric_baik_min:
        return PREDICATE_BAIK
    if value >= rules.numeric_butuh_perbaikan_min:
        return PREDICATE_BUTUH_PERBAIKAN
    if value >= rules.numeric_kurang_min:
        return PREDICATE_KURANG
    return PREDICATE_SANGAT_KURANG


def rating_score(rating: str, rules: Rules = DEFAULT_RULES) -> float:
    """Numeric behaviour score (0-120 scale) of a three-level rating, for the numeric method.

    Our defaults, configurable in ``Rules``: above 120 (scale maximum), meets 100 (a target met
    exactly, inside the Baik band), below 60 (inside the Kurang band, under Butuh Perbaikan).
    """
    _check_rating(rating, "behaviour")
    return {
        RATING_ABOVE: rules.rating_score_above,
        RATING_MEETS: rules.rating_score_meets,
        RATING_BELOW: rules.rating_score_below,
    }[rating]


def unit_predicate(achievement: float, rules: Rules = DEFAULT_RULES) -> str:
    """Unit predicate code from the achievement of the unit's own indicators, in percent.

    Defaults (ours, configurable): Istimewa >= 110, Baik >= 90, Butuh Perbaikan >= 70,
    Kurang >= 50, else Sangat Kurang.
    """
    value = number(achievement, "unit achievement")
    if value >= rules.unit_istimewa_min:
        return UNIT_ISTIMEWA
    if value >= rules.unit_baik_min:
        return UNIT_BAIK
    if value >= rules.unit_butuh_perbaikan_min:
        return UNIT_BUTUH_PERBAIKAN
    if value >= rules.unit_kurang_min:
        return UNIT_KURANG
    return UNIT_SANGAT_KURANG
