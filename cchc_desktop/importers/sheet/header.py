"""Finding a table's header below any title block: which column holds each field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.sheet.cells import (
    CellMap,
    cell_value,
    merged_origin_map,
    merged_range_bounds,
    merged_value_map,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class HeaderMatch:
    """Where a table's header is and which column holds each logical field."""

    sheet: str
    row: int  # the (last) header row
    columns: dict[str, int]  # logical key -> 1-based column index
    labels: dict[str, str]  # logical key -> header text as printed (normalized)


_MAX_HEADER_COLUMNS = 64
_MAX_HEADER_CELL_LENGTH = 150
_MAX_SUB_HEADER_LENGTH = 60
_START_WORDS = ("bat dau", "tu ngay", "khoi cong")


def header_key_text(text: object) -> str:
    """A header cell as compared with synonyms: folded, punctuation as spaces.

    "Đơn vị/cá nhân chủ trì" and "Nội dung nhiệm vụ (1)" become
    "don vi ca nhan chu tri" and "noi dung nhiem vu 1".
    """
    return " ".join(re.sub(r"[^\w\s]", " ", fold_for_search(str(text))).split())


def _best_key(text: str, synonyms: Mapping[str, list[str]]) -> tuple[str, int] | None:
    """The key whose synonym equals or starts ``text`` (on a word boundary); longest wins.

    ``synonyms`` are already in :func:`header_key_text` form.
    """
    best: tuple[str, int] | None = None
    for key, words in synonyms.items():
        for word in words:
            if word and (text == word or text.startswith(word + " ")):
                if best is None or len(word) > best[1]:
                    best = (key, len(word))
    return best


@dataclass(frozen=True)
class _Candidate:
    column: int
    label: str
    direct: bool  # matched by the cell's own text, not with the group header above it
    length: int  # length of the synonym matched

    @property
    def score(self) -> tuple[bool, int, int]:
        return (self.direct, self.length, -self.column)


def _row_matches(
    ws: Worksheet,
    row: int,
    width: int,
    merged: CellMap,
    bounds: Mapping[tuple[int, int], tuple[int, int, int, int]],
    origins: Mapping[tuple[int, int], tuple[int, int]],
    synonyms: Mapping[str, list[str]],
) -> dict[str, _Candidate]:
    """The best column for each key in one row, reading a group header above when needed."""
    found: dict[str, _Candidate] = {}
    for column in range(1, width + 1):
        value = cell_value(ws, row, column, merged)
        if not isinstance(value, str) or len(value) > _MAX_HEADER_CELL_LENGTH:
            continue
        label = normalize_text(value)
        text = header_key_text(label)
        match = _best_key(text, synonyms)
        direct = True
        if match is None and row > 1 and not _is_start_or_number(text):
            # "Thời gian" merged over "Bắt đầu | Hoàn thành": read "thời gian hoàn thành".
            origin = origins.get((row - 1, column))
            if origin is not None and origin != origins.get((row, column)):
                top, left, _, right = bounds[origin]
                upper = ws.cell(row=top, column=left).value
                if right > left and isinstance(upper, str):
                    match = _best_key(f"{header_key_text(upper)} {text}", synonyms)
                    label = f"{normalize_text(upper)} – {label}"
                    direct = False
        if match is None:
            continue
        candidate = _Candidate(column, label, direct, match[1])
        if match[0] not in found or candidate.score > found[match[0]].score:
            found[match[0]] = candidate
    return found


def _is_start_or_number(text: str) -> bool:
    """A sub-header never read with its group: a start date, or a column number "(5)"."""
    return text.isdigit() or text.startswith(_START_WORDS)


def _has_sub_headers(ws: Worksheet, row: int, left: int, right: int) -> bool:
    """Whether ``row`` holds short names under a group header spanning ``left``..``right``.

    Two or more separate short texts are sub-headers ("Bắt đầu | Hoàn thành"); a
    task's content under a wide "Nội dung" header is one text and is not.
    """
    texts = 0
    for column in range(left, right + 1):
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value.strip() and not header_key_text(value).isdigit():
            if len(value) > _MAX_SUB_HEADER_LENGTH:
                return False
            texts += 1
    return texts >= 2


def find_header(
    ws: Worksheet,
    synonyms: dict[str, list[str]],
    required: set[str],
    max_scan_rows: int = 40,
) -> HeaderMatch | None:
    """Find the table's header row among the first rows, below any title block.

    A cell names a key when its folded text equals one of the key's synonyms or
    starts with it ("Nội dung nhiệm vụ (1)"). A row naming at least two keys is
    preferred over one naming only the required ones, so that a title such as
    "NHIỆM VỤ CCHC NĂM 2026" above the table is not taken for it. A header
    spread over two rows (cells merged down, or a group such as "Thời gian"
    over "Bắt đầu | Hoàn thành") is read as one; ``row`` is its last row.
    """
    synonyms = {key: [header_key_text(word) for word in words] for key, words in synonyms.items()}
    origins = merged_origin_map(ws)
    bounds = merged_range_bounds(ws)
    merged = merged_value_map(ws, origins)
    width = min(ws.max_column, _MAX_HEADER_COLUMNS)
    last = min(ws.max_row, max_scan_rows)

    first: tuple[int, dict[str, _Candidate]] | None = None
    chosen: tuple[int, dict[str, _Candidate]] | None = None
    for row in range(1, last + 1):
        found = _row_matches(ws, row, width, merged, bounds, origins, synonyms)
        if not required <= found.keys():
            continue
        if first is None:
            first = (row, found)
        if len(found) >= 2:
            chosen = (row, found)
            break
    chosen = chosen or first
    if chosen is None:
        return None

    top_row, found = chosen
    end = top_row
    for column in range(1, width + 1):
        origin = origins.get((top_row, column))
        if origin is None:
            continue
        _, left, bottom, right = bounds[origin]
        if bottom > top_row:  # a header cell merged down: the header goes on below
            end = max(end, bottom)
        elif right > left and column == left and _has_sub_headers(ws, top_row + 1, left, right):
            end = max(end, top_row + 1)
    for row in range(top_row + 1, end + 1):
        # The lower rows name the columns more precisely; they override the upper one.
        for key, candidate in _row_matches(
            ws, row, width, merged, bounds, origins, synonyms
        ).items():
            found = {k: c for k, c in found.items() if c.column != candidate.column}
            found[key] = candidate
    return HeaderMatch(
        sheet=ws.title,
        row=end,
        columns={key: cand.column for key, cand in found.items()},
        labels={key: cand.label for key, cand in found.items()},
    )
