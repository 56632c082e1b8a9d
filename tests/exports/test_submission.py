"""The «Hồ sơ nộp» folder: every file or none, never over an earlier submission."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports.common import SELF_ASSESSMENT, STAFF, TASKS, ReportOptions
from cchc_desktop.exports.submission import (
    SubmissionRequest,
    build_documents,
    folder_name,
    write_submission,
)
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store.database import Store

TODAY = date(2026, 11, 22)
ALL = SubmissionRequest((SELF_ASSESSMENT, TASKS, STAFF), 2026, period="quy-3", make_zip=True)


@pytest.fixture
def documents(store: Store):  # type: ignore[no-untyped-def]
    fill_demo_store(store, TODAY)
    return build_documents(store, ALL, ReportOptions(TODAY))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_folder_and_file_names_are_safe_ascii(documents) -> None:  # type: ignore[no-untyped-def]
    name = folder_name("xã An Bình", ALL)
    assert name == "ho-so-nop-xa-an-binh-bao-cao-cchc-quy-3-2026"
    single = SubmissionRequest((SELF_ASSESSMENT,), 2026)
    assert folder_name("phường Đống Đa", single) == "ho-so-nop-phuong-dong-da-tu-danh-gia-nam-2026"
    for document in documents:
        assert document.file_stem.isascii() and len(document.file_stem) < 100
        assert all(c.isalnum() or c == "-" for c in document.file_stem)


def test_every_file_is_written_and_zipped(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    steps = []
    result = write_submission(
        documents, ALL, out, "ho-so", progress=lambda d, t, text: steps.append((d, t))
    )
    assert result.folder == out / "ho-so"
    assert len(result.files) == 6 and all(f.stat().st_size > 1000 for f in result.files)
    assert {f.suffix for f in result.files} == {".pdf", ".xlsx"}
    assert result.zip_path == out / "ho-so.zip"
    with zipfile.ZipFile(result.zip_path) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(f"ho-so/{f.name}" for f in result.files)
    assert steps[-1] == (7, 7)
    assert sorted(p.name for p in out.iterdir()) == ["ho-so", "ho-so.zip"]


def test_a_second_export_never_overwrites_the_first(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    first = write_submission(documents, ALL, out, "ho-so")
    (first.folder / "ghi-chu-cua-toi.txt").write_text("giữ lại", encoding="utf-8")
    second = write_submission(documents, ALL, out, "ho-so")
    assert second.folder == out / "ho-so-lan-2"
    assert second.zip_path == out / "ho-so-lan-2.zip"
    assert (first.folder / "ghi-chu-cua-toi.txt").read_text(encoding="utf-8") == "giữ lại"


def test_a_failure_half_way_leaves_nothing(documents, out: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cchc_desktop.exports.excel_document as excel

    def full_disk(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(excel, "write_workbook", full_disk)
    with pytest.raises(ExportError) as caught:
        write_submission(documents, ALL, out, "ho-so")
    assert "Không ghi được hồ sơ" in caught.value.message
    assert "ổ đĩa đã đầy" in caught.value.message or "chỗ trống" in caught.value.message
    assert list(out.iterdir()) == []


def test_cancel_leaves_nothing(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    calls = iter([False, False, True])
    with pytest.raises(JobCancelled):
        write_submission(documents, ALL, out, "ho-so", cancelled=lambda: next(calls, True))
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_refused(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportError, match="Không tìm thấy thư mục"):
        write_submission(documents, ALL, out / "usb-da-rut", "ho-so")


def test_nothing_chosen_is_refused(store: Store) -> None:
    with pytest.raises(ExportError, match="Chưa chọn báo cáo"):
        build_documents(store, SubmissionRequest((), 2026), ReportOptions(TODAY))


def test_excel_totals_recomputed_are_the_applications(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo's three reports: every formula, computed by an Excel engine, gives the value
    the report prints (which tests/exports/test_reports.py ties to the application's totals)."""
    from openpyxl import load_workbook

    from cchc_desktop.exports.document import Kind
    from cchc_desktop.exports.excel_document import write_workbook
    from tests.exports.test_export_excel_document import computed_values, header_row

    formulas_checked = 0
    for document in documents:
        path = write_workbook(document, out / f"{document.file_stem}.xlsx")
        values = computed_values(path)
        book = load_workbook(path)
        for table, sheet in zip(document.tables, book.worksheets, strict=False):
            first = header_row(sheet, table) + 1
            for index, row in enumerate(table.rows):
                for column, spec in enumerate(table.columns):
                    cell = sheet.cell(first + index, column + 1)
                    if cell.data_type != "f":
                        continue
                    result = values[(sheet.title.casefold(), cell.coordinate)]
                    value = row.cells[column]
                    if value is None:
                        assert result in ("", None) or str(result) == "empty"
                        continue
                    expected = float(value) / 100 if spec.kind == Kind.PERCENT else float(value)
                    assert result == pytest.approx(expected, abs=1e-9), (sheet.title, cell)
                    formulas_checked += 1
            total = table.rows[-1]
            if total.sum_of:
                assert sheet.cell(first + len(table.rows) - 1, 3).data_type == "f"
    assert formulas_checked > 100


def test_pdf_text_reads_back_as_the_reports_strings(documents, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo's reports as PDF: the header, the summary, the figures and the signature
    extract back as the same Unicode text."""
    import io
    import unicodedata

    import pypdf

    from cchc_desktop.exports.document import cell_text
    from cchc_desktop.exports.pdf_document import write_pdf

    for document in documents:
        data = write_pdf(document, out / f"{document.file_stem}.pdf").read_bytes()
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        text = " ".join(" ".join(p.extract_text().split()) for p in pages)
        assert unicodedata.is_normalized("NFC", text)
        wanted = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            document.place_date,
            document.summary,
            "Nơi nhận:",
            document.signing.name,
            "PHỤ LỤC",
        ]
        table = document.tables[0]
        total = table.rows[-1]
        cells = zip(total.cells, table.columns, strict=True)
        wanted += [cell_text(v, c.kind) for v, c in cells if v]
        for string in wanted:
            assert " ".join(string.split()) in text, (document.key, string)
