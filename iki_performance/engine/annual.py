"""Annual evaluation helpers, domain brief section 4 ("annual evaluation at year end from the
monthly results").

The annual achievement itself is :func:`scoring.annual_achievement`; this module holds what the
annual evaluation needs besides it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .constants import RATINGS


def suggested_annual_rating(monthly_ratings: Iterable[str | None]) -> str | None:
    """Suggested annual rating from the monthly ratings given in month order (oldest first).

    The most frequent rating wins; a tie goes to the tied rating of the most recent month (the
    latest behaviour weighs most). Empty values (months without a rating) are skipped; ``None``
    is returned when no month has a rating. Unknown ratings raise ValueError.
    """
    ratings = [r for r in monthly_ratings if r]
    for rating in ratings:
        if rating not in RATINGS:
            raise ValueError(f"Unknown rating {rating!r}, expected one of {RATINGS}")
    if not ratings:
        return None
    counts = Counter(ratings)
    top = max(counts.values())
    return next(r for r in reversed(ratings) if counts[r] == top)
