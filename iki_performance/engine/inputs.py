"""Raw values typed by users, checked before they reach the scoring functions.

A realisation arrives from a form, the portal or any RPC client as a number, a string or
nothing; :func:`parse_realization` turns it into the float the engine computes with, or refuses
it with an :class:`InputError` whose ``code`` the models translate into a message naming the
employee, indicator and field.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from numbers import Real
from typing import Any

# Default bound of |realisation| in the indicator's unit, when neither the indicator nor the
# rule set gives one (e.g. 1e9: a billion rupiah, documents, percent points...).
REALIZATION_MAX_DEFAULT = 1e9
# No configured bound may exceed this: a thousand of such values still add up to a finite float
# with every digit a user types (a float holds 15-16 significant digits).
REALIZATION_MAX_LIMIT = 1e15

INPUT_NOT_A_NUMBER = "not_a_number"
INPUT_NOT_FINITE = "not_finite"
INPUT_TOO_LARGE = "too_large"
INPUT_CODES = (INPUT_NOT_A_NUMBER, INPUT_NOT_FINITE, INPUT_TOO_LARGE)

# ASCII digits with an optional sign and '.' decimal point: "12", "-3.5", ".5", "12." (no
# thousands separators, no decimal comma, no exponent, no Arabic-Indic or fullwidth digits).
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class InputError(ValueError):
    """A value refused as input; ``code`` is one of :data:`INPUT_CODES`."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def parse_realization(value: Any, maximum: float | None = REALIZATION_MAX_DEFAULT) -> float | None:
    """Return the realisation ``value`` as a float, or None when it is cleared.

    Cleared: ``None``, ``False`` or a blank string (the realisation is then *not entered*,
    which is not an entered 0). Accepted: ints, floats and Decimals (not ``True``), and strings
    of ASCII digits with an optional sign and a '.' decimal point. Refused with an
    :class:`InputError`: anything else (``INPUT_NOT_A_NUMBER``), infinities and NaN
    (``INPUT_NOT_FINITE``), and a magnitude above ``maximum`` (``INPUT_TOO_LARGE``; None = no
    bound).
    """
    if value is None or value is False:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not _DECIMAL_RE.fullmatch(text):
            raise InputError(
                INPUT_NOT_A_NUMBER,
                f"{value!r} is not a number: use digits with a '.' decimal point",
            )
        value = text
    elif isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise InputError(INPUT_NOT_A_NUMBER, f"{value!r} is not a number")
    try:
        result = float(value)
    except (OverflowError, ValueError) as err:  # a Decimal beyond the float range
        raise InputError(INPUT_NOT_FINITE, f"{value!r} is not a finite number") from err
    if not math.isfinite(result):
        raise InputError(INPUT_NOT_FINITE, f"{value!r} is not a finite number")
    if maximum is not None and abs(result) > maximum:
        raise InputError(INPUT_TOO_LARGE, f"{value!r} is larger than {maximum:g} in magnitude")
    return result
