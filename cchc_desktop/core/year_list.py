"""A list of years as the officer writes it: «2026», «2025, 2026», «2025 - 2027».

One reader for every place that takes years as text: the years a criteria set applies to
(the import dialog) and the years of a data package (``package export --years``).
"""

from __future__ import annotations

import re

from cchc_desktop.core.text import normalize_text

# The years a criteria set may apply to (as an Excel sheet's bare year is read).
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_CHARACTERS = r"[0-9 ,;\-–]*"  # what a field of years accepts while being typed


def parse_years(
    text: str, *, bounds: tuple[int, int] | None = (FIRST_YEAR, LAST_YEAR)
) -> tuple[int, ...]:
    """``"2026"``, ``"2025, 2026"``, ``"2025; 2026"``, ``"2025 - 2027"`` (also with «–») →
    the years, sorted, each once; empty → ``()``.

    Raises ``ValueError`` (Vietnamese) for a part that is not a four-digit year or a range
    of two, a range going backwards, or a year outside ``bounds`` (None: any four-digit
    year, the caller judges).
    """
    raw = normalize_text(text).replace("–", "-")
    if not raw:
        return ()
    years: set[int] = set()
    for part in re.split(r"[,;]", raw):
        part = part.strip()
        if not part:
            continue
        ends = [end.strip() for end in part.split("-")]
        if len(ends) > 2 or not all(re.fullmatch(r"\d{4}", end) for end in ends):
            raise ValueError(
                f"Năm «{part}» không hợp lệ. Ghi năm như 2026, hoặc 2025, 2026, hoặc 2025 - 2027."
            )
        low, high = int(ends[0]), int(ends[-1])
        if bounds is not None:
            for year in (low, high):
                if not bounds[0] <= year <= bounds[1]:
                    raise ValueError(
                        f"Năm {year} không hợp lệ: năm áp dụng phải từ {bounds[0]} đến {bounds[1]}."
                    )
        if high < low:
            raise ValueError(f"Khoảng năm «{part}»: năm đầu phải trước năm cuối.")
        years.update(range(low, high + 1))
    return tuple(sorted(years))


def years_text(years: tuple[int, ...]) -> str:
    """The years as the field shows them: «2025, 2026»."""
    return ", ".join(str(y) for y in years)
