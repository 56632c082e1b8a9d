"""Points of the CCHC index: ``Decimal``, typed and printed as officials write them.

"0,5 + 0,25" must be exactly "0,75" on every PC, so points are never floats: a typed
score is parsed to two decimals at most (``"7,5"`` or ``"7.5"``), printed with a comma,
and a ratio is a per cent of two points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cchc_desktop.core.errors import UserError
from cchc_desktop.core.text import normalize_text

ZERO = Decimal(0)
HUNDRED = Decimal(100)
POINT_QUANTUM = Decimal("0.01")


class PointsError(UserError, ValueError):
    """A typed score that cannot be accepted; the message is for the officer."""


_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_points(text: str | None) -> Decimal | None:
    """``"7,5"``, ``"7.5"``, ``" 7,50 điểm"`` → ``Decimal("7.5")``; empty → ``None``.

    Raises ``PointsError`` for anything else, with the reason in Vietnamese. A
    thousands separator makes no sense in points and is refused rather than guessed.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    value = raw.casefold().removesuffix("điểm").strip().replace(" ", "")
    if not _NUMBER_RE.match(value):
        raise PointsError(f"«{raw}» không phải là số điểm (ví dụ đúng: 7,5 hoặc 7.5).")
    decimals = re.split(r"[.,]", value, maxsplit=1)[1:]
    if decimals and len(decimals[0]) > 2:
        raise PointsError(
            f"«{raw}»: điểm chỉ ghi đến hai chữ số thập phân (ví dụ 0,25); không dùng dấu "
            "phân cách hàng nghìn."
        )
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already checked
        raise PointsError(f"«{raw}» không phải là số điểm.") from exc
    if number != number.quantize(POINT_QUANTUM):
        raise PointsError("Điểm chỉ ghi đến hai chữ số thập phân (ví dụ 0,25).")
    return number.normalize() if number else ZERO


def format_points(value: Decimal | None, empty: str = "") -> str:
    """``Decimal("7.50")`` → ``"7,5"``; whole numbers without decimals; ``None`` → empty."""
    if value is None:
        return empty
    value = value.quantize(POINT_QUANTUM, ROUND_HALF_UP).normalize()
    text = f"{value:f}"
    if text in ("-0", "0"):
        return "0"
    return text.replace(".", ",")


def format_percent(value: Decimal | None, empty: str = "—") -> str:
    """``Decimal("80.3030")`` → ``"80,3%"`` (one decimal, as officials write it)."""
    if value is None:
        return empty
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP):f}".replace(".", ",") + "%"


def percent_of(score: Decimal, maximum: Decimal) -> Decimal | None:
    return score * HUNDRED / maximum if maximum else None


def points_from_json(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where}: thiếu số điểm.")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    try:
        parsed = parse_points(str(value))
    except PointsError as exc:
        raise ValueError(f"{where}: {exc}") from exc
    if parsed is None:
        raise ValueError(f"{where}: thiếu số điểm.")
    return parsed


def points_json(value: Decimal) -> str:
    return f"{value.normalize():f}"


def sum_present(values: Sequence[Decimal | None]) -> Decimal | None:
    """The sum of the values given; None when none is (nothing scored is not zero)."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None
