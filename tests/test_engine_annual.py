"""Database-free tests of the annual evaluation helpers of the iki_performance engine.

Run with ``.venv/bin/python -m pytest -q -p no:odoo tests/test_engine_annual.py``.
"""

import pytest
from engine_loader import load_engine

load_engine("iki_performance")
from iki_performance_engine_standalone.annual import suggested_annual_rating  # noqa: E402


def test_most_frequent_rating_wins():
    assert suggested_annual_rating(["meets", "above", "meets"]) == "meets"
    assert suggested_annual_rating(["below", None, "below", "above"]) == "below"
    assert suggested_annual_rating(iter(["above"] * 7 + ["meets"] * 5)) == "above"


def test_tie_goes_to_the_latest_month():
    assert suggested_annual_rating(["meets", "above"]) == "above"
    assert suggested_annual_rating(["above", "meets", "below", "meets"]) == "meets"
    assert suggested_annual_rating(["meets", "above", "above", "meets"]) == "meets"


def test_months_without_rating_are_skipped():
    assert suggested_annual_rating([]) is None
    assert suggested_annual_rating([None, False, ""]) is None
    assert suggested_annual_rating([None, "below"]) == "below"


@pytest.mark.parametrize("ratings", [["excellent"], ["meets", "Above"]])
def test_unknown_rating_refused(ratings):
    with pytest.raises(ValueError):
        suggested_annual_rating(ratings)
