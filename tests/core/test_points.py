"""Points (core/points.py): a sum of what is scored, and per cent of a maximum."""

from __future__ import annotations

from decimal import Decimal

from cchc_desktop.core.points import ZERO, percent_of, sum_present


def test_nothing_scored_is_not_zero() -> None:
    assert sum_present([]) is None
    assert sum_present([None, None]) is None
    assert sum_present([Decimal("0.5"), None, Decimal("0.25")]) == Decimal("0.75")
    assert sum_present([ZERO]) == ZERO


def test_per_cent_of_a_maximum() -> None:
    assert percent_of(Decimal("7.5"), Decimal(10)) == Decimal(75)
    assert percent_of(Decimal(3), ZERO) is None
