"""Opening an officials' workbook, and finding the sheets that hold a table.

Every way a file can fail becomes an :class:`ImportFileError` with a Vietnamese message
that says what to do. openpyxl is imported inside the functions that need it.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.errors import UserError
from cchc_desktop.core.text import os_error_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from cchc_desktop.importers.sheet.header import HeaderMatch

log = logging.getLogger(__name__)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_SAVE_AS_XLSX = (
    "Hãy mở tệp trong Excel, chọn Tệp → «Lưu thành» (Save As), kiểu "
    "«Sổ làm việc Excel (*.xlsx)», rồi chọn tệp mới này."
)


class ImportFileError(UserError):
    """The whole file cannot be read. ``.message`` is Vietnamese, shown to the user as is."""


def open_workbook(path: str | Path) -> Workbook:
    """Open an .xlsx for reading (cached formula values, merged ranges kept).

    Every way a file can fail becomes an :class:`ImportFileError` with a Vietnamese
    message that says what to do; no openpyxl or zipfile exception escapes.
    The bytes are read at once so that no handle stays open on the user's file.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportFileError(f"Không tìm thấy tệp «{path}». Tệp có thể đã bị đổi tên hoặc xóa.")
    if path.is_dir():
        raise ImportFileError(
            f"«{path}» là một thư mục, không phải tệp Excel. Hãy chọn một tệp .xlsx."
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ImportFileError(
            f"Không có quyền đọc tệp «{name}». Hãy đóng tệp nếu đang mở ở chương trình khác, "
            "hoặc chép tệp sang thư mục khác rồi chọn lại."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"Không đọc được tệp «{name}» ({os_error_text(exc)}).") from None
    _check_signature(name, data)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, slicers…); we only read.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        log.warning("openpyxl could not read %s", path, exc_info=True)
        raise ImportFileError(_damaged_message(name)) from exc


def sheets_with_header(
    workbook: Workbook,
    path: Path,
    sheet_name: str | None,
    header_of: Callable[[Worksheet], HeaderMatch | None],
    missing: str,
    *,
    no_sheet: str = "(không có trang nào)",
) -> list[tuple[Worksheet, HeaderMatch]]:
    """The sheets (the named one, else every visible one) where ``header_of`` finds the
    table's header, in workbook order. ``ImportFileError`` when the named sheet does not
    exist or no sheet has the header (``missing`` says what header was looked for;
    ``no_sheet`` names the sheets when there is none to look at)."""
    from openpyxl.worksheet.worksheet import Worksheet as CellSheet

    candidates: list[Worksheet]
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            names = ", ".join(f"«{n}»" for n in workbook.sheetnames)
            raise ImportFileError(
                f"Tệp «{path.name}» không có trang «{sheet_name}» (các trang: {names})."
            )
        named = workbook[sheet_name]
        # a chart sheet has no cells: named, it is a sheet without the header
        candidates = [named] if isinstance(named, CellSheet) else []
    else:
        candidates = [
            ws
            for ws in workbook.worksheets
            if isinstance(ws, CellSheet) and ws.sheet_state == "visible"
        ]
    found: list[tuple[Worksheet, HeaderMatch]] = []
    for ws in candidates:
        header = header_of(ws)
        if header is not None:
            found.append((ws, header))
    if not found:
        shown = [ws.title for ws in candidates] if sheet_name is None else [sheet_name]
        names = ", ".join(f"«{n}»" for n in shown) or no_sheet
        raise ImportFileError(f"{missing} trong các trang: {names}.")
    return found


@contextmanager
def sheets_of(
    path: Path,
    sheet_name: str | None,
    header_of: Callable[[Worksheet], HeaderMatch | None],
    missing: str,
    *,
    no_sheet: str = "(không có trang nào)",
) -> Iterator[list[tuple[Worksheet, HeaderMatch]]]:
    """The workbook at ``path`` opened, and its sheets with a header as
    :func:`sheets_with_header` finds them; the workbook is closed on leaving.
    ``no_sheet`` names the sheets when there is none to look at."""
    workbook = open_workbook(path)
    try:
        yield sheets_with_header(workbook, path, sheet_name, header_of, missing, no_sheet=no_sheet)
    finally:
        workbook.close()


def only_first_sheet(found: list[tuple[Worksheet, HeaderMatch]], table: str) -> str | None:
    """What to say when ``table`` (e.g. «bảng tiêu chí») is on several sheets and only the
    first is read; None when it is on one."""
    if len(found) < 2:
        return None
    first = found[0][0].title
    others = ", ".join(f"«{other.title}»" for other, _ in found[1:])
    return f"Tệp có {table} ở nhiều trang; chỉ đọc trang «{first}» (không đọc {others})."


def _damaged_message(name: str) -> str:
    return (
        f"Tệp «{name}» bị hỏng (có thể tải về hoặc sao chép chưa xong) nên không đọc được. "
        "Hãy mở thử bằng Excel; nếu Excel mở được thì «Lưu thành» một tệp .xlsx mới rồi chọn lại."
    )


def _check_signature(name: str, data: bytes) -> None:
    """Refuse, with a useful message, everything that is not an Office Open XML workbook."""
    if name.startswith("~$"):
        raise ImportFileError(
            f"«{name}» là tệp tạm Excel tạo ra khi một bảng tính đang mở, không chứa dữ liệu. "
            "Hãy chọn tệp có cùng tên nhưng không có «~$» ở đầu."
        )
    if not data:
        raise ImportFileError(f"Tệp «{name}» rỗng (0 byte), không phải tệp Excel .xlsx.")
    if data.startswith(_OLE_SIGNATURE):
        # Office keeps a password-protected .xlsx inside an OLE container, like an old .xls.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFileError(
                f"Tệp «{name}» được đặt mật khẩu nên chương trình không đọc được. Hãy mở tệp "
                "trong Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ Sổ làm việc → Mã hóa bằng "
                "Mật khẩu, xóa mật khẩu), lưu lại rồi chọn lại tệp."
            )
        raise ImportFileError(
            f"Tệp «{name}» là dạng Excel cũ (.xls); chương trình chỉ đọc được tệp .xlsx. "
            + _SAVE_AS_XLSX
        )
    if not data.startswith(_ZIP_SIGNATURES):
        if name.lower().endswith((".xls", ".xlt")):
            raise ImportFileError(
                f"Tệp «{name}» không phải tệp Excel .xlsx (tên có đuôi .xls của Excel cũ). "
                + _SAVE_AS_XLSX
            )
        if _looks_like_text(data):
            raise ImportFileError(
                f"Tệp «{name}» không phải tệp Excel .xlsx (có vẻ là tệp văn bản, ví dụ CSV). "
                + _SAVE_AS_XLSX
            )
        raise ImportFileError(
            f"Tệp «{name}» không phải tệp Excel .xlsx. Hãy chọn một bảng tính Excel có đuôi .xlsx."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportFileError(_damaged_message(name)) from None
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise ImportFileError(
            f"Tệp «{name}» là dạng Excel nhị phân (.xlsb); chương trình chỉ đọc được .xlsx. "
            + _SAVE_AS_XLSX
        )
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportFileError(
            f"Tệp «{name}» là bảng tính OpenDocument (.ods). Hãy mở bằng Excel hoặc "
            "LibreOffice Calc và «Lưu thành» kiểu «Sổ làm việc Excel (*.xlsx)», rồi chọn tệp mới."
        )
    if "word/document.xml" in names:
        raise ImportFileError(
            f"Tệp «{name}» là văn bản Word, không phải tệp Excel .xlsx. Nếu bảng nhiệm vụ nằm "
            "trong văn bản Word, hãy chép bảng sang Excel và lưu thành tệp .xlsx."
        )
    raise ImportFileError(f"Tệp «{name}» không phải tệp Excel .xlsx (là một tệp nén khác).")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still text.
        return exc.start >= len(sample) - 3
    return True
