"""The PDF of an official document: its text, fonts, pages, margins, and safe writing."""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from cchc_desktop.exports import ExportError, pdf_document
from cchc_desktop.exports.document import (
    Column,
    Kind,
    Paragraph,
    ParagraphStyle,
    Row,
    make_table,
)
from cchc_desktop.exports.pdf_document import build_pdf_bytes, write_pdf
from tests.support.document_samples import comparison_table, sample_document, score_table

MM = 72 / 25.4
A4 = (595.28, 841.89)
PDFTOTEXT = shutil.which("pdftotext")

EXPECTED = [
    "UBND TỈNH GIA LAI",
    "ỦY BAN NHÂN DÂN",
    "XÃ VÂN CANH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Vân Canh, ngày 05 tháng 02 năm 2026",
    "BÁO CÁO",
    "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025",
    "Thực hiện Kế hoạch số 15/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân tỉnh, "
    "Ủy ban nhân dân xã Vân Canh báo cáo kết quả tự đánh giá, chấm điểm như sau:",
    "I. KẾT QUẢ TỰ ĐÁNH GIÁ",
    "SO SÁNH VỚI NĂM TRƯỚC",  # a table's title, in upper case
    "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
    "Nội dung tiêu chí",
    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "6,25",  # decimal comma
    "19,75",
    "1.870",  # a thousands dot
    "52,6%",  # 984 of 1870
    "90,8%",  # 17,25 of 19 points
    "14/03/2026",
    "=SUM(A1:A9) là chữ",  # a formula in Excel, text here
    "Điểm trừ được trừ vào tổng điểm.",
    "Nơi nhận:",
    "- Sở Nội vụ tỉnh Gia Lai (b/c);",
    "- Lưu: VT, VP.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Thị Ánh Tuyết",
]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def reader(data: bytes):
    return pypdf.PdfReader(BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in reader(data).pages]


def pdftotext_pages(path: Path) -> list[str]:
    assert PDFTOTEXT
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return [flat(p) for p in result.stdout.decode("utf-8").split("\f")]


def page_size(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def text_runs(page) -> list[tuple[str, float, float, float]]:
    """(text, x, baseline y, font size) of each piece of text pypdf reads on ``page``."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            matrix = pypdf.mult(tm, cm)
            runs.append((text, matrix[4], matrix[5], size * matrix[0]))

    page.extract_text(visitor_text=visit)
    return runs


def word_boxes(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """pdftotext's word boxes per page: (word, x0, top, x1, bottom), y down from the top."""
    assert PDFTOTEXT
    out = subprocess.run(
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        pages.append(
            [
                (w, float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                    r"(.*?)</word>",
                    page,
                )
            ]
        )
    return pages


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return build_pdf_bytes(sample_document())


@pytest.fixture(scope="module")
def sample_file(sample_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    path.write_bytes(sample_pdf)
    return path


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    path = tmp_path_factory.mktemp("pdf") / "dai.pdf"
    write_pdf(sample_document(lines=600), path)
    return path.read_bytes(), path


# --- text ------------------------------------------------------------------------------------


def test_the_text_reads_back_as_the_same_vietnamese(sample_pdf: bytes) -> None:
    text = " ".join(page_texts(sample_pdf))
    missing = [s for s in EXPECTED if s not in text]
    assert missing == []


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_reads_the_same_text(sample_file: Path) -> None:
    text = " ".join(pdftotext_pages(sample_file))
    missing = [s for s in EXPECTED if s not in text]
    assert missing == []


def test_the_header_block_is_on_the_first_page_only(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert "Số: /BC-UBND" in pages[0]  # the room for the number is kept
    assert all("CỘNG HÒA" not in p for p in pages[1:])
    assert pages[0].index("BÁO CÁO") < pages[0].index("Kết quả tự đánh giá")


def test_user_text_is_printed_literally_never_as_markup() -> None:
    sample = sample_document()
    table = make_table(
        "ky-tu",
        "Ký tự <đặc biệt> & dấu",
        "Ký tự",
        (Column("Nội dung", Kind.TEXT, 30), Column("Điểm", Kind.POINTS, 8)),
        (Row(("<b>không đậm</b> & A<B>C", Decimal("7.5"))),),
    )
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức viết: 1 < 2 & 3 > 2")
    document = dataclasses.replace(
        sample,
        blocks=(Paragraph(nfd), Paragraph("<i>R&D</i> &amp;", ParagraphStyle.NOTE), table),
        recipients=("- UBND huyện <cũ> & mới;",),
    )
    text = " ".join(page_texts(build_pdf_bytes(document)))
    for expected in (
        "Nguyễn Văn Đức viết: 1 < 2 & 3 > 2",  # given decomposed, printed composed
        "<i>R&D</i> &amp;",
        "KÝ TỰ <ĐẶC BIỆT> & DẤU",
        "<b>không đậm</b> & A<B>C",
        "7,5",
        "- UBND huyện <cũ> & mới;",
    ):
        assert expected in text


def test_metadata(sample_pdf: bytes) -> None:
    info = reader(sample_pdf).metadata
    assert info.title == (
        "Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025"
    )
    assert info.author == "ỦY BAN NHÂN DÂN XÃ VÂN CANH"
    assert info.subject == "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025"
    assert info.creator == "CCHC Desktop"


def test_the_same_document_gives_the_same_bytes_when_invariant() -> None:
    document = sample_document()
    assert build_pdf_bytes(document, invariant=True) == build_pdf_bytes(document, invariant=True)


# --- fonts -----------------------------------------------------------------------------------


def test_every_font_is_an_embedded_liberation_serif_subset(sample_pdf: bytes) -> None:
    names = set()
    for page in reader(sample_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile" in descriptor, font["/BaseFont"]
            assert "/ToUnicode" in font  # the text copies back as Vietnamese
    assert names == {
        "/AAAAAA+LiberationSerif",
        "/AAAAAA+LiberationSerif-Bold",
        "/AAAAAA+LiberationSerif-Italic",
        "/AAAAAA+LiberationSerif-BoldItalic",
    }


# --- pages and margins -----------------------------------------------------------------------


def test_pages_are_a4_and_the_landscape_table_is_on_landscape_pages(sample_pdf: bytes) -> None:
    pages = reader(sample_pdf).pages
    texts = page_texts(sample_pdf)
    sizes = [page_size(p) for p in pages]
    assert sizes[0] == pytest.approx(A4, abs=1)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    last = len(pages) - 1
    assert landscape == [i for i, t in enumerate(texts) if "TỔNG ĐIỂM" in t] == [last]
    assert sizes[last] == pytest.approx(A4[::-1], abs=1)
    # The signature closes the report on a portrait page; the appendix follows it.
    assert sizes[last - 1] == pytest.approx(A4, abs=1)
    assert "Nơi nhận:" in texts[last - 1] and "Nguyễn Thị Ánh Tuyết" in texts[last - 1]
    assert "PHỤ LỤC" in texts[last]
    assert (
        "(Kèm theo Báo cáo số /BC-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân xã "
        "Vân Canh)" in " ".join(texts[last].split())
    )


def _bounds(size: tuple[float, float]) -> tuple[float, float, float, float]:
    """The text area (left, right, bottom, top) in points, with 1 mm of tolerance."""
    # Nghị định 30/2020, Phụ lục I: top 20, bottom 20, left 30, right 15 mm; a landscape
    # page is bound along its top edge: top 30, bottom 15, left 20, right 20 mm.
    left, right, bottom, top = (20, 20, 15, 30) if size[0] > size[1] else (30, 15, 20, 20)
    width, height = size
    return ((left - 1) * MM, width - (right - 1) * MM, (bottom - 1) * MM, height - (top - 1) * MM)


def test_text_lies_within_the_decree_margins(sample_pdf: bytes) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pdf_document.register_fonts()
    faces = {
        "LiberationSerif": "CCHCSerif",
        "LiberationSerif-Bold": "CCHCSerif-Bold",
        "LiberationSerif-Italic": "CCHCSerif-Italic",
        "LiberationSerif-BoldItalic": "CCHCSerif-BoldItalic",
    }
    for number, page in enumerate(reader(sample_pdf).pages, start=1):
        size = page_size(page)
        left, right, bottom, top = _bounds(size)
        fonts = {
            k: str(v.get_object()["/BaseFont"]) for k, v in page["/Resources"]["/Font"].items()
        }
        runs = []

        def visit(text, cm, tm, font, font_size, runs=runs, fonts=fonts):
            if text.strip():
                m = pypdf.mult(tm, cm)
                face = faces[str(font["/BaseFont"]).split("+")[-1]] if font else "CCHCSerif"
                runs.append((text, m[4], m[5], font_size * m[0], face))

        page.extract_text(visitor_text=visit)
        assert runs
        if number > 1:  # the page number sits in the top margin
            assert [r[0].strip() for r in runs if r[2] > top] == [str(number)]
            runs = [r for r in runs if r[2] <= top]
        for text, x, y, font_size, face in runs:
            end = x + stringWidth(text.rstrip("\n"), face, font_size)
            assert left <= x and end <= right, (number, text, x, end)
            assert y - 0.25 * font_size >= bottom, (number, text, y)  # descenders
            assert y + 0.75 * font_size <= top, (number, text, y)  # capitals


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_word_boxes_lie_within_the_decree_margins(sample_file: Path) -> None:
    sizes = [page_size(p) for p in pypdf.PdfReader(sample_file).pages]
    pages = word_boxes(sample_file)
    assert len(pages) == len(sizes)
    for number, (words, size) in enumerate(zip(pages, sizes, strict=True), start=1):
        left, right, bottom, top = _bounds(size)
        height = size[1]
        body = [
            w for w in words if not (number > 1 and w[0] == str(number) and w[4] < height - top)
        ]
        assert len(body) >= len(words) - (number > 1)
        assert min(w[1] for w in body) >= left, number
        assert max(w[3] for w in body) <= right, number
        assert min(w[2] for w in body) >= height - top - 2, number  # glyph boxes: 2 pt slack
        assert max(w[4] for w in body) <= height - bottom, number


def test_page_numbers_are_centred_in_the_top_margin_from_page_two(sample_pdf: bytes) -> None:
    pages = reader(sample_pdf).pages
    assert len(pages) >= 2
    first_top = _bounds(page_size(pages[0]))[3]
    assert all(y <= first_top for _, _, y, _ in text_runs(pages[0]))  # no number on page 1
    for number, page in enumerate(pages[1:], start=2):
        width, height = page_size(page)
        top = _bounds((width, height))[3]
        numbers = [(t.strip(), x, y, s) for t, x, y, s in text_runs(page) if y > top]
        assert len(numbers) == 1, numbers
        text, x, y, font_size = numbers[0]
        assert text == str(number)
        assert font_size == 13
        assert x == pytest.approx(width / 2 - 3.25 * len(text), abs=3)  # a digit is 6.5 pt
        assert y < height - 5 * MM  # inside the page, in the margin


# --- big and awkward tables ------------------------------------------------------------------


def test_a_long_table_repeats_its_header_on_every_landscape_page(long_pdf) -> None:
    data, _ = long_pdf
    pages = reader(data).pages
    texts = page_texts(data)
    landscape = [i for i, p in enumerate(pages) if page_size(p)[0] > page_size(p)[1]]
    assert len(landscape) >= 10
    assert landscape == list(range(landscape[0], landscape[-1] + 1))  # one run of pages
    for i in landscape:
        assert "Nội dung tiêu chí" in texts[i] and "Điểm tự đánh giá" in texts[i]
    body = " ".join(texts[i] for i in landscape)
    numbers = {int(n) for n in re.findall(r"Tiêu chí số (\d+):", body)}
    assert numbers == set(range(1, 601))
    assert "TỔNG ĐIỂM" in texts[landscape[-1]] and landscape[-1] == len(pages) - 1
    before = landscape[0] - 1  # the signature, on the portrait page before the appendix
    assert (
        "Nơi nhận:" in texts[before] and page_size(pages[before])[0] < page_size(pages[before])[1]
    )


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_sees_the_header_row_on_every_landscape_page(long_pdf) -> None:
    data, path = long_pdf
    sizes = [page_size(p) for p in reader(data).pages]
    texts = pdftotext_pages(path)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert landscape and all("Nội dung tiêu chí" in texts[i] for i in landscape)


def test_a_cell_longer_than_a_page_is_split_and_printed_in_full() -> None:
    long_text = " ".join(f"đoạn{n:03d}&<chi_tiết> giải trình thêm" for n in range(120))
    assert len(long_text) > 3000
    for landscape in (True, False):
        table = score_table(2)
        rows = list(table.rows)
        cells = list(rows[1].cells)
        cells[6] = long_text
        rows[1] = dataclasses.replace(rows[1], cells=tuple(cells))
        table = dataclasses.replace(table, rows=tuple(rows), landscape=landscape)
        document = dataclasses.replace(sample_document(), blocks=(table,), appendix=())
        data = build_pdf_bytes(document)
        text = " ".join(page_texts(data))
        assert re.findall(r"đoạn(\d{3})&<chi_tiết>", text) == [f"{n:03d}" for n in range(120)]
        assert "TỔNG ĐIỂM" in text  # and the rows after it
        assert len(reader(data).pages) >= 3


@pytest.mark.parametrize("landscape", [True, False])
def test_criterion_codes_never_wrap_inside_the_number_column(landscape: bool) -> None:
    """Provinces number criteria «VII.1.1»: the column is as wide as its longest code."""
    table = score_table(3)
    codes = ["VII", "VII.1.1", "VII.1.2", "VII.10.3", "VIII", "VIII.2.1", "VIII.2.12"]
    rows = [
        dataclasses.replace(row, cells=(code, *row.cells[1:]))
        for row, code in zip(table.rows, codes, strict=False)
    ]
    table = dataclasses.replace(table, rows=(*rows, *table.rows[len(rows) :]), landscape=landscape)
    document = dataclasses.replace(sample_document(), appendix=(table,))
    text = " ".join(page_texts(build_pdf_bytes(document)))
    for code in codes[1:]:
        assert re.search(rf"(^| ){re.escape(code)} ", text), code


def _closing_page(data: bytes) -> tuple[int, list[str]]:
    texts = page_texts(data)
    return next(i for i, t in enumerate(texts) if "Nơi nhận:" in t), texts


def test_the_signature_never_stands_alone_on_a_page() -> None:
    """Whatever the length of the body, the last paragraph (and its heading) goes with «Nơi
    nhận» and the signing block: no page carries only the signature."""
    last = "Ủy ban nhân dân xã Vân Canh báo cáo Sở Nội vụ tỉnh Gia Lai xem xét./."
    seen = set()
    for count in range(8, 34):
        body = tuple(
            Paragraph(f"Đoạn số {n}: nội dung báo cáo kết quả thực hiện.") for n in range(count)
        )
        heading = Paragraph("II. KẾ HOẠCH CHUẨN HÓA", ParagraphStyle.HEADING)
        document = dataclasses.replace(
            sample_document(), blocks=(*body, heading, Paragraph(last)), appendix=()
        )
        page, texts = _closing_page(build_pdf_bytes(document))
        seen.add(page)
        assert last in texts[page], count
        assert texts[page].index(last) < texts[page].index("Nơi nhận:")
        assert heading.text in texts[page]  # and its heading with it
    assert seen == {0, 1}  # the sweep crossed a page end


def test_a_tables_last_rows_stay_together() -> None:
    """A table's total never sits alone under a repeated header on a new page."""
    columns = (Column("Lĩnh vực", Kind.TEXT, 30), Column("Số", Kind.INTEGER, 8))
    seen = set()
    for count in range(22, 40):
        rows = [Row((f"Dòng số {n}", n)) for n in range(count)]
        rows.append(Row(("Tổng số", sum(range(count)))))
        table = make_table("dai", "Bảng dài", "Dài", columns, rows)
        document = dataclasses.replace(sample_document(), blocks=(table,), appendix=())
        texts = page_texts(build_pdf_bytes(document))
        page = next(i for i, t in enumerate(texts) if "Tổng số" in t)
        seen.add(page)
        assert f"Dòng số {count - 1} " in texts[page], count
    assert len(seen) == 2


def test_an_empty_table_prints_its_empty_text_on_a_portrait_page() -> None:
    table = dataclasses.replace(score_table(1), rows=(), empty_text="Chưa có tiêu chí nào.")
    document = dataclasses.replace(
        sample_document(), blocks=(table, comparison_table()), appendix=()
    )
    data = build_pdf_bytes(document)
    pages = reader(data).pages
    assert all(page_size(p)[0] < page_size(p)[1] for p in pages)
    text = " ".join(page_texts(data))
    assert "Chưa có tiêu chí nào." in text
    assert "Nội dung tiêu chí" not in text  # no header row over nothing


def test_progress_is_reported_up_to_the_whole(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    write_pdf(sample_document(), tmp_path / "a.pdf", progress=lambda *a: calls.append(a))
    assert len(calls) >= 3
    assert {c[2] for c in calls} == {"Đang dựng tệp PDF…"}
    done = [c[0] for c in calls]
    assert done == sorted(done) and done[0] == 0
    assert calls[-1][0] == calls[-1][1] > 0
    assert all(0 <= d <= t for d, t, _ in calls)


# --- writing the file ------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the file (``tmp_path`` also holds the test's data folder)."""
    path = tmp_path / "xuat"
    path.mkdir()
    return path


def test_write_pdf_writes_a_complete_file_and_no_temporary(folder: Path) -> None:
    target = folder / "bao cao.pdf"
    result = write_pdf(sample_document(), str(target))
    assert result == target
    assert target.read_bytes().startswith(b"%PDF-") and target.read_bytes().rstrip().endswith(
        b"%%EOF"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["bao cao.pdf"]


def test_a_missing_folder_raises_export_error_in_vietnamese(folder: Path) -> None:
    target = folder / "khong-co" / "bao-cao.pdf"
    with pytest.raises(ExportError) as caught:
        write_pdf(sample_document(), target)
    assert "Không ghi được tệp PDF «bao-cao.pdf»" in caught.value.message
    assert "không tìm thấy tệp hoặc thư mục" in caught.value.message
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="folder permissions are not enforced here",
)
def test_a_read_only_folder_raises_export_error(tmp_path: Path) -> None:
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError) as caught:
            write_pdf(sample_document(), folder / "bao-cao.pdf")
        assert "không có quyền" in caught.value.message
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_rename_leaves_the_earlier_file_untouched(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "bao-cao.pdf"
    target.write_bytes(b"ban cu")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pdf_document.os, "replace", refuse)
    with pytest.raises(ExportError) as caught:
        write_pdf(sample_document(), target)
    assert "đang mở" in caught.value.message
    assert target.read_bytes() == b"ban cu"
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.pdf"]


def test_a_full_disk_leaves_no_partial_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "bao-cao.pdf"
    target.write_bytes(b"ban cu")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_document.os, "fsync", full)
    with pytest.raises(ExportError) as caught:
        write_pdf(sample_document(), target)
    assert "ổ đĩa đã đầy" in caught.value.message
    assert target.read_bytes() == b"ban cu"
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.pdf"]


def test_a_layout_failure_writes_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    target = folder / "bao-cao.pdf"
    target.write_bytes(b"ban cu")

    def fail(document, **options):
        raise LayoutError("Flowable too large")

    monkeypatch.setattr(pdf_document, "build_pdf_bytes", fail)
    with pytest.raises(ExportError) as caught:
        write_pdf(sample_document(), target)
    assert "Không dựng được tệp PDF" in caught.value.message
    assert target.read_bytes() == b"ban cu"
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.pdf"]


def test_importing_the_module_does_not_load_reportlab() -> None:
    code = (
        "import sys, cchc_desktop.exports.pdf_document\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
