"""An :class:`OfficialDocument` printed as a PDF in the layout of Nghị định 30/2020/NĐ-CP.

The layout follows Phụ lục I of the decree: A4 paper, a serif font of the Times New Roman
metrics (the bundled Liberation Serif, embedded as a subset so that every Vietnamese letter
prints and copies back as itself), the header block of the issuing body and the national
title on the first page, the document's type and summary, the body, then "Nơi nhận" and
the signing block; page numbers in the middle of the top margin from page 2 on.

Margins (millimetres):

* portrait pages: top 20, bottom 20, left 30 (the binding edge), right 15 — within the
  decree's 20–25 / 20–25 / 30–35 / 15–20;
* landscape pages (tables that say ``landscape``): top 30, bottom 15, left 20, right 20.
  A landscape sheet is bound along its top edge (it is the left edge of the portrait
  stack), so the top takes the binding margin and the bottom the narrow one.

A landscape table starts on a new landscape page; the pages after it go back to portrait
(the "Nơi nhận" and signing block always come on a portrait page). Table rows that do not
fit on a page are split inside the row, so a cell of any length prints in full.

reportlab is imported when a document is written, never when this module is imported
(start-up speed). The file is written under a temporary name in the target folder and
renamed when complete: a failure never leaves half a file, nor touches an earlier one.
"""

from __future__ import annotations

import io
import logging
import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cchc_desktop.exports import ExportError, write_atomically
from cchc_desktop.exports.document import (
    OfficialDocument,
    Paragraph,
    ParagraphStyle,
    RowStyle,
    Table,
    appendix_note,
    cell_text,
    roman,
)
from cchc_desktop.exports.pdf_fonts import (
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    keep_spaces,
    markup,
    register_fonts,
    upper,
)

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

PROGRESS_TEXT = "Đang dựng tệp PDF…"
CREATOR = "CCHC Desktop"

MM = 72 / 25.4  # points in a millimetre
PORTRAIT_MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
LANDSCAPE_MARGINS = {"top": 30 * MM, "bottom": 15 * MM, "left": 20 * MM, "right": 20 * MM}

BODY_SIZE = 14
HEADER_SIZE = 13  # the header block: bodies, number, national title
MOTTO_SIZE = 14  # "Độc lập - Tự do - Hạnh phúc", the place and date
TITLE_SIZE = 14  # "BÁO CÁO" and the summary
TABLE_TITLE_SIZE = 13
RECIPIENTS_TITLE_SIZE = 12
RECIPIENTS_SIZE = 11
SIGNING_SIZE = 14
PAGE_NUMBER_SIZE = 13
FIRST_LINE_INDENT = 12.7 * MM
SIGNATURE_SPACE = 4 * 1.2 * SIGNING_SIZE * 1.25  # about four empty lines for signature, seal

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"

CELL_PADDING = 3  # points, left and right in a table cell
HEADER_FILL = "#D9D9D9"  # the header row of a table: light grey, prints on any printer
TABLE_SPACE_AFTER = 10  # points between a table (or its notes) and what follows
SPLIT_IN_ROW_MIN = 30  # points: a row split across pages keeps at least this much per part
KEEP_LAST_ROWS = 2  # a table's last rows go to the next page together (a total with a row)
KEEP_LAST_ROWS_HEIGHT = 200  # points: unless they are taller than this

_HEADINGS = (ParagraphStyle.HEADING, ParagraphStyle.SUBHEADING)

# --- the layout ------------------------------------------------------------------------------


class _Styles:
    """The paragraph styles of the document, built when reportlab is loaded."""

    def __init__(self) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
        from reportlab.lib.styles import ParagraphStyle as Style

        def style(name: str, size: float, font: str = FONT, **kw: Any) -> Style:
            kw.setdefault("leading", round(size * 1.2, 1))
            return Style(name, fontName=font, fontSize=size, **kw)

        centred: dict[str, Any] = {"alignment": TA_CENTER}
        self.parent = style("parent", HEADER_SIZE, **centred)
        self.issuer = style("issuer", HEADER_SIZE, FONT_BOLD, **centred)
        self.number = style("number", HEADER_SIZE, spaceBefore=4, **centred)
        self.national = style("national", HEADER_SIZE, FONT_BOLD, **centred)
        self.motto = style("motto", MOTTO_SIZE, FONT_BOLD, **centred)
        self.place_date = style("place_date", MOTTO_SIZE, FONT_ITALIC, spaceBefore=4, **centred)
        self.doc_type = style("doc_type", TITLE_SIZE, FONT_BOLD, spaceBefore=24, **centred)
        self.summary = style("summary", TITLE_SIZE, FONT_BOLD, **centred)
        body: dict[str, Any] = {
            "leading": BODY_SIZE * 1.25,
            "alignment": TA_JUSTIFY,
            "firstLineIndent": FIRST_LINE_INDENT,
            "spaceAfter": 6,
        }
        self.body = {
            ParagraphStyle.BODY: style("body", BODY_SIZE, **body),
            ParagraphStyle.HEADING: style("heading", BODY_SIZE, FONT_BOLD, keepWithNext=1, **body),
            ParagraphStyle.SUBHEADING: style(
                "subheading", BODY_SIZE, FONT_BOLD_ITALIC, keepWithNext=1, **body
            ),
            ParagraphStyle.NOTE: style("note", BODY_SIZE, FONT_ITALIC, **body),
        }
        self.table_title = style(
            "table_title", TABLE_TITLE_SIZE, FONT_BOLD, spaceBefore=6, spaceAfter=6, **centred
        )
        self.table_note = style(
            "table_note", RECIPIENTS_TITLE_SIZE + 1, FONT_ITALIC, spaceBefore=4, alignment=TA_LEFT
        )
        self.empty = style("empty", BODY_SIZE, FONT_ITALIC, spaceAfter=6, **centred)
        self.appendix_heading = style("appendix_heading", TITLE_SIZE, FONT_BOLD, **centred)
        self.appendix_note = style(
            "appendix_note", TABLE_TITLE_SIZE, FONT_ITALIC, spaceAfter=4, **centred
        )
        self.recipients_title = style("recipients_title", RECIPIENTS_TITLE_SIZE, FONT_BOLD_ITALIC)
        self.recipient = style("recipient", RECIPIENTS_SIZE, leading=RECIPIENTS_SIZE * 1.15)
        self.signing = style("signing", SIGNING_SIZE, FONT_BOLD, **centred)
        self._cells: dict[tuple[float, bool, bool, bool], Style] = {}

    def cell(self, size: float, *, bold: bool, centred: bool, header: bool = False) -> Any:
        from reportlab.lib.enums import TA_CENTER, TA_LEFT
        from reportlab.lib.styles import ParagraphStyle as Style

        key = (size, bold, centred, header)
        if key not in self._cells:
            self._cells[key] = Style(
                f"cell-{size}-{bold}-{centred}-{header}",
                fontName=FONT_BOLD if bold else FONT,
                fontSize=size,
                leading=round(size * 1.2, 1),
                alignment=TA_CENTER if centred else TA_LEFT,
            )
        return self._cells[key]


def _page_number(canvas: Any, doc: Any) -> None:
    """The page number in the middle of the top margin, from page 2 on."""
    number = canvas.getPageNumber()
    if number < 2:
        return
    width, height = canvas._pagesize
    top = LANDSCAPE_MARGINS["top"] if width > height else PORTRAIT_MARGINS["top"]
    canvas.saveState()
    canvas.setFont(FONT, PAGE_NUMBER_SIZE)
    canvas.drawCentredString(width / 2, height - top / 2 - PAGE_NUMBER_SIZE / 3, str(number))
    canvas.restoreState()


def _frame(page: tuple[float, float], margins: dict[str, float], name: str) -> Any:
    from reportlab.platypus import Frame

    width, height = page
    return Frame(
        margins["left"],
        margins["bottom"],
        width - margins["left"] - margins["right"],
        height - margins["top"] - margins["bottom"],
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )


def _frame_width(landscape: bool) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned

    page, margins = (turned(A4), LANDSCAPE_MARGINS) if landscape else (A4, PORTRAIT_MARGINS)
    return page[0] - margins["left"] - margins["right"]


def _rule(length: float, *, before: float = 1, after: float = 1) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(
        width=length,
        thickness=0.6,
        lineCap="butt",
        color=colors.black,
        spaceBefore=before,
        spaceAfter=after,
        hAlign="CENTER",
    )


def _text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(unicodedata.normalize("NFC", text), font, size)


def _header(document: OfficialDocument, styles: _Styles, width: float) -> list[Flowable]:
    """The header block: the bodies and number on the left, the national title on the right;
    the document's type and summary under it."""
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    motto_width = _text_width(MOTTO, FONT_BOLD, MOTTO_SIZE)
    national_width = _text_width(NATIONAL_TITLE, FONT_BOLD, HEADER_SIZE)
    right = min(max(national_width, motto_width) + 12, width * 0.66)
    left = width - right

    left_cell: list[Flowable] = [
        Para(markup(upper(t)), styles.parent) for t in document.parent_lines
    ]
    issuer = [upper(t) for t in document.issuer_lines]
    left_cell += [Para(markup(t), styles.issuer) for t in issuer]
    if issuer:
        longest = max(_text_width(t, FONT_BOLD, HEADER_SIZE) for t in issuer)
        left_cell.append(_rule(min(longest, left) * 0.4, before=5))
    right_cell: list[Flowable] = [
        Para(markup(NATIONAL_TITLE), styles.national),
        Para(markup(MOTTO), styles.motto),
        _rule(min(motto_width, right), before=5),
    ]
    header = RLTable(
        [
            [left_cell, right_cell],
            [
                Para(keep_spaces(document.number), styles.number),
                Para(markup(document.place_date), styles.place_date),
            ],
        ],
        colWidths=[left, right],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # not the default Helvetica
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules under the bodies, the motto
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="CENTER",
    )
    summary_width = min(_text_width(document.summary, FONT_BOLD, TITLE_SIZE), width)
    return [
        header,
        Para(markup(upper(document.doc_type)), styles.doc_type),
        Para(markup(document.summary), styles.summary),
        _rule(max(summary_width / 3, 40), before=6, after=12),
    ]


def _table_size(table: Table) -> float:
    return 11 if len(table.columns) <= (8 if table.landscape else 6) else 10


def _is_code_column(table: Table, column: int) -> bool:
    """A text column whose every cell is one word: numbers and codes («VII.1.1», «12a»)."""
    texts = [cell_text(row.cells[column], table.columns[column].kind) for row in table.rows]
    return any(texts) and all(len(t.split()) <= 1 for t in texts)


def _column_widths(table: Table, width: float, size: float) -> list[float]:
    """Widths in proportion to the columns' own, filling ``width``, but each wide enough
    for the longest word of its header (and of its cells, for numbers and for a column of
    codes): "STT", "1.870" and "VII.1.1" never break inside."""
    minima = []
    for column, spec in enumerate(table.columns):
        words = set(spec.header.split())
        if spec.centred or _is_code_column(table, column):
            for row in table.rows:
                words.update(cell_text(row.cells[column], spec.kind).split())
        longest = max((_text_width(w, FONT_BOLD, size) for w in words), default=0.0)
        minima.append(longest + 2 * CELL_PADDING + 1)
    shares = [max(spec.width, 1.0) for spec in table.columns]
    fixed: set[int] = set()  # columns held at their minimum
    while True:
        free = width - sum(minima[i] for i in fixed)
        share = sum(s for i, s in enumerate(shares) if i not in fixed)
        widths = [
            minima[i] if i in fixed else max(free, 0) * s / share for i, s in enumerate(shares)
        ]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minima[i]}
        if not short or len(fixed | short) == len(shares):
            break
        fixed |= short
    total = sum(widths)
    return [w * width / total for w in widths]  # too many columns: squeeze them all


def _table(table: Table, styles: _Styles, *, first_on_page: bool = False) -> list[Flowable]:
    """A table's title, the table (its header row on every page) and its notes."""
    from reportlab.lib import colors
    from reportlab.platypus import CondPageBreak, LongTable, Spacer, TableStyle
    from reportlab.platypus import Paragraph as Para

    out: list[Flowable] = [] if first_on_page else [CondPageBreak(120)]
    out.append(Para(markup(upper(table.title)), styles.table_title))
    if not table.rows:
        out.append(Para(markup(table.empty_text), styles.empty))
    else:
        size = _table_size(table)
        widths = _column_widths(table, _frame_width(table.landscape), size)
        header = [
            [Para(markup(c.header), styles.cell(size, bold=True, centred=True, header=True))]
            for c in table.columns
        ]
        data: list[list[Any]] = [header]
        cell_styles = [
            (
                styles.cell(size, bold=False, centred=c.centred),
                styles.cell(size, bold=True, centred=c.centred),
            )
            for c in table.columns
        ]
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # not the default Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL)),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for row in table.rows:
            bold = row.style in (RowStyle.GROUP, RowStyle.TOTAL)
            cells: list[Any] = []
            for value, spec, pair in zip(row.cells, table.columns, cell_styles, strict=True):
                text = cell_text(value, spec.kind)
                # Cells are lists of paragraphs: a row taller than a page splits inside them.
                cells.append([Para(markup(text), pair[bold])] if text else "")
            data.append(cells)
        # The last rows (a total and the row above it) never stand alone under a repeated
        # header on a new page — unless together they are too tall to move.
        if len(table.rows) > KEEP_LAST_ROWS:
            tail = data[-KEEP_LAST_ROWS:]
            height = sum(_row_height(cells, widths) for cells in tail)
            if height < KEEP_LAST_ROWS_HEIGHT:
                commands.append(("NOSPLIT", (0, -KEEP_LAST_ROWS), (-1, -1)))
        out.append(
            LongTable(
                data,
                colWidths=widths,
                repeatRows=1,
                splitByRow=1,
                splitInRow=SPLIT_IN_ROW_MIN,
                style=TableStyle(commands),
                hAlign="CENTER",
            )
        )
    out += [Para(markup(note), styles.table_note) for note in table.notes]
    out.append(Spacer(1, TABLE_SPACE_AFTER))
    return out


def _row_height(cells: list[Any], widths: list[float]) -> float:
    """About how tall a table row prints: its tallest cell, with the cell padding."""
    tallest = 0.0
    for cell, width in zip(cells, widths, strict=True):
        for paragraph in cell or ():
            tallest = max(tallest, paragraph.wrap(width - 2 * CELL_PADDING, 1e6)[1])
    return tallest + 5


def _closing(
    document: OfficialDocument,
    styles: _Styles,
    width: float,
    last: Sequence[Flowable] | None = None,
) -> Flowable:
    """ "Nơi nhận" on the left, the signing block on the right, kept together — and with
    the body's ``last`` paragraphs, so that no page carries only the signature."""
    from reportlab.platypus import KeepTogether, Spacer, TableStyle
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import Table as RLTable

    left = [Para(markup(RECIPIENTS_TITLE), styles.recipients_title)]
    left += [Para(markup(line), styles.recipient) for line in document.recipients]
    right: list[Flowable] = [Para(markup(upper(t)), styles.signing) for t in document.signing.lines]
    right.append(Spacer(1, SIGNATURE_SPACE))
    right.append(Para(markup(document.signing.name), styles.signing))
    table = RLTable(
        [[left, right]],
        colWidths=[width * 0.45, width * 0.55],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # not the default Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return KeepTogether([*(last or ()), Spacer(1, 12), table])


def _story(document: OfficialDocument, styles: _Styles) -> list[Flowable]:
    from reportlab.platypus import NextPageTemplate, PageBreak
    from reportlab.platypus import Paragraph as Para

    width = _frame_width(False)
    story = _header(document, styles, width)
    landscape = False
    blocks = list(document.blocks)
    # The last paragraph (with the headings just above it) goes with the signature.
    last: list[Paragraph] = []
    if blocks and isinstance(final := blocks[-1], Paragraph):
        last.append(final)
        blocks.pop()
        while blocks and isinstance(above := blocks[-1], Paragraph) and above.style in _HEADINGS:
            last.insert(0, above)
            blocks.pop()
    for block in blocks:
        wants_landscape = isinstance(block, Table) and block.landscape and bool(block.rows)
        if wants_landscape != landscape:
            story += [NextPageTemplate("landscape" if wants_landscape else "portrait"), PageBreak()]
            landscape = wants_landscape
        if isinstance(block, Paragraph):
            story.append(Para(markup(block.text), styles.body[block.style]))
        else:
            story += _table(block, styles)
    if landscape:
        story += [NextPageTemplate("portrait"), PageBreak()]
    closing = [Para(markup(p.text), styles.body[p.style]) for p in last]
    story.append(_closing(document, styles, width, closing))
    # The appendix: after the signature, each table from a new page under its own heading.
    note = appendix_note(document)
    for number, table in enumerate(document.appendix, start=1):
        turned = table.landscape and bool(table.rows)
        story += [NextPageTemplate("landscape" if turned else "portrait"), PageBreak()]
        heading = "PHỤ LỤC" if len(document.appendix) == 1 else f"PHỤ LỤC {roman(number)}"
        story.append(Para(markup(heading), styles.appendix_heading))
        story.append(Para(markup(note), styles.appendix_note))
        story += _table(table, styles, first_on_page=True)
    return story


def build_pdf_bytes(
    document: OfficialDocument, *, progress: Progress | None = None, invariant: bool = False
) -> bytes:
    """The document as PDF bytes. ``invariant``: no dates or random ids (the same bytes for
    the same document; for tests)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, PageTemplate

    register_fonts()
    styles = _Styles()
    story = _story(document, styles)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PORTRAIT_MARGINS["left"],
        rightMargin=PORTRAIT_MARGINS["right"],
        topMargin=PORTRAIT_MARGINS["top"],
        bottomMargin=PORTRAIT_MARGINS["bottom"],
        title=unicodedata.normalize("NFC", document.title),
        author=unicodedata.normalize("NFC", " ".join(document.issuer_lines)),
        subject=unicodedata.normalize("NFC", document.summary),
        creator=CREATOR,
        lang="vi-VN",
        initialFontName=FONT,  # not Helvetica: every font in the file is embedded
        initialFontSize=BODY_SIZE,
        invariant=1 if invariant else None,
        pageTemplates=[
            PageTemplate(
                "portrait",
                [_frame(A4, PORTRAIT_MARGINS, "portrait")],
                onPage=_page_number,
                pagesize=A4,
            ),
            PageTemplate(
                "landscape",
                [_frame(landscape(A4), LANDSCAPE_MARGINS, "landscape")],
                onPage=_page_number,
                pagesize=landscape(A4),
            ),
        ],
    )
    if progress is not None:
        state = {"total": max(len(story), 1), "done": 0}

        def on_progress(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                state["total"] = max(value, 1)
            elif kind == "PROGRESS":
                done = min(value, state["total"] - 1)  # the whole when the file is complete
                if done > state["done"]:  # splits can put pieces back: never step back
                    state["done"] = done
                    progress(done, state["total"], PROGRESS_TEXT)

        doc.setProgressCallBack(on_progress)
        progress(0, state["total"], PROGRESS_TEXT)
    doc.build(story)
    if progress is not None:
        progress(state["total"], state["total"], PROGRESS_TEXT)
    return buffer.getvalue()


def write_pdf(
    document: OfficialDocument,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> Path:
    """Print ``document`` to the PDF file ``path``; ``ExportError`` if it cannot be written."""
    from reportlab.platypus.doctemplate import LayoutError

    target = Path(path)
    try:
        content = build_pdf_bytes(document, progress=progress)
    except LayoutError as exc:
        log.exception("The PDF of %s could not be laid out", document.key)
        raise ExportError(
            f"Không dựng được tệp PDF «{target.name}»: có một phần nội dung không xếp vừa "
            "trang giấy. Hãy rút ngắn nội dung quá dài rồi thử lại."
        ) from exc

    def write(handle: IO[bytes]) -> None:
        handle.write(content)

    return write_atomically(target, write, "tệp PDF", "chương trình đọc PDF")


__all__ = ["build_pdf_bytes", "register_fonts", "write_pdf"]
