"""Checks of the raw values a client sends in ``create``/``write``, before the ORM converts them.

Model-independent: :func:`value_problem` looks at one value and the type of its field and
returns a problem code (or None); ``iki.input.mixin`` turns the code into a translated message
naming the record and the field. Without these checks the values fail later and without a name:
a NUL character or an impossible date at the INSERT or the flush (a raw psycopg2 error that
echoes the SQL), ``"abc"`` in a number field at the conversion (a raw ``ValueError``), an
infinite or NaN float is stored and breaks the computations that read it, and a date in year
9999 overflows the first computation that adds months to it.
"""

import datetime
import math
from decimal import Decimal
from numbers import Real

from odoo import fields

NUL = "\x00"
# Dates and datetimes are accepted from DATE_MIN to DATE_MAX: wide enough for birthdays and
# for planning far ahead, narrow enough that adding years or months never overflows.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2200, 12, 31)
# PostgreSQL ``integer`` columns (Odoo's Integer fields).
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1

PROBLEM_NUL = "nul"
PROBLEM_DATE = "date"
PROBLEM_DATETIME = "datetime"
PROBLEM_DATE_RANGE = "date_range"
PROBLEM_NUMBER = "number"
PROBLEM_NOT_FINITE = "not_finite"
PROBLEM_INTEGER = "integer"
PROBLEM_INTEGER_RANGE = "integer_range"

NUMBER_TYPES = ("float", "monetary")


def _date_problem(value, converter):
    try:
        parsed = converter(value)
    except (ValueError, TypeError, OverflowError):
        return PROBLEM_DATE if converter is fields.Date.to_date else PROBLEM_DATETIME
    day = parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    if day and not DATE_MIN <= day <= DATE_MAX:
        return PROBLEM_DATE_RANGE
    return None


def _number_problem(value):
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return PROBLEM_NUMBER
    elif not isinstance(value, Real | Decimal):
        return PROBLEM_NUMBER
    try:
        return None if math.isfinite(float(value)) else PROBLEM_NOT_FINITE
    except (OverflowError, ValueError):  # an int or Decimal beyond the float range
        return PROBLEM_NOT_FINITE


def _integer_problem(value):
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            return PROBLEM_INTEGER
    elif not isinstance(value, Real | Decimal):
        return PROBLEM_INTEGER
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        return PROBLEM_NOT_FINITE
    return None if INT_MIN <= value <= INT_MAX else PROBLEM_INTEGER_RANGE


def value_problem(field_type, value):
    """Return the problem code of ``value`` written to a field of ``field_type``, or None.

    Any string containing a NUL character is refused (``PROBLEM_NUL``); dates and datetimes
    must parse as Odoo parses them and lie within ``DATE_MIN``..``DATE_MAX``; floats must be
    finite numbers; integers must be whole numbers that fit PostgreSQL's ``integer``. Empty
    values (False, None, "") are never a problem here (``required`` is the ORM's business).
    """
    if isinstance(value, str) and NUL in value:
        return PROBLEM_NUL
    if value is None or value is False or value == "":
        return None
    if field_type == "date":
        return _date_problem(value, fields.Date.to_date)
    if field_type == "datetime":
        return _date_problem(value, fields.Datetime.to_datetime)
    if field_type in NUMBER_TYPES:
        return _number_problem(value)
    if field_type == "integer":
        return _integer_problem(value)
    return None
