"""Base amount per job class (kelas jabatan) and criteria percentages of the base."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .constants import BASE_INDEX
from .money import check_pct, round_money
from .scheme import TukinScheme, _check_whole, _set


class MissingJobClass(KeyError):
    """The scheme has no amount for ``job_class`` (a ``KeyError``)."""

    def __init__(self, job_class: int, table: str = "base table") -> None:
        super().__init__(job_class)
        self.job_class = job_class
        self.table = table

    def __str__(self) -> str:
        return f"The Tukin {self.table} has no amount for job class {self.job_class}"


def national_amount(job_class: int, scheme: TukinScheme) -> Decimal:
    """Unrounded national amount of ``job_class`` (index mode); MissingJobClass if absent."""
    try:
        return scheme.national_table[job_class]
    except KeyError:
        raise MissingJobClass(job_class, "national table") from None


def base_amount(job_class: int, scheme: TukinScheme) -> Decimal:
    """Base amount in whole rupiah: ``base_table[job_class]`` (table mode) or
    ``national_table[job_class] x regional_index`` (index mode), rounded by the scheme rounding.

    Raises :class:`MissingJobClass` when the class has no amount.
    """
    if scheme.base_mode == BASE_INDEX:
        amount = national_amount(job_class, scheme) * scheme.regional_index
    else:
        try:
            amount = scheme.base_table[job_class]
        except KeyError:
            raise MissingJobClass(job_class) from None
    return round_money(amount, scheme.rounding)


@dataclass(frozen=True)
class Criterion:
    """A criterion applicable to one employee: ``pct`` percent of the base (no upper bound)."""

    name: str
    pct: Decimal
    source: Any = None

    def __post_init__(self) -> None:
        _set(self, "pct", check_pct(self.pct, f"criterion {self.name!r}", maximum=None))


@dataclass(frozen=True)
class CriteriaRule:
    """A criterion of the scheme with its scope.

    It applies to job classes ``min_class..max_class`` (None = unbounded) and, when
    ``post_types`` is not empty, only to employees holding one of those post types
    (e.g. ``budget_user``).
    """

    name: str
    pct: Decimal
    min_class: int | None = None
    max_class: int | None = None
    post_types: frozenset[str] = field(default_factory=frozenset)
    source: Any = None

    def __post_init__(self) -> None:
        _set(self, "pct", check_pct(self.pct, f"criterion {self.name!r}", maximum=None))
        for attr in ("min_class", "max_class"):
            value = getattr(self, attr)
            if value is not None:
                _set(
                    self,
                    attr,
                    _check_whole(value, f"criterion {self.name!r} {attr}", 1),
                )
        if self.min_class and self.max_class and self.max_class < self.min_class:
            raise ValueError(f"Criterion {self.name!r}: class range ends before it starts")
        post_types = self.post_types
        _set(
            self,
            "post_types",
            frozenset([post_types] if isinstance(post_types, str) else post_types),
        )

    def applies(self, job_class: int, post_types: frozenset[str]) -> bool:
        """Whether the rule covers ``job_class`` and one of ``post_types``."""
        if self.min_class is not None and job_class < self.min_class:
            return False
        if self.max_class is not None and job_class > self.max_class:
            return False
        return not self.post_types or bool(self.post_types & post_types)


def applicable_criteria(
    criteria_rules: Sequence[CriteriaRule],
    job_class: int,
    post_type: str | Iterable[str] | None = None,
) -> tuple[Criterion, ...]:
    """Criteria of the rules covering ``job_class`` and ``post_type`` (one key or several).

    Rules sharing a name are alternatives by class range (workload 50 % for classes 1-2, 40 %
    for 3-4 ...): two of them matching the same employee is a ValueError.
    """
    if post_type is None:
        post_types = frozenset()
    elif isinstance(post_type, str):
        post_types = frozenset([post_type])
    else:
        post_types = frozenset(post_type)
    result: list[Criterion] = []
    for rule in criteria_rules:
        if not rule.applies(job_class, post_types):
            continue
        if any(criterion.name == rule.name for criterion in result):
            raise ValueError(
                f"Several criteria rules named {rule.name!r} apply to job class {job_class}"
            )
        result.append(Criterion(rule.name, rule.pct, rule.source))
    return tuple(result)
