"""Database-free tests of the input checks of the iki_performance engine (issue 8): the
realisation typed by a user and the digits of a NIP.

Run with ``.venv/bin/python -m pytest -q -p no:odoo tests/test_engine_inputs.py``.
"""

import datetime
import importlib
import math
from decimal import Decimal

import pytest
from engine_loader import load_engine
from hypothesis import given
from hypothesis import strategies as st

engine = load_engine("iki_performance")
inputs = engine.inputs
nip = importlib.import_module(f"{engine.__name__}.nip")
parse_realization = engine.parse_realization
InputError = engine.InputError
MAX = inputs.REALIZATION_MAX_DEFAULT

VALID_NIP = nip.make_nip(datetime.date(1985, 3, 12), 2010, 3, nip.SEX_FEMALE, 7)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# -- Realisation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cleared", [None, False, "", "   "])
def test_cleared_realisation_is_none(cleared):
    assert parse_realization(cleared) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0.0),
        (12, 12.0),
        (12.5, 12.5),
        (Decimal("12.5"), 12.5),
        ("12.5", 12.5),
        (" -3.25 ", -3.25),
        ("+7", 7.0),
        (".5", 0.5),
        ("12.", 12.0),
        (MAX, MAX),
        (-MAX, -MAX),
    ],
)
def test_numbers_accepted(value, expected):
    assert parse_realization(value) == expected


@pytest.mark.parametrize(
    "value",
    ["abc", "12,5", "1.234,5", "1,234.5", "1e3", "1_000", "12.5.1", "٤٢", "４２", "-", ".", True],
)
def test_not_a_number(value):
    with pytest.raises(InputError) as caught:
        parse_realization(value)
    assert caught.value.code == inputs.INPUT_NOT_A_NUMBER


@pytest.mark.parametrize("value", [[1], {"a": 1}, object()])
def test_other_types_not_a_number(value):
    with pytest.raises(InputError) as caught:
        parse_realization(value)
    assert caught.value.code == inputs.INPUT_NOT_A_NUMBER


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, Decimal("Infinity"), Decimal("NaN"), Decimal("1e400")]
)
def test_not_finite(value):
    with pytest.raises(InputError) as caught:
        parse_realization(value, maximum=None)
    assert caught.value.code == inputs.INPUT_NOT_FINITE


@pytest.mark.parametrize("value", [1e308, -1e308, MAX * 1.000001, "1" + "0" * 10, 10**400])
def test_too_large(value):
    with pytest.raises(InputError) as caught:
        parse_realization(value)
    assert caught.value.code in (inputs.INPUT_TOO_LARGE, inputs.INPUT_NOT_FINITE)


def test_bound_is_a_parameter():
    assert parse_realization(100, maximum=100) == 100.0
    with pytest.raises(InputError) as caught:
        parse_realization(100.5, maximum=100)
    assert caught.value.code == inputs.INPUT_TOO_LARGE
    assert parse_realization(1e300, maximum=None) == 1e300


def test_refusals_are_value_errors():
    # Callers that catch ValueError from the engine catch these too.
    assert issubclass(InputError, ValueError)
    assert set(inputs.INPUT_CODES) == {
        inputs.INPUT_NOT_A_NUMBER,
        inputs.INPUT_NOT_FINITE,
        inputs.INPUT_TOO_LARGE,
    }


def test_limits():
    assert 0 < MAX <= inputs.REALIZATION_MAX_LIMIT
    # A thousand realisations at the largest configurable bound still add up to a finite sum.
    assert math.isfinite(inputs.REALIZATION_MAX_LIMIT * 1000)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-MAX, max_value=MAX))
def test_finite_floats_within_the_bound_pass_unchanged(value):
    assert parse_realization(value) == value


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-MAX, max_value=MAX, places=4))
def test_decimal_strings_within_the_bound_parse(value):
    assert parse_realization(f"{value:f}") == float(value)


# -- NIP digits -----------------------------------------------------------------------------------


def test_valid_nip_parses():
    assert nip.parse_nip(VALID_NIP).birth_date == datetime.date(1985, 3, 12)


@pytest.mark.parametrize("table", [ARABIC_INDIC, FULLWIDTH])
def test_non_ascii_digits_refused(table):
    other = VALID_NIP.translate(table)
    assert other.isdigit()  # the trap: str.isdigit() accepts them, and int() reads them
    with pytest.raises(nip.NipError) as caught:
        nip.parse_nip(other)
    assert caught.value.code == "digits"


@pytest.mark.parametrize(
    "value", [VALID_NIP[:-1] + "A", VALID_NIP[:-1] + "\x00", VALID_NIP.replace("1", "١", 1)]
)
def test_any_other_character_refused(value):
    with pytest.raises(nip.NipError) as caught:
        nip.parse_nip(value)
    assert caught.value.code == "digits"


def test_length_checked_after_the_digits():
    with pytest.raises(nip.NipError) as caught:
        nip.parse_nip(VALID_NIP[:-1])
    assert caught.value.code == "format"
    assert nip.parse_nip(" ".join((VALID_NIP[:8], VALID_NIP[8:]))).serial == "007"
