"""Input validation shared by the engine modules."""

from __future__ import annotations

import math
from decimal import Decimal
from numbers import Real
from typing import Any


def number(value: Any, name: str) -> float:
    """Return ``value`` as a finite, non-negative float, or raise ValueError naming it."""
    if value is None:
        raise ValueError(f"The {name} is missing")
    if not isinstance(value, Real | Decimal):
        # ValueError, not TypeError: callers catch one exception type for every refusal.
        raise ValueError(f"The {name} must be a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"The {name} must be a finite number, got {value!r}")
    if result < 0:
        raise ValueError(f"The {name} cannot be negative, got {value!r}")
    return result
