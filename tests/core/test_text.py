from datetime import date, datetime

from cchc_desktop.core.text import (
    dated_file_name,
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


def test_stored_keys_do_not_change_without_a_migration() -> None:
    """Every store keeps these keys in its rows (search_text, content_sort, lead_sort …)
    and the lead filter seeks by lead_sort: if either function changes, a migration must
    recompute the cached columns, or old rows would sort wrongly and not be found."""
    from cchc_desktop.core.text import fold_for_search, vietnamese_sort_key

    assert fold_for_search("Nguyễn Văn An") == "nguyen van an"
    assert fold_for_search("  Ủy ban 12 ") == "uy ban 12"
    assert fold_for_search("Đỗ Thị Hà") == "do thi ha"
    assert vietnamese_sort_key("Công an xã") == "ȄȓȑȊ\x10Ȁȑ\x10ȞȀ\x010000000003\x0110000000"
    assert vietnamese_sort_key("Đỗ Thị Hà") == "Ȇȓ\x10șȋȌ\x10ȋȀ\x01030005001\x011010010"
    assert vietnamese_sort_key("UBND xã") == "Țȃȑȅ\x10ȞȀ\x010000003\x01111100"


def test_dated_file_name_says_what_whose_and_which_day() -> None:
    day = date(2026, 2, 5)
    assert dated_file_name("lich-su-thay-doi", "xã An Bình", day, ".xlsx") == (
        "lich-su-thay-doi-xa-an-binh-05-02-2026.xlsx"
    )
    assert (
        dated_file_name("lich-su-thay-doi", "", day, ".xlsx") == "lich-su-thay-doi-05-02-2026.xlsx"
    )
