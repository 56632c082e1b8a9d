"""The machine-readable data of a submission workbook, read back and checked.

:mod:`cchc_desktop.exports.excel_document` writes a commune's report as a workbook with a
hidden sheet «_du_lieu» (its format: :mod:`cchc_desktop.core.submission_data`): the
document's data and every table's values as JSON, with the SHA-256 of the whole.
:func:`read_submission_data` gives that payload back, equal to what was written, or says
in Vietnamese why it cannot: not an Excel file, not a CCHC Desktop submission, written by
a newer version, or edited/damaged since (checksum). It only reads; openpyxl is imported
when a file is opened.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.errors import UserError
from cchc_desktop.core.submission_data import (
    CHECKSUM_ROW,
    DATA_FORMAT,
    DATA_FORMAT_VERSION,
    DATA_SHEET,
    DOCUMENT_ROW,
    FORMAT_ROW,
    LINE_ROW,
    MORE_ROW,
    TABLE_ROW,
    checksum,
)
from cchc_desktop.importers.sheet import ImportFileError, open_workbook

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)


class SubmissionDataError(UserError):
    """The data cannot be read or trusted. ``.message`` is Vietnamese, shown as is."""


def _not_ours(name: str) -> SubmissionDataError:
    return SubmissionDataError(
        f"Tệp này không phải hồ sơ do CCHC Desktop xuất: «{name}» không có trang dữ liệu "
        f"«{DATA_SHEET}» để máy đọc. Hãy chọn đúng tệp Excel đơn vị đã xuất từ CCHC Desktop "
        "(không phải bản đã chép sang một tệp khác)."
    )


def _damaged(name: str, detail: str) -> SubmissionDataError:
    return SubmissionDataError(
        f"Dữ liệu trong tệp đã bị sửa hoặc hỏng ({detail}) nên không dùng được tệp «{name}». "
        "Hãy đề nghị đơn vị xuất lại tệp từ CCHC Desktop và gửi lại, không sửa tệp bằng tay "
        "trước khi gửi."
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _pieces(ws: Worksheet, name: str) -> tuple[int, list[tuple[str, str]], str]:
    """The format version, the (kind, JSON text) pieces and the checksum of «_du_lieu»."""
    rows = ws.iter_rows(min_row=2, max_col=3, values_only=True)
    first = next(rows, None)
    if first is None or _text(first[0]) != FORMAT_ROW or _text(first[1]) != DATA_FORMAT:
        raise _not_ours(name)
    version = first[2] if len(first) > 2 else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(name, "không đọc được phiên bản định dạng")
    if version > DATA_FORMAT_VERSION:
        raise SubmissionDataError(
            f"Tệp «{name}» được xuất bằng phiên bản CCHC Desktop mới hơn: dữ liệu theo định "
            f"dạng phiên bản {version}, chương trình này chỉ đọc được đến phiên bản "
            f"{DATA_FORMAT_VERSION}. Hãy cập nhật CCHC Desktop lên phiên bản mới rồi mở lại tệp."
        )
    pieces: list[list[str]] = []
    for row in rows:
        kind, text = _text(row[0]), _text(row[1] if len(row) > 1 else None)
        if kind == CHECKSUM_ROW:
            return version, [(k, t) for k, t in pieces], text.strip().lower()
        if kind == MORE_ROW and pieces:
            pieces[-1][1] += text
        elif kind in (DOCUMENT_ROW, TABLE_ROW, LINE_ROW):
            pieces.append([kind, text])
        elif kind or text:
            raise _damaged(name, f"dòng không rõ loại «{kind[:40]}»")
    raise _damaged(name, "thiếu mã kiểm tra")


def _payload(pieces: list[tuple[str, str]], name: str) -> dict[str, Any]:
    if not pieces or pieces[0][0] != DOCUMENT_ROW:
        raise _damaged(name, "thiếu phần thông tin chung")
    try:
        payload = json.loads(pieces[0][1])
        tables: list[dict[str, Any]] = []
        for kind, text in pieces[1:]:
            if kind == TABLE_ROW:
                tables.append({**json.loads(text), "rows": []})
            elif kind == LINE_ROW and tables:
                tables[-1]["rows"].append(json.loads(text))
            else:
                raise _damaged(name, "các dòng dữ liệu không đúng thứ tự")
    except (json.JSONDecodeError, TypeError) as exc:
        log.warning("Submission data of %s is not JSON: %s", name, exc)
        raise _damaged(name, "dữ liệu không đọc được") from None
    if not isinstance(payload, dict):
        raise _damaged(name, "phần thông tin chung không đúng dạng")
    return {**payload, "tables": tables}


def read_submission_data(path: str | Path) -> dict[str, Any]:
    """The payload written in «_du_lieu», its format, version and checksum verified.

    ``SubmissionDataError`` (Vietnamese ``.message``) when the file is not an .xlsx, not a
    CCHC Desktop submission, written in a newer format, or changed since it was written.
    """
    path = Path(path)
    try:
        workbook = open_workbook(path)
    except ImportFileError as exc:
        raise SubmissionDataError(exc.message) from exc
    if DATA_SHEET not in workbook.sheetnames:
        raise _not_ours(path.name)
    sheet = workbook[DATA_SHEET]
    if not hasattr(sheet, "iter_rows"):  # a chart sheet of that name
        raise _not_ours(path.name)
    version, pieces, expected = _pieces(sheet, path.name)
    payload = _payload(pieces, path.name)
    if checksum(payload) != expected:
        log.warning("Checksum of the submission data in %s does not match", path)
        raise _damaged(path.name, "mã kiểm tra không khớp")
    if payload.get("format") != DATA_FORMAT or payload.get("format_version") != version:
        raise _damaged(path.name, "định dạng ghi trong dữ liệu không khớp")
    return payload
