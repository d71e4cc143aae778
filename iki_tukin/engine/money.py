"""Decimal helpers: conversion, percentage checks, rounding to the rupiah, exact allocation."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .constants import ROUNDING_DOWN, ROUNDING_HALF_UP, ROUNDING_MODES

HUNDRED = Decimal(100)
RUPIAH = Decimal(1)


def to_decimal(value: Any, what: str) -> Decimal:
    """``value`` as a Decimal; floats go through ``str`` so 0.1 stays 0.1. ValueError otherwise."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"{what} must be a number, got {value!r}")
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{what} must be a number, got {value!r}") from None
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return result


def check_pct(value: Any, what: str, maximum: Decimal | int | None = HUNDRED) -> Decimal:
    """A percentage as a Decimal in ``[0, maximum]`` (no upper bound when ``maximum`` is None)."""
    pct = to_decimal(value, what)
    if pct < 0:
        raise ValueError(f"{what} cannot be negative (got {pct}%)")
    if maximum is not None and pct > maximum:
        raise ValueError(f"{what} cannot exceed {maximum}% (got {pct}%)")
    return pct


def check_amount(value: Any, what: str) -> Decimal:
    """A non-negative money amount as a Decimal."""
    amount = to_decimal(value, what)
    if amount < 0:
        raise ValueError(f"{what} cannot be negative (got {amount})")
    return amount


def check_rounding(mode: str) -> str:
    """``mode`` if it is a known rounding key, else ValueError."""
    if mode not in ROUNDING_MODES:
        raise ValueError(f"Unknown rounding mode {mode!r}; expected one of {ROUNDING_MODES}")
    return mode


def round_half_up(value: Decimal | int) -> Decimal:
    """``value`` rounded to the rupiah, halves away from zero (Rp 0.5 -> Rp 1)."""
    return Decimal(value).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def round_down(value: Decimal | int) -> Decimal:
    """``value`` truncated to the rupiah (toward zero; engine amounts are never negative)."""
    return Decimal(value).quantize(RUPIAH, rounding=ROUND_DOWN)


def round_money(value: Decimal | int, mode: str = ROUNDING_HALF_UP) -> Decimal:
    """``value`` rounded to the rupiah with the scheme's rounding ``mode``."""
    if check_rounding(mode) == ROUNDING_DOWN:
        return round_down(value)
    return round_half_up(value)


def allocate(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Split the whole-rupiah ``total`` over exact ``shares`` (summing to about ``total``).

    Each share is floored, then the missing rupiahs go one by one to the largest fractional
    parts (first share wins a tie). The result sums exactly to ``total``; it needs
    ``sum(floors) <= total <= sum(floors) + len(shares)``, which holds whenever ``total`` is
    ``sum(shares)`` rounded to the rupiah by either scheme rounding.
    """
    floors = [share.quantize(RUPIAH, rounding=ROUND_FLOOR) for share in shares]
    missing = int(total - sum(floors, Decimal(0)))
    if not 0 <= missing <= len(shares):
        raise ValueError(f"Cannot allocate {total} over shares {list(shares)}")
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return floors
