"""The values of a criteria row: the maximum, a multi-line text, the method of scoring."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from cchc_desktop.core.criteria import AutoSource, Method, MethodKind, RatioBand
from cchc_desktop.core.points import ZERO, PointsError, parse_points
from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.sheet import cell_text

_RATIO_BAND = re.compile(
    r"(?:(?:≥|>=|từ)\s*(?P<min>\d+(?:[.,]\d+)?)|dưới\s*\d+(?:[.,]\d+)?)\s*%\s*:\s*"
    r"(?P<points>\d+(?:[.,]\d+)?)\s*(?:điểm)?"
)


def read_maximum(value: object) -> Decimal | None:
    """A maximum cell: a number, or text such as "2,5", "2.5", "0,5 điểm"; None when empty.

    Raises ``PointsError`` (Vietnamese) otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise PointsError(f"«{cell_text(value)}» không phải là số điểm.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-9:
            raise PointsError("Điểm chỉ ghi đến hai chữ số thập phân (ví dụ 0,25).")
        number = Decimal(repr(rounded))
        return number.normalize() if number else ZERO
    if isinstance(value, Decimal):
        return value
    return parse_points(str(value))


def multiline_text(value: object) -> str:
    """A cell's text keeping its lines (each line normalized), blank lines at the ends dropped."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return cell_text(value)
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


_METHOD_LABELS = {fold_for_search(kind.label): kind for kind in MethodKind}


def read_method(text: str) -> Method | None:
    """The «Cách chấm» column as the export writes it: a method's label, then its details.

    «Chấm theo các mức điểm quy định: 0; 0,5; 1» gives the steps; «Tính theo tỷ lệ
    …: tử số / mẫu số; ≥ 100%: 2 điểm; dưới 100%: 0 điểm» the ratio and its bands;
    «Tự động từ dữ liệu của xã: <nguồn>; <mức>» the source and bands. Details that
    cannot be read leave the method without them (the caller falls back to manual
    scoring). None when the text is no method's label: it is then guidance.
    """
    folded = fold_for_search(text)
    if not folded:
        return None
    for label, kind in _METHOD_LABELS.items():
        if folded == label or folded.startswith((label + ":", label + " ")):
            details = text.split(":", 1)[1] if folded != label and ":" in text else ""
            return _method_details(kind, [normalize_text(p) for p in details.split(";")])
    for words, kind in (
        (("diem thuong",), MethodKind.BONUS),
        (("diem tru", "tru diem"), MethodKind.PENALTY),
        (("dieu tra xa hoi hoc",), MethodKind.SURVEY),
    ):
        if folded.startswith(words):
            return Method(kind=kind)
    return None


def _method_details(kind: MethodKind, parts: list[str]) -> Method:
    parts = [p for p in parts if p]
    try:
        if kind == MethodKind.STEPS:
            return Method(kind=kind, steps=tuple(_points_of(p) for p in parts))
        if kind == MethodKind.RATIO and parts and " / " in parts[0]:
            numerator, denominator = (normalize_text(t) for t in parts[0].split(" / ", 1))
            return Method(
                kind=kind,
                numerator=numerator,
                denominator=denominator,
                bands=_ratio_bands(parts[1:]),
            )
        if kind == MethodKind.AUTO and parts:
            sources = {fold_for_search(source.label): source for source in AutoSource}
            source = sources.get(fold_for_search(parts[0]))
            if source is not None:
                return Method(kind=kind, source=source, bands=_ratio_bands(parts[1:]))
    except (PointsError, ValueError):
        pass
    return Method(kind=kind)


def _points_of(text: str) -> Decimal:
    value = parse_points(text)
    if value is None:
        raise ValueError(text)
    return value


def _ratio_bands(parts: list[str]) -> tuple[RatioBand, ...]:
    """ "≥ 90%: 1 điểm", "dưới 90%: 0 điểm" (as ``Method.bands_text`` writes them)."""
    bands = []
    for part in parts:
        match = _RATIO_BAND.fullmatch(part)
        if match is None:
            raise ValueError(part)
        low = _points_of(match.group("min")) if match.group("min") else ZERO
        bands.append(RatioBand(low, _points_of(match.group("points"))))
    if not bands:
        raise ValueError("no bands")
    return tuple(sorted(bands, key=lambda b: b.min_percent, reverse=True))


def method_of_texts(titles: list[str], guidance: str) -> MethodKind | None:
    """Bonus or penalty, from a leaf's title, its parents' titles or its guidance's start."""
    folded_titles = [fold_for_search(t) for t in titles]
    start = fold_for_search(guidance)[:20]
    if any("diem thuong" in t for t in folded_titles) or start.startswith("diem thuong"):
        return MethodKind.BONUS
    if any("diem tru" in t or "tru diem" in t for t in folded_titles) or start.startswith(
        "diem tru"
    ):
        return MethodKind.PENALTY
    return None
