"""``--self-test``: prove that this installation (or bundle) can run.

Creates a store (in a temporary folder, or the one ``--db`` names, after
``--demo`` has filled it when both are given), runs the migrations, checks the
store's integrity, builds the main window offscreen, and exits 0 — or exits 1
with the reason.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop import __version__
from cchc_desktop.core.clock import system_clock

if TYPE_CHECKING:
    from cchc_desktop.store.database import Store

Say = Callable[[str], object]


def run_self_test(args: argparse.Namespace, say: Say = print) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="cchc-self-test-") as scratch:
        try:
            _check(args, Path(scratch), say)
        except Exception as exc:
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            say(f"Tự kiểm tra KHÔNG ĐẠT: {message}")
            return 1
    say("Tự kiểm tra ĐẠT.")
    return 0


def _check(args: argparse.Namespace, scratch: Path, say: Say) -> None:
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.demo import fill_demo_store
    from cchc_desktop.store import open_store
    from cchc_desktop.ui.shell.app import create_application
    from cchc_desktop.ui.shell.main_window import PAGE_KEYS, MainWindow
    from cchc_desktop.ui.toolkit.fonts import (
        DOCUMENT_FAMILY,
        INTERFACE_FAMILY,
        register_bundled_fonts,
    )
    from cchc_desktop.ui.toolkit.settings import UiSettings

    path = Path(args.db) if args.db else scratch / "cchc.db"
    say(f"CCHC Desktop {__version__}: tự kiểm tra với tệp {path}")
    store = open_store(path)
    try:
        say(f"- Mở tệp và chạy nâng cấp cấu trúc: đạt (phiên bản {store.schema_version})")
        if args.demo:
            fill_demo_store(store, system_clock())
            say("- Ghi dữ liệu mẫu: đạt")
        problems = store.integrity_problems()
        if problems:
            raise RuntimeError("tệp dữ liệu không toàn vẹn: " + "; ".join(problems[:3]))
        say("- Kiểm tra toàn vẹn dữ liệu: đạt")
        settings = UiSettings(scratch / "giao-dien.ini")
        app = create_application(settings)
        families = register_bundled_fonts()
        missing = {INTERFACE_FAMILY, DOCUMENT_FAMILY} - families
        if missing:
            raise RuntimeError("thiếu phông chữ đóng gói: " + ", ".join(sorted(missing)))
        say("- Phông chữ tiếng Việt: đạt")
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.translate("QPlatformTheme", "Cancel") != "Hủy":
            raise RuntimeError("chưa nạp được bản dịch tiếng Việt cho hộp thoại của Qt")
        say("- Tiếng Việt cho hộp thoại chuẩn của Qt: đạt")
        _check_excel_reader(scratch)
        say("- Đọc bảng nhiệm vụ từ tệp Excel: đạt")
        _check_standards(store)
        say("- Bộ tiêu chuẩn chức danh và đối chiếu cán bộ mẫu: đạt")
        _check_criteria()
        say("- Bộ tiêu chí Chỉ số CCHC mẫu và cách tính điểm: đạt")
        _check_exports(scratch)
        say("- Xuất báo cáo PDF (phông nhúng) và Excel (dữ liệu ẩn đọc lại được): đạt")
        _check_transfer(scratch)
        say("- Gói dữ liệu .cchc có mật khẩu: tạo, kiểm tra và nhập lại: đạt")
        window = MainWindow(store, settings)
        window.show()
        QApplication.processEvents()
        if window.navigation.count() != len(PAGE_KEYS) or not window.isVisible():
            raise RuntimeError("cửa sổ chính không dựng được đủ các mục")
        window.close()
        window.deleteLater()
        app.processEvents()
        say(f"- Dựng cửa sổ chính (offscreen): đạt, {len(PAGE_KEYS)} mục chức năng")
    finally:
        store.close()


def _check_excel_reader(scratch: Path) -> None:
    """Write a two-line plan with openpyxl and read it back with the importer."""
    from openpyxl import Workbook

    from cchc_desktop.importers.tasks_excel import read_task_workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn hoàn thành"])
    sheet.append([1, "Rà soát thủ tục hành chính", "Văn phòng HĐND và UBND", "30/06/2026"])
    path = scratch / "kiem-tra.xlsx"
    book.save(path)
    reading = read_task_workbook(path, default_year=2026)
    if [row.content for row in reading.rows] != ["Rà soát thủ tục hành chính"]:
        raise RuntimeError("không đọc được bảng nhiệm vụ từ tệp Excel")


def _check_standards(store: Store) -> None:
    """The shipped standard sets are in the bundle, valid, and judge the sample officials."""

    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standard_checks import Outcome, evaluate
    from cchc_desktop.core.standards import validate_standard_set
    from cchc_desktop.demo import demo_officials
    from cchc_desktop.store.staff_repo import load_standard_sets

    lists = load_staff_lists()
    sets = load_standard_sets(store)
    if len({s.family for s in sets}) < 2:
        raise RuntimeError("thiếu bộ tiêu chuẩn chức danh trong gói cài đặt")
    for s in sets:
        if validate_standard_set(s, lists):
            raise RuntimeError(f"bộ tiêu chuẩn «{s.name}» có lỗi")
    today = system_clock()
    outcomes = {evaluate(o, sets, lists, today).outcome for o in demo_officials(today)}
    if not {Outcome.MET, Outcome.NOT_MET} <= outcomes:
        raise RuntimeError("đối chiếu tiêu chuẩn cán bộ mẫu cho kết quả không đúng")


def _check_criteria() -> None:
    """The sample criteria set is in the bundle, sound, and scores a sheet exactly."""
    from decimal import Decimal

    from cchc_desktop.core.criteria import shipped_criteria_sets, validate_criteria_set
    from cchc_desktop.core.scoring import Score, compute_sheet

    sets = shipped_criteria_sets()
    if not sets:
        raise RuntimeError("thiếu bộ tiêu chí Chỉ số CCHC mẫu trong gói cài đặt")
    for s in sets:
        if validate_criteria_set(s):
            raise RuntimeError(f"bộ tiêu chí «{s.name}» có lỗi")
    sample = sets[0]
    leaf = next(n for n in sample.leaves() if n.kind and n.kind.value == "manual")
    sheet = compute_sheet(sample, {leaf.code: Score(leaf.code, value=Decimal("0.25"))})
    if sheet.total != Decimal("0.25"):
        raise RuntimeError("tính tổng điểm tự chấm không đúng")


def _check_exports(scratch: Path) -> None:
    """reportlab with the bundled fonts and openpyxl write a small report; it reads back."""
    from decimal import Decimal

    from cchc_desktop.exports.document import (
        Column,
        Kind,
        OfficialDocument,
        Paragraph,
        Row,
        RowStyle,
        Signing,
        Term,
        make_table,
        official_date_line,
    )
    from cchc_desktop.exports.excel_document import write_workbook
    from cchc_desktop.exports.pdf_document import write_pdf
    from cchc_desktop.importers.submission_excel import read_submission_data

    columns = (Column("Lĩnh vực", Kind.TEXT, 30), Column("Điểm", Kind.POINTS, 9, summed=True))
    rows = (
        Row(("Cải cách thủ tục hành chính", Decimal("7.5"))),
        Row(("Tổng điểm", Decimal("7.5")), RowStyle.TOTAL, (Term(0),)),
    )
    document = OfficialDocument(
        key="kiem-tra",
        file_stem="kiem-tra",
        parent_lines=("UBND TỈNH GIA LAI",),
        issuer_lines=("ỦY BAN NHÂN DÂN", "XÃ VÂN CANH"),
        number="Số:      /BC-UBND",
        place_date=official_date_line("Vân Canh", system_clock()),
        doc_type="BÁO CÁO",
        summary="Kiểm tra xuất báo cáo",
        blocks=(Paragraph("Đây là báo cáo thử."), make_table("t", "Bảng", "Bảng", columns, rows)),
        recipients=("- Lưu: VT.",),
        signing=Signing(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Văn An"),
        data={"format": "cchc-desktop/ho-so-nop", "format_version": 1},
    )
    pdf = write_pdf(document, scratch / "kiem-tra.pdf").read_bytes()
    if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
        raise RuntimeError("tệp PDF không đúng hoặc không nhúng phông chữ")
    data = read_submission_data(write_workbook(document, scratch / "kiem-tra.xlsx"))
    if data["tables"][0]["rows"][-1] != ["Tổng điểm", "7.5"]:
        raise RuntimeError("tệp Excel xuất ra không đọc lại được")


def _check_transfer(scratch: Path) -> None:
    """A password package of the sample commune (cryptography's AES-GCM and scrypt in the
    bundle) reads back into a fresh store with the same records."""
    from cchc_desktop.demo import fill_demo_store
    from cchc_desktop.store import open_store
    from cchc_desktop.transfer.merge import create_store_from_package
    from cchc_desktop.transfer.model import PackageOptions
    from cchc_desktop.transfer.reader import verify_package
    from cchc_desktop.transfer.writer import export_package

    with open_store(scratch / "goi-nguon.db") as source:
        fill_demo_store(source, system_clock())
        export_package(source.conn, scratch / "kiem-tra.cchc", PackageOptions(password="kt-123456"))
        expected = source.conn.execute("SELECT count(*) FROM tasks").fetchone()[0]
    package = verify_package(scratch / "kiem-tra.cchc", "kt-123456")
    target = create_store_from_package(package, scratch / "goi-dich.db")
    with open_store(target) as copy:
        found = copy.conn.execute("SELECT count(*) FROM tasks").fetchone()[0]
    if not expected or found != expected:
        raise RuntimeError(f"gói dữ liệu nhập lại được {found} nhiệm vụ, cần {expected}")
