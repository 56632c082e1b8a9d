"""A list of years as the officer writes it, read the same way by every screen and command."""

from __future__ import annotations

import pytest

from cchc_desktop.core.year_list import parse_years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("", ()),
        ("2026", (2026,)),
        ("2026, 2025", (2025, 2026)),
        ("2025 – 2027", (2025, 2026, 2027)),
    ],
)
def test_parse_years(text: str, years: tuple[int, ...]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["1999", "2101", "26", "2027-2025", "2025-2026-2027", "20255"])
def test_parse_years_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_years(text)
