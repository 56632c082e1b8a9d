from datetime import date, datetime

from cchc_desktop.core.text import (
    format_date,
    format_datetime,
    format_decimal,
    format_size,
    normalize_text,
)


def test_normalize_text() -> None:
    assert normalize_text(None) == ""
    assert normalize_text("  a \n b\t") == "a b"
    assert normalize_text("Hòa") == "Hòa"  # NFD in, NFC out
    assert len(normalize_text("Hòa")) == 3


def test_dates_are_dd_mm_yyyy_with_leading_zeros() -> None:
    assert format_date(date(2021, 6, 4)) == "04/06/2021"
    assert format_datetime(datetime(2026, 1, 2, 9, 5)) == "02/01/2026 09:05"


def test_decimal_comma_and_thousands_dot() -> None:
    assert format_decimal(79.5) == "79,5"
    assert format_decimal(1234567.5, 2) == "1.234.567,50"
    assert format_decimal(0.18, 2) == "0,18"


def test_sizes() -> None:
    assert format_size(512) == "512 byte"
    assert format_size(1536) == "1,5 KB"
    assert format_size(5 * 1024 * 1024) == "5,0 MB"
